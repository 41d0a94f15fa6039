//! The message loop: the protocol's lifecycle, and every request and
//! notification the server understands.
//!
//! The loop waits for a client message, a finished check or the moment a
//! debounced check is due, whichever comes first; nothing it does waits for
//! a check. Requests that need findings (hover, code actions) are answered
//! from the check of the document's current text, waiting for it when the
//! text has just changed. A request with parameters that do not fit gets an
//! `InvalidParams` error, an unknown one `MethodNotFound`; a panic while
//! handling a message is answered with `InternalError` and the loop goes on.

use super::actions::{self, FIX_ALL, Target};
use super::checks::{Analysis, CheckFn, DEBOUNCE, Job, Outcome, Scheduler};
use super::config::{Configs, ProblemUpdate};
use super::documents::{Documents, Waiting};
use super::hover::hover;
use super::transport::{Incoming, Outgoing, malformed_response};
use super::uri;
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams,
    HoverProviderCapability, InitializeResult, MessageType, OneOf, PositionEncodingKind,
    PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;
use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
    pub(crate) fn new(out: Sender<Outgoing>, configs: Configs, check: CheckFn) -> Server {
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

    fn request(&mut self, req: Request) {
        use lsp_types::request::{CodeActionRequest, HoverRequest, Initialize, Shutdown};
        let Request { id, method, params } = req;
        match (self.phase, method.as_str()) {
            (Phase::Starting, Initialize::METHOD) => self.initialize(id, &params),
            (Phase::Starting, _) => {
                self.error(id, ErrorCode::ServerNotInitialized, "服务器尚未初始化")
            }
            (Phase::ShuttingDown, _) => self.error(id, ErrorCode::InvalidRequest, "服务器正在关闭"),
            (Phase::Running, Initialize::METHOD) => {
                self.error(id, ErrorCode::InvalidRequest, "服务器已经初始化")
            }
            (Phase::Running, Shutdown::METHOD) => {
                self.phase = Phase::ShuttingDown;
                self.respond(Response::new_ok(id, ()));
            }
            (Phase::Running, HoverRequest::METHOD) => {
                if let Some(p) = self.params::<HoverParams>(&id, params) {
                    let uri = p.text_document_position_params.text_document.uri.clone();
                    self.on_document(id, &uri, Deferred::Hover(p));
                }
            }
            (Phase::Running, CodeActionRequest::METHOD) => {
                if let Some(p) = self.params::<CodeActionParams>(&id, params) {
                    let uri = p.text_document.uri.clone();
                    self.on_document(id, &uri, Deferred::CodeAction(Box::new(p)));
                }
            }
            (Phase::Running, _) => self.error(
                id,
                ErrorCode::MethodNotFound,
                format!("不支持的请求：{method}"),
            ),
        }
    }

    /// The parameters of a request, or an `InvalidParams` error.
    fn params<P: DeserializeOwned>(&self, id: &RequestId, params: serde_json::Value) -> Option<P> {
        match serde_json::from_value(params) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(
                    id.clone(),
                    ErrorCode::InvalidParams,
                    format!("参数无效：{e}"),
                );
                None
            }
        }
    }

    fn initialize(&mut self, id: RequestId, params: &serde_json::Value) {
        if !params.is_object() {
            self.error(
                id,
                ErrorCode::InvalidParams,
                "initialize 的参数应是一个对象",
            );
            return;
        }
        let flag = |pointer: &str| params.pointer(pointer).and_then(|v| v.as_bool()) == Some(true);
        self.caps = ClientCaps {
            versioned_edits: flag("/capabilities/workspace/workspaceEdit/documentChanges"),
            watch_files: flag("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration"),
        };
        let mut folders: Vec<String> = params
            .get("workspaceFolders")
            .and_then(|f| f.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|f| f.get("uri")?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if folders.is_empty() {
            folders.extend(
                params
                    .get("rootUri")
                    .and_then(|u| u.as_str())
                    .map(str::to_owned),
            );
        }
        self.folders = folders
            .iter()
            .filter_map(|s| s.parse::<Uri>().ok())
            .filter_map(|u| uri::to_path(&u).map(|p| (u, p)))
            .collect();
        let result = InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "reportlint".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
        };
        self.phase = Phase::Running;
        self.respond(Response::new_ok(id, result));
    }

    fn notification(&mut self, n: Notification) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders,
            DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Initialized,
        };
        if self.phase != Phase::Running {
            return;
        }
        let Notification { method, params } = n;
        match method.as_str() {
            Initialized::METHOD => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                if let Some(p) = self.notice::<DidOpenTextDocumentParams>(&method, params) {
                    let d = p.text_document;
                    let replaced = self.docs.open(d.uri.clone(), d.version, d.text);
                    self.content_modified(replaced);
                    self.checks.schedule(&d.uri, Duration::ZERO);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = self.notice::<DidChangeTextDocumentParams>(&method, params) {
                    let uri = p.text_document.uri;
                    let version = p.text_document.version;
                    if let Some(waiting) = self.docs.change(&uri, version, p.content_changes) {
                        self.content_modified(waiting);
                        self.checks.schedule(&uri, DEBOUNCE);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) = self.notice::<DidSaveTextDocumentParams>(&method, params) {
                    let uri = p.text_document.uri;
                    if is_yaml(&uri) {
                        self.configuration_changed();
                    } else if self.docs.get(&uri).is_some() {
                        // The configuration may have changed on disk meanwhile.
                        self.checks.schedule(&uri, Duration::ZERO);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = self.notice::<DidCloseTextDocumentParams>(&method, params) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.docs.close(&uri) {
                        for w in doc.waiting {
                            self.respond(Response::new_ok(w.id, ()));
                        }
                    }
                    self.checks.forget(&uri);
                    self.publish(uri, Vec::new(), None);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = self.notice::<DidChangeWatchedFilesParams>(&method, params) {
                    if p.changes.iter().any(|c| is_yaml(&c.uri)) {
                        self.configuration_changed();
                    }
                }
            }
            DidChangeWorkspaceFolders::METHOD => {
                if let Some(p) = self.notice::<DidChangeWorkspaceFoldersParams>(&method, params) {
                    let removed = p.event.removed;
                    self.folders
                        .retain(|(u, _)| !removed.iter().any(|r| r.uri == *u));
                    self.folders.extend(
                        p.event
                            .added
                            .into_iter()
                            .filter_map(|f| uri::to_path(&f.uri).map(|p| (f.uri, p))),
                    );
                }
            }
            "$/cancelRequest" => {
                if let Some(p) = self.notice::<lsp_types::CancelParams>(&method, params) {
                    self.cancel(p.id);
                }
            }
            // Everything else ($/setTrace, didChangeConfiguration, …) needs
            // nothing from this server.
            _ => {}
        }
    }

    /// The parameters of a notification; logged when they do not fit.
    fn notice<P: DeserializeOwned>(&self, method: &str, params: serde_json::Value) -> Option<P> {
        match serde_json::from_value(params) {
            Ok(p) => Some(p),
            Err(e) => {
                self.log(MessageType::WARNING, &format!("{method} 的参数无效：{e}"));
                None
            }
        }
    }

    /// Requests about text that has since changed: their positions no
    /// longer hold.
    fn content_modified(&self, waiting: Vec<Waiting>) {
        for w in waiting {
            self.error(w.id, ErrorCode::ContentModified, "文档已修改");
        }
    }

    /// Ask the client to report changes to YAML files (configuration and
    /// packs), when it lets servers register watchers.
    fn register_watchers(&mut self) {
        use lsp_types::{
            DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, Registration,
            RegistrationParams,
        };
        if !self.caps.watch_files {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml}".to_owned()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "reportlint-yaml".to_owned(),
                method: lsp_types::notification::DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_id += 1;
        let req = Request::new(
            RequestId::from(format!("reportlint-{}", self.next_id)),
            lsp_types::request::RegisterCapability::METHOD.to_owned(),
            params,
        );
        self.send(Outgoing::Message(Message::Request(req)));
    }

    /// A configuration or pack file changed: rebuild and recheck everything.
    fn configuration_changed(&mut self) {
        self.configs.reload();
        self.publish_problems();
        for uri in self.docs.uris() {
            self.checks.schedule(&uri, Duration::ZERO);
        }
    }

    fn cancel(&mut self, id: lsp_types::NumberOrString) {
        let id = match id {
            lsp_types::NumberOrString::Number(n) => RequestId::from(n),
            lsp_types::NumberOrString::String(s) => RequestId::from(s),
        };
        for uri in self.docs.uris() {
            let Some(doc) = self.docs.get_mut(&uri) else {
                continue;
            };
            if let Some(i) = doc.waiting.iter().position(|w| w.id == id) {
                let w = doc.waiting.remove(i);
                self.error(w.id, ErrorCode::RequestCanceled, "请求已取消");
                return;
            }
        }
    }

    /// Answer a request about a document now, or when its current text has
    /// been checked.
    fn on_document(&mut self, id: RequestId, uri: &Uri, request: Deferred) {
        let Some(doc) = self.docs.get_mut(uri) else {
            // Not open: nothing is known about it.
            self.respond(Response::new_ok(id, ()));
            return;
        };
        match doc.current().cloned() {
            Some(a) => {
                let version = doc.version;
                self.answer(id, uri, version, &a, &request);
            }
            None => {
                doc.waiting.push(Waiting { id, request });
                self.checks.schedule(uri, Duration::ZERO);
            }
        }
    }

    fn answer(&self, id: RequestId, uri: &Uri, version: i32, a: &Analysis, request: &Deferred) {
        let response = match request {
            Deferred::Hover(p) => {
                Response::new_ok(id, hover(a, p.text_document_position_params.position))
            }
            Deferred::CodeAction(p) => {
                let target = Target {
                    uri,
                    version,
                    versioned: self.caps.versioned_edits,
                };
                Response::new_ok(id, actions::code_actions(a, p, &target))
            }
        };
        self.respond(response);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    fn publish_problems(&mut self) {
        for update in self.configs.problem_updates() {
            match update {
                ProblemUpdate::File(uri, diags) => self.publish(uri, diags, None),
                ProblemUpdate::Message(m) => self.show_once(MessageType::ERROR, m),
            }
        }
    }

    /// Start the checks that are due (not the ones already running).
    fn start_due_checks(&mut self) {
        let due = self.checks.take_due();
        if due.is_empty() {
            return;
        }
        let folders: Vec<PathBuf> = self.folders.iter().map(|(_, p)| p.clone()).collect();
        for uri in due {
            let Some(doc) = self.docs.get(&uri) else {
                continue;
            };
            let profile = self.configs.profile_for(doc.path.as_deref(), &folders);
            let job = Job {
                name: doc.name(&uri),
                revision: doc.revision,
                path: doc.path.clone(),
                text: Arc::clone(&doc.text),
                profile,
                uri,
            };
            self.checks.start(job);
        }
        self.publish_problems();
    }

    /// A check ended: publish it if its text is still the document's.
    fn finished(&mut self, o: Outcome) {
        self.checks.finished(&o.uri);
        let Some(doc) = self.docs.get_mut(&o.uri) else {
            return;
        };
        if o.revision != doc.revision {
            // Older text; the newer revision is due for its own check.
            return;
        }
        let analysis = match o.result {
            Ok(a) => {
                doc.failed = false;
                a
            }
            Err(panic) => {
                let first = !doc.failed;
                doc.failed = true;
                let name = doc.name(&o.uri);
                let text = Arc::clone(&doc.text);
                let message = format!(
                    "检查 {name} 时 reportlint 出现内部错误（{panic}），本文档暂不显示问题；请报告这个错误"
                );
                self.log(MessageType::ERROR, &message);
                if first {
                    self.notify::<lsp_types::notification::ShowMessage>(
                        lsp_types::ShowMessageParams {
                            typ: MessageType::ERROR,
                            message,
                        },
                    );
                }
                Analysis {
                    revision: o.revision,
                    text,
                    findings: Vec::new(),
                    published: Vec::new(),
                    profile: None,
                }
            }
        };
        let Some(doc) = self.docs.get_mut(&o.uri) else {
            return;
        };
        let analysis = Arc::new(analysis);
        doc.analysis = Some(Arc::clone(&analysis));
        let version = doc.version;
        let waiting = std::mem::take(&mut doc.waiting);
        self.publish(o.uri.clone(), analysis.published.clone(), Some(version));
        for w in waiting {
            self.answer(w.id, &o.uri, version, &analysis, &w.request);
        }
    }
}

/// Whether a URI names a YAML file (configuration or pack).
fn is_yaml(uri: &Uri) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    path.ends_with(".yaml") || path.ends_with(".yml")
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::source::SourceFile;
    use serde_json::json;

    fn server(check: CheckFn) -> (Server, Receiver<Outgoing>) {
        let (tx, rx) = crossbeam_channel::unbounded();
        let args = crate::cli::PackArgs {
            packs: vec![],
            config: None,
            isolated: true,
        };
        let mut s = Server::new(tx, Configs::new(&args), check);
        s.handle(Message::Request(Request::new(
            RequestId::from(1),
            "initialize".to_owned(),
            json!({"capabilities": {}}),
        )));
        (s, rx)
    }

    fn notify(s: &mut Server, method: &str, params: serde_json::Value) {
        s.handle(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    }

    /// Start the document's check now and wait for it to end (not handled yet).
    fn check_now(s: &mut Server, uri: &Uri) -> Outcome {
        s.checks.schedule(uri, Duration::ZERO);
        s.start_due_checks();
        s.checks.done.recv_timeout(Duration::from_secs(60)).unwrap()
    }

    /// The notifications sent so far with this method.
    fn sent(rx: &Receiver<Outgoing>, method: &str) -> Vec<serde_json::Value> {
        rx.try_iter()
            .filter_map(|o| match o {
                Outgoing::Message(Message::Notification(n)) if n.method == method => Some(n.params),
                _ => None,
            })
            .collect()
    }

    const URI: &str = "file:///tmp/reportlint-server-test/r.txt";

    fn open(s: &mut Server, text: &str) -> Uri {
        notify(
            s,
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        URI.parse().unwrap()
    }

    fn change(s: &mut Server, version: i32, text: &str) {
        notify(
            s,
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    #[test]
    fn a_result_for_older_text_is_never_published() {
        let (mut s, rx) = server(super::super::checks::check_with_profile);
        let uri = open(&mut s, "加快建设法制政府。\n");
        let old = check_now(&mut s, &uri);
        // The text changes while the check of version 1 runs.
        change(&mut s, 2, "加快建设法治政府。\n");
        s.finished(old);
        assert!(sent(&rx, "textDocument/publishDiagnostics").is_empty());
        let new = check_now(&mut s, &uri);
        s.finished(new);
        let published = sent(&rx, "textDocument/publishDiagnostics");
        assert_eq!(published.len(), 1);
        assert_eq!(published[0]["version"], 2);
        assert!(!published[0].to_string().contains("fazhi-not-fazhi"));
    }

    #[test]
    fn a_panicking_check_is_reported_once_and_the_server_goes_on() {
        fn boom(_: &crate::lsp::config::Profile, _: &SourceFile) -> Vec<Diagnostic> {
            panic!("规则出错")
        }
        let (mut s, rx) = server(boom);
        let uri = open(&mut s, "加快建设法制政府。\n");
        let o = check_now(&mut s, &uri);
        s.finished(o);
        let shown = sent(&rx, "window/showMessage");
        assert_eq!(shown.len(), 1, "{shown:?}");
        assert!(shown[0]["message"].as_str().unwrap().contains("规则出错"));
        change(&mut s, 2, "又一版。\n");
        let o = check_now(&mut s, &uri);
        s.finished(o);
        let published = rx.try_iter().collect::<Vec<_>>();
        let methods: Vec<String> = published
            .iter()
            .filter_map(|o| match o {
                Outgoing::Message(Message::Notification(n)) => Some(n.method.clone()),
                _ => None,
            })
            .collect();
        assert!(
            !methods.contains(&"window/showMessage".to_owned()),
            "{methods:?}"
        );
        assert!(
            methods.contains(&"window/logMessage".to_owned()),
            "{methods:?}"
        );
        assert!(methods.contains(&"textDocument/publishDiagnostics".to_owned()));
        // Requests are still answered.
        s.handle(Message::Request(Request::new(
            RequestId::from(2),
            "textDocument/hover".to_owned(),
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
        )));
        let answered = rx.try_iter().any(|o| {
            matches!(o, Outgoing::Message(Message::Response(r)) if r.id == RequestId::from(2) && r.response_result.is_ok())
        });
        assert!(answered);
    }
}
