//! The message loop: waiting for messages and checks, the protocol's
//! lifecycle, and what the server sends back.
//!
//! The loop waits for a client message, a finished check or the moment a
//! debounced check is due, whichever comes first; nothing it does waits for
//! a check. Requests that need findings (hover, code actions) are answered
//! from the check of the document's current text, waiting for it when the
//! text has just changed. A request with parameters that do not fit gets an
//! `InvalidParams` error, an unknown one `MethodNotFound`; a panic while
//! handling a message is answered with `InternalError` and the loop goes on.
//!
//! Requests are in [`requests`], notifications in [`notifications`], the
//! checks' start and end in [`checking`].

mod checking;
mod notifications;
mod requests;
#[cfg(test)]
mod tests;

use super::checks::{CheckFn, Scheduler};
use super::config::Configs;
use super::documents::Documents;
use super::transport::{Incoming, Outgoing, malformed_response};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::{CodeActionParams, HoverParams, MessageType, Uri};
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

/// A request answered from a document's findings.
#[derive(Debug)]
pub(crate) enum Deferred {
    Hover(HoverParams),
    CodeAction(Box<CodeActionParams>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before `initialize`.
    Starting,
    Running,
    /// After `shutdown`: only `exit` is expected.
    ShuttingDown,
}

/// What the client said it can do (from `initialize`).
#[derive(Debug, Default, Clone, Copy)]
struct ClientCaps {
    versioned_edits: bool,
    watch_files: bool,
}

pub(crate) struct Server {
    out: Sender<Outgoing>,
    phase: Phase,
    caps: ClientCaps,
    docs: Documents,
    configs: Configs,
    checks: Scheduler,
    /// Workspace folders (local ones).
    folders: Vec<(Uri, PathBuf)>,
    /// Messages shown once per session.
    shown: HashSet<String>,
    next_id: i32,
}

/// The exit code: 0 when `exit` follows `shutdown`, 1 otherwise.
fn exit_code(phase: Phase) -> u8 {
    if phase == Phase::ShuttingDown { 0 } else { 1 }
}

impl Server {
    pub(super) fn new(out: Sender<Outgoing>, configs: Configs, check: CheckFn) -> Server {
        Server {
            out,
            phase: Phase::Starting,
            caps: ClientCaps::default(),
            docs: Documents::default(),
            configs,
            checks: Scheduler::new(check),
            folders: Vec::new(),
            shown: HashSet::new(),
            next_id: 0,
        }
    }

    /// Serve until `exit` or the end of input; the exit code.
    pub(crate) fn run(mut self, incoming: &Receiver<Incoming>) -> u8 {
        let done = self.checks.done.clone();
        loop {
            let timer = match self.checks.next_due() {
                Some(at) => crossbeam_channel::at(at),
                None => crossbeam_channel::never(),
            };
            crossbeam_channel::select! {
                recv(incoming) -> item => match item {
                    Ok(Incoming::Message(m)) => {
                        if let Some(code) = self.handle(m) {
                            return code;
                        }
                    }
                    Ok(Incoming::Malformed { id, error }) => {
                        self.log(MessageType::WARNING, &format!("收到无效的消息：{error}"));
                        if let Some(reply) = malformed_response(id, error) {
                            self.send(reply);
                        }
                    }
                    // Input closed without `exit`.
                    Err(_) => return exit_code(self.phase),
                },
                recv(done) -> outcome => {
                    if let Ok(o) = outcome {
                        self.finished(o);
                    }
                }
                recv(timer) -> _ => {}
            }
            self.start_due_checks();
        }
    }

    fn send(&self, item: Outgoing) {
        // Fails only when the writer has stopped (the client is gone); the
        // loop ends when input ends.
        let _ = self.out.send(item);
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        let n = Notification::new(N::METHOD.to_owned(), params);
        self.send(Outgoing::Message(Message::Notification(n)));
    }

    fn respond(&self, response: Response) {
        self.send(Outgoing::Message(Message::Response(response)));
    }

    fn error(&self, id: RequestId, code: ErrorCode, message: impl Into<String>) {
        self.respond(Response::new_err(id, code as i32, message.into()));
    }

    fn log(&self, typ: MessageType, message: &str) {
        self.notify::<lsp_types::notification::LogMessage>(lsp_types::LogMessageParams {
            typ,
            message: message.to_owned(),
        });
    }

    /// Show a message in the editor, once per session for the same text.
    fn show_once(&mut self, typ: MessageType, message: String) {
        if self.shown.insert(message.clone()) {
            self.notify::<lsp_types::notification::ShowMessage>(lsp_types::ShowMessageParams {
                typ,
                message,
            });
        }
    }

    /// Handle one message; `Some(exit code)` to stop.
    fn handle(&mut self, message: Message) -> Option<u8> {
        match message {
            Message::Request(req) => {
                let id = req.id.clone();
                let method = req.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.request(req))).is_err() {
                    self.error(
                        id,
                        ErrorCode::InternalError,
                        format!("处理 {method} 时出现内部错误"),
                    );
                }
                None
            }
            Message::Notification(n) => {
                if n.method == lsp_types::notification::Exit::METHOD {
                    return Some(exit_code(self.phase));
                }
                let method = n.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
                    self.log(MessageType::ERROR, &format!("处理 {method} 时出现内部错误"));
                }
                None
            }
            // Answers to our own requests (registrations): nothing to do.
            Message::Response(_) => None,
        }
    }
}
