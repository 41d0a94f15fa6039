//! One document of a `check` run: read and decode it, lint it with every
//! setting of the run (severities per path, `--select`/`--ignore`, the
//! baseline), then, by mode, write its commented copy (`--annotate`), show
//! its fixes (`--diff`) or write them (`--fix`, re-checking the fixed text).
//!
//! Memory: the bytes as stored are kept only in fix mode (to prove the file
//! survives re-encoding before it is written), and the bytes of a Word
//! package only for a Word document; otherwise the decoded text is the one
//! copy of a document the run holds, and only while it is checked: in
//! report and fix modes its part of the report is rendered as soon as it
//! is checked ([`Part`]), and its text and findings let go.

use super::files::Input;
use super::setup::{self, PathRules};
use super::word::{self, Annotate};
use crate::baseline::Matcher;
use crate::diagnostic::Diagnostic;
use crate::engine::Engine;
use crate::report::{Checked, FileError, Part, Report, relative_path};
use crate::rules::CheckOptions;
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// From this size on, a document is checked holding one copy of its text
/// where it can (see [`Engine::check_configured_owned`]): two copies of a
/// 100 MB file would be most of the run's memory. A smaller document keeps
/// both, since putting the original back costs time and its copy little memory.
const LEAN_FROM: usize = 8 << 20;

/// What a run does with each document besides reporting its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode<'a> {
    /// Report findings (and, with `--annotate`, write commented copies).
    Report,
    /// `--fix`: write the fixes, report what is left.
    Fix,
    /// `--diff`: show the fixes as a unified diff, write nothing.
    Diff,
    /// `--write-baseline FILE`: record every finding instead of reporting.
    WriteBaseline(&'a Path),
}

impl Mode<'_> {
    /// Whether the run computes fixes (and so cannot take Word documents).
    fn fixes(self) -> bool {
        matches!(self, Mode::Fix | Mode::Diff)
    }
}

/// Everything the per-document work needs, shared across threads.
pub(super) struct Run<'a> {
    pub(super) engine: &'a Engine,
    pub(super) options: CheckOptions,
    pub(super) select: &'a [String],
    pub(super) ignore: &'a [String],
    pub(super) per_path: &'a [PathRules],
    /// The directory `per_path` globs are relative to.
    pub(super) base: PathBuf,
    pub(super) baseline: Option<Matcher>,
    pub(super) mode: Mode<'a>,
    /// The name standard input is shown with.
    pub(super) stdin_name: String,
    /// The largest input read, in bytes.
    pub(super) max_file_size: u64,
    /// `--annotate`: where commented copies of Word documents go.
    pub(super) annotate: Option<Annotate>,
    /// `--convert`: legacy Word/WPS documents are converted to be checked.
    pub(super) convert: bool,
    /// The report (report and fix modes): each document's part is rendered
    /// ahead, and its text is not kept.
    pub(super) report: Option<&'a Report<'a>>,
}

/// The result of one document.
pub(super) struct Outcome {
    /// The document as reported: after `--fix`, the text as written.
    pub(super) checked: Checked,
    /// Findings before the baseline filter (for `--write-baseline`; empty
    /// in the other modes).
    pub(super) all: Vec<Diagnostic>,
    /// `--diff`: the fixes as a unified diff (empty when there are none).
    pub(super) diff: String,
    /// `--fix`: fixes written.
    pub(super) fixes: usize,
    /// The document was checked but a file could not be written (its fixes,
    /// or its commented copy).
    pub(super) unwritten: Option<FileError>,
    /// The commented copy written (`--annotate`), and its number of comments.
    pub(super) annotated: Option<(PathBuf, usize)>,
    /// The document's part of the report, rendered ahead (report and fix
    /// modes); the text and the findings of `checked` are then empty.
    pub(super) part: Option<std::io::Result<Part>>,
}

impl Outcome {
    fn new(file: SourceFile, diagnostics: Vec<Diagnostic>, all: Vec<Diagnostic>) -> Outcome {
        Outcome {
            checked: Checked {
                name: file.name,
                text: file.text,
                diagnostics,
            },
            all,
            diff: String::new(),
            fixes: 0,
            unwritten: None,
            annotated: None,
            part: None,
        }
    }

    /// Render the document's part of the `report`, and let the text and
    /// the findings go.
    fn written_ahead(mut self, report: &Report<'_>) -> Outcome {
        self.part = Some(report.part(&self.checked));
        self.checked.text = String::new();
        self.checked.diagnostics = Vec::new();
        self
    }

    fn unwritten(mut self, message: String) -> Outcome {
        self.unwritten = Some(FileError::unwritten(self.checked.name.clone(), message));
        self
    }
}

/// Findings on one text: all of them (`--write-baseline` only, else none),
/// and those reported (not in the baseline).
type Findings = (Vec<Diagnostic>, Vec<Diagnostic>);

