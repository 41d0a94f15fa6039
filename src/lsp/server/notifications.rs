//! Notifications: documents opened, changed, saved and closed; configuration
//! and pack files changed; workspace folders; cancelled requests. Parameters
//! that do not fit are logged and the notification ignored.

use super::{Phase, Server};
use crate::lsp::checks::DEBOUNCE;
use crate::lsp::documents::Waiting;
use crate::lsp::transport::Outgoing;
use crate::lsp::uri;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams, MessageType,
    Uri,
};
use serde::de::DeserializeOwned;
use std::time::Duration;

impl Server {
    pub(super) fn notification(&mut self, n: Notification) {
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
            DidOpenTextDocument::METHOD => self.on(&method, params, Server::did_open),
            DidChangeTextDocument::METHOD => self.on(&method, params, Server::did_change),
            DidSaveTextDocument::METHOD => self.on(&method, params, Server::did_save),
            DidCloseTextDocument::METHOD => self.on(&method, params, Server::did_close),
            DidChangeWatchedFiles::METHOD => {
                self.on(&method, params, |s, p: DidChangeWatchedFilesParams| {
                    if p.changes.iter().any(|c| is_yaml(&c.uri)) {
                        s.configuration_changed();
                    }
                });
            }
            DidChangeWorkspaceFolders::METHOD => {
                self.on(&method, params, Server::workspace_folders_changed);
            }
            "$/cancelRequest" => {
                self.on(&method, params, |s, p: lsp_types::CancelParams| {
                    s.cancel(p.id)
                });
            }
            // Everything else ($/setTrace, didChangeConfiguration, …) needs
            // nothing from this server.
            _ => {}
        }
    }

    /// Handle a notification whose parameters fit `P`; log it otherwise.
    fn on<P: DeserializeOwned>(
        &mut self,
        method: &str,
        params: serde_json::Value,
        handle: impl FnOnce(&mut Server, P),
    ) {
        match serde_json::from_value(params) {
            Ok(p) => handle(self, p),
            Err(e) => self.log(MessageType::WARNING, &format!("{method} 的参数无效：{e}")),
        }
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let d = p.text_document;
        let replaced = self.docs.open(d.uri.clone(), d.version, d.text);
        self.content_modified(replaced);
        self.checks.schedule(&d.uri, Duration::ZERO);
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let uri = p.text_document.uri;
        let version = p.text_document.version;
        if let Some(waiting) = self.docs.change(&uri, version, p.content_changes) {
            self.content_modified(waiting);
            self.checks.schedule(&uri, DEBOUNCE);
        }
    }

    fn did_save(&mut self, p: DidSaveTextDocumentParams) {
        let uri = p.text_document.uri;
        if is_yaml(&uri) {
            self.configuration_changed();
        } else if self.docs.get(&uri).is_some() {
            // The configuration may have changed on disk meanwhile.
            self.checks.schedule(&uri, Duration::ZERO);
        }
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let uri = p.text_document.uri;
        if let Some(doc) = self.docs.close(&uri) {
            for w in doc.waiting {
                self.respond(Response::new_ok(w.id, ()));
            }
        }
        self.checks.forget(&uri);
        self.publish(uri, Vec::new(), None);
    }

    fn workspace_folders_changed(&mut self, p: DidChangeWorkspaceFoldersParams) {
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
}

/// Whether a URI names a YAML file (configuration or pack).
fn is_yaml(uri: &Uri) -> bool {
    let path = uri.as_str().split(['?', '#']).next().unwrap_or_default();
    path.ends_with(".yaml") || path.ends_with(".yml")
}
