//! Requests: the lifecycle (`initialize`, `shutdown`), and those answered
//! from a document's findings (hover, code actions), now or once its
//! current text has been checked; cancelling one that waits.

use super::{ClientCaps, Deferred, Phase, Server};
use crate::lsp::actions::{self, FIX_ALL, Target};
use crate::lsp::checks::Analysis;
use crate::lsp::documents::Waiting;
use crate::lsp::hover::hover;
use crate::lsp::uri;
use lsp_server::{ErrorCode, Request, RequestId, Response};
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionParams, CodeActionProviderCapability, HoverParams,
    HoverProviderCapability, InitializeResult, OneOf, PositionEncodingKind, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};
use serde::de::DeserializeOwned;
use std::time::Duration;

impl Server {
    pub(super) fn request(&mut self, req: Request) {
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

    pub(super) fn cancel(&mut self, id: lsp_types::NumberOrString) {
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

    pub(super) fn answer(
        &self,
        id: RequestId,
        uri: &Uri,
        version: i32,
        a: &Analysis,
        request: &Deferred,
    ) {
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
