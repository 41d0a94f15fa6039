//! Checks seen from the message loop: starting the ones that are due,
//! publishing a finished one when its text is still the document's, and
//! answering the requests that waited for it.

use super::Server;
use crate::lsp::checks::{Analysis, Job, Outcome};
use crate::lsp::config::ProblemUpdate;
use lsp_types::{MessageType, PublishDiagnosticsParams, Uri};
use std::path::PathBuf;
use std::sync::Arc;

impl Server {
    pub(super) fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        self.notify::<lsp_types::notification::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }

    pub(super) fn publish_problems(&mut self) {
        for update in self.configs.problem_updates() {
            match update {
                ProblemUpdate::File(uri, diags) => self.publish(uri, diags, None),
                ProblemUpdate::Message(m) => self.show_once(MessageType::ERROR, m),
            }
        }
    }

    /// Start the checks that are due (not the ones already running).
    pub(super) fn start_due_checks(&mut self) {
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
    pub(super) fn finished(&mut self, o: Outcome) {
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
