//! Checks run off the message loop.
//!
//! A document is checked when it is opened or saved, and after a pause in
//! typing (a change waits [`DEBOUNCE`] for the next one). Checks run on the
//! thread pool, at most one per document at a time: a document changed while
//! its check runs is checked again when that one ends, and a result for an
//! older revision is dropped. The message loop never waits for a check, so
//! a 1 MB document stays responsive. A panic in a check is caught; the
//! document then has no findings until a later check succeeds.

use super::config::Profile;
use super::diagnostics;
use super::position::IndexedText;
use crate::diagnostic::{Diagnostic, Severity};
use crate::read::format_size;
use crate::source::SourceFile;
use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use std::collections::{HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a change waits for the next keystroke before it is checked.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(200);

/// How a profile checks a document (replaced in tests).
pub(crate) type CheckFn = fn(&Profile, &SourceFile) -> Vec<Diagnostic>;

/// The default [`CheckFn`].
pub(crate) fn check_with_profile(profile: &Profile, file: &SourceFile) -> Vec<Diagnostic> {
    profile.check(file)
}

/// One document revision, checked.
pub(crate) struct Analysis {
    pub(crate) revision: u64,
    pub(crate) text: Arc<IndexedText>,
    /// The findings, in the engine's order.
    pub(crate) findings: Vec<Diagnostic>,
    /// `findings` as published, one for one.
    pub(crate) published: Vec<lsp_types::Diagnostic>,
    /// What it was checked with (`None`: nothing loaded, or excluded).
    pub(crate) profile: Option<Arc<Profile>>,
}

/// What a check needs, taken on the message loop.
pub(crate) struct Job {
    pub(crate) uri: Uri,
    pub(crate) revision: u64,
    pub(crate) name: String,
    pub(crate) path: Option<PathBuf>,
    pub(crate) text: Arc<IndexedText>,
    pub(crate) profile: Option<Arc<Profile>>,
}

/// A finished check.
pub(crate) struct Outcome {
    pub(crate) uri: Uri,
    pub(crate) revision: u64,
    /// The analysis, or what the panic said.
    pub(crate) result: Result<Analysis, String>,
}

impl Job {
    fn run(self, check: CheckFn) -> Outcome {
        let Job {
            uri,
            revision,
            name,
            path,
            text,
            profile,
        } = self;
        let active = profile.filter(|p| !path.as_deref().is_some_and(|f| p.excludes(f)));
        let findings = match &active {
            None => Ok(Vec::new()),
            Some(p) if text.as_str().len() as u64 > p.max_file_size => {
                Ok(vec![too_large(&name, text.as_str().len(), p.max_file_size)])
            }
            Some(p) => {
                let file = SourceFile::from_text(name, text.as_str());
                catch_unwind(AssertUnwindSafe(|| check(p, &file))).map_err(panic_message)
            }
        };
        let text_for_result = text;
        let result = findings.map(|findings| {
            let text = text_for_result;
            let published = findings
                .iter()
                .map(|d| diagnostics::finding(d, &text, &uri))
                .collect();
            Analysis {
                revision,
                text,
                findings,
                published,
                profile: active,
            }
        });
        Outcome {
            uri,
            revision,
            result,
        }
    }
}

/// The rule id of the one finding on a document too large to check.
pub(crate) const TOO_LARGE: &str = "reportlint/too-large";

/// Why a document larger than the configuration's `max_file_size` has no
/// other findings: as `check` refuses such a file, the server does not
/// check it (an editor would wait for it, and it would take the memory).
fn too_large(name: &str, len: usize, limit: u64) -> Diagnostic {
    Diagnostic {
        path: name.to_owned(),
        rule: TOO_LARGE.to_owned(),
        severity: Severity::Warning,
        message: format!(
            "文档大小 {} 超过文件大小上限 {}，未检查",
            format_size(len as u64),
            format_size(limit)
        ),
        span: None,
        help: Some("可在 reportlint.yaml 中用 max_file_size 调整上限".to_owned()),
        labels: Vec::new(),
        notes: Vec::new(),
        fix: None,
    }
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知错误".to_owned())
}

/// When each document is due for a check, and which are being checked.
pub(crate) struct Scheduler {
    due: HashMap<Uri, Instant>,
    running: HashSet<Uri>,
    done_tx: Sender<Outcome>,
    pub(crate) done: Receiver<Outcome>,
    check: CheckFn,
}

impl Scheduler {
    pub(super) fn new(check: CheckFn) -> Scheduler {
        let (done_tx, done) = crossbeam_channel::unbounded();
        Scheduler {
            due: HashMap::new(),
            running: HashSet::new(),
            done_tx,
            done,
            check,
        }
    }

    /// Check `uri` after `delay` (or sooner, if it is due sooner already).
    pub(crate) fn schedule(&mut self, uri: &Uri, delay: Duration) {
        let at = Instant::now() + delay;
        let due = self.due.entry(uri.clone()).or_insert(at);
        *due = (*due).min(at);
    }

    pub(crate) fn forget(&mut self, uri: &Uri) {
        self.due.remove(uri);
    }

    /// The earliest moment a waiting check may start.
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.due
            .iter()
            .filter(|(uri, _)| !self.running.contains(*uri))
            .map(|(_, at)| *at)
            .min()
    }

    /// The documents whose check should start now.
    pub(crate) fn take_due(&mut self) -> Vec<Uri> {
        let now = Instant::now();
        let ready: Vec<Uri> = self
            .due
            .iter()
            .filter(|(uri, at)| **at <= now && !self.running.contains(*uri))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in &ready {
            self.due.remove(uri);
        }
        ready
    }

    pub(crate) fn start(&mut self, job: Job) {
        self.running.insert(job.uri.clone());
        let done = self.done_tx.clone();
        let check = self.check;
        rayon::spawn(move || {
            // `run` catches panics of the check itself; nothing else in it
            // can fail, and a send fails only when the server has exited.
            let _ = done.send(job.run(check));
        });
    }

    /// A check of `uri` ended.
    pub(crate) fn finished(&mut self, uri: &Uri) {
        self.running.remove(uri);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn job(text: &str) -> Job {
        let args = crate::cli::RuleSources {
            packs: vec![],
            config: None,
            isolated: true,
        };
        let profile = super::super::config::Configs::new(&args).profile_for(None, &[]);
        assert!(profile.is_some());
        Job {
            uri: Uri::from_str("untitled:1").unwrap(),
            revision: 3,
            name: "untitled:1".to_owned(),
            path: None,
            text: Arc::new(IndexedText::new(text.to_owned())),
            profile,
        }
    }

    #[test]
    fn a_panicking_check_is_caught() {
        fn boom(_: &Profile, _: &SourceFile) -> Vec<Diagnostic> {
            panic!("规则出错")
        }
        let out = job("加快建设法制政府。").run(boom);
        assert_eq!(out.result.err().as_deref(), Some("规则出错"));
        let out = job("加快建设法制政府。").run(check_with_profile);
        let a = out.result.unwrap();
        assert_eq!(a.revision, 3);
        assert!(a.findings.iter().any(|d| d.rule == "fazhi/fazhi-not-fazhi"));
        assert_eq!(a.findings.len(), a.published.len());
    }

    #[test]
    fn due_documents_wait_for_their_running_check() {
        let mut s = Scheduler::new(check_with_profile);
        let uri = Uri::from_str("untitled:1").unwrap();
        s.schedule(&uri, Duration::ZERO);
        assert_eq!(s.take_due(), vec![uri.clone()]);
        s.start(job("x"));
        s.schedule(&uri, Duration::ZERO);
        assert!(s.take_due().is_empty(), "one check at a time");
        assert_eq!(s.next_due(), None);
        let done = s.done.recv_timeout(Duration::from_secs(30)).unwrap();
        s.finished(&done.uri);
        assert_eq!(s.take_due(), vec![uri]);
    }
}