impl Run<'_> {
    /// Check one input in the run's mode.
    pub(super) fn document(&self, input: &Input) -> Result<Outcome, FileError> {
        let (name, path) = match input {
            Input::Path(p) => (relative_path(&p.to_string_lossy()), Some(p.clone())),
            Input::Stream(p) => (relative_path(&p.to_string_lossy()), None),
            Input::Stdin => (self.stdin_name.clone(), None),
        };
        let bytes = input
            .read(self.max_file_size)
            .map_err(|e| FileError::unreadable(name.clone(), format!("无法读取：{e}")))?;
        let stored = (self.mode == Mode::Fix).then(|| bytes.clone());
        let (file, package) = word::decode(&name, bytes, self.convert)
            .map_err(|message| FileError::unreadable(name.clone(), message))?;
        if file.docx.is_some() && self.mode.fixes() {
            return Err(FileError::unwritten(name, word::NO_FIX.to_owned()));
        }
        let mut file = file;
        let findings = self.lint(&mut file);
        let outcome = if self.mode.fixes() {
            self.fix(file, path.as_deref(), stored.as_deref(), findings)
        } else {
            self.annotate(file, path.as_deref(), package.as_deref(), findings)
        };
        Ok(match self.report {
            Some(report) => outcome.written_ahead(report),
            None => outcome,
        })
    }

    /// Check one document with every setting applied. On a large document
    /// the engine may give up its copy of the original text while it checks
    /// (see [`Engine::check_configured_owned`]); the text is the same after.
    fn lint(&self, file: &mut SourceFile) -> Findings {
        let resolve = setup::severity_resolver(
            self.per_path,
            &self.base,
            &file.name,
            self.select,
            self.ignore,
        );
        let all = if file.text.len() >= LEAN_FROM {
            self.engine
                .check_configured_owned(file, &self.options, &resolve)
        } else {
            self.engine.check_configured(file, &self.options, &resolve)
        };
        // Only a baseline being written records the findings the baseline
        // in use filters out: no other mode needs a second copy of them.
        let (all, found) = match self.mode {
            Mode::WriteBaseline(_) => (all.clone(), all),
            _ => (Vec::new(), all),
        };
        let reported = match &self.baseline {
            Some(m) => m.filter(&relative_path(&file.name), &file.text, found),
            None => found,
        };
        (all, reported)
    }

    /// Report mode: the findings, and the commented copy of a Word document
    /// (`--annotate`; `package` is its bytes).
    fn annotate(
        &self,
        file: SourceFile,
        path: Option<&Path>,
        package: Option<&[u8]>,
        (all, reported): Findings,
    ) -> Outcome {
        let name = file.name.clone();
        let outcome = Outcome::new(file, reported, all);
        let (Some(to), Some(package)) = (&self.annotate, package) else {
            return outcome;
        };
        match word::write_annotated(to, path, &name, package, &outcome.checked.diagnostics) {
            Ok(p) => Outcome {
                annotated: Some((p, outcome.checked.diagnostics.len())),
                ..outcome
            },
            Err(e) => outcome.unwritten(e),
        }
    }

    /// Fix and diff modes: apply the fixes round after round (one fix can
    /// make another possible), then show them or write them. `stored`: the
    /// file's bytes as read (fix mode).
    fn fix(
        &self,
        file: SourceFile,
        path: Option<&Path>,
        stored: Option<&[u8]>,
        (all, reported): Findings,
    ) -> Outcome {
        let recheck = |text: &str| {
            self.lint(&mut SourceFile {
                name: file.name.clone(),
                text: text.to_owned(),
                encoding: file.encoding,
                docx: None,
            })
        };
        let (fixed, last) =
            crate::fix::apply_rounds(&file.text, &reported, recheck, |(_, reported)| {
                reported.as_slice()
            });
        let Some((all_left, reported_left)) = last else {
            return Outcome::new(file, reported, all);
        };
        if self.mode == Mode::Diff {
            let diff =
                crate::fix::unified_diff(&relative_path(&file.name), &file.text, &fixed.text);
            return Outcome {
                diff,
                ..Outcome::new(file, reported, all)
            };
        }
        let Some(path) = path else {
            return Outcome::new(file, reported, all);
        };
        let stored = stored.unwrap_or(file.text.as_bytes());
        if let Err(e) =
            super::write::write_fixed(path, &fixed.text, file.encoding, &file.text, stored)
        {
            return Outcome::new(file, reported, all).unwritten(e);
        }
        // Report what is left in the text as written.
        let written = SourceFile {
            text: fixed.text,
            ..file
        };
        Outcome {
            fixes: fixed.applied,
            ..Outcome::new(written, reported_left, all_left)
        }
    }
}
