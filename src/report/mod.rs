//! Output formats. The engine returns data; these modules render it.
//!
//! Every format renders each [`Checked`] document (with its text, so lines
//! and columns can be computed) into a part of its own, and writes the
//! parts in an envelope to a `Write` ([`Report`]).

mod excerpt;
mod explain;
mod github;
mod human;
mod json;
mod junit;
mod lines;
mod part;
mod pretty;
mod rdjson;
mod sarif;
mod short;

pub use explain::explanation;
pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub use junit::render_junit;
pub use lines::{LineCol, LineIndex};
pub use part::{Format, Part, Report};
pub use rdjson::render_rdjson;
pub use sarif::render_sarif;
pub use short::render_short;

use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

/// A file the run could not read (so it was not checked), or whose fixes
/// could not be written (`--fix`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    /// The path as shown everywhere ([`relative_path`]).
    pub path: String,
    /// What went wrong, in the user's words.
    pub message: String,
    /// Reading failed; otherwise the file was checked but writing failed.
    pub unreadable: bool,
}

impl FileError {
    /// A file that could not be read, so was not checked.
    pub(crate) fn unreadable(path: String, message: String) -> FileError {
        FileError {
            path,
            message,
            unreadable: true,
        }
    }

    /// A file that was checked but whose fixes (or commented copy) could
    /// not be written.
    pub(crate) fn unwritten(path: String, message: String) -> FileError {
        FileError {
            path,
            message,
            unreadable: false,
        }
    }
}

/// One checked document: its name, text and findings (sorted).
#[derive(Debug)]
pub struct Checked {
    pub name: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// What machine formats (SARIF, rdjson) say about a rule.
#[derive(Debug, Clone)]
pub struct RuleMeta<'a> {
    pub id: &'a str,
    /// One line, for `shortDescription`.
    pub summary: &'a str,
    /// The rule's Markdown documentation (`reportlint explain`).
    pub docs: &'a str,
    /// The severity it reports with in this run (`None`: switched off).
    pub severity: Option<Severity>,
}

/// Where the tool lives, for formats that link to it.
pub(crate) const INFORMATION_URI: &str = match option_env!("CARGO_PKG_HOMEPAGE") {
    Some(h) if !h.is_empty() => h,
    _ => "https://crates.io/crates/reportlint",
};

/// A document name as shown in every format: a forward-slash path relative
/// to the current directory when it lies inside it (CI annotations want
/// repository-relative paths), else as given; never with a leading `./`
/// (`reportlint check` of the current directory shows `draft.txt`, like
/// `reportlint check draft.txt`).
pub(crate) fn relative_path(name: &str) -> String {
    let path = std::path::Path::new(name);
    let rel = if path.is_absolute() {
        current_dir()
            .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let mut s = rel.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.trim_start_matches('/').to_owned();
    }
    if s.is_empty() { ".".to_owned() } else { s }
}

/// The current directory, asked once: a run over many files names every
/// one of them, and nothing in the program changes directory.
fn current_dir() -> Option<&'static std::path::Path> {
    static CWD: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

/// A path for line-based output (human, short, github, messages): control
/// characters (a newline in a file name would start a new finding) and
/// bidirectional-text controls (which reorder what a terminal shows) written
/// as escapes: `\n`, `\t`, `\u{202e}`; in such a name backslashes are
/// doubled, so the escapes stay unambiguous.
pub(crate) fn escape_path(path: &str) -> String {
    let special = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !path.chars().any(special) {
        return path.to_owned();
    }
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if special(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Files that could not be read (not counted in `files`).
    pub unreadable: usize,
}

impl Summary {
    pub fn of(checked: &[Checked], failed: &[FileError]) -> Summary {
        Summary::total(checked.iter().map(Summary::of_document), failed)
    }

    /// What [`Summary::of`] says of the documents whose `parts` were
    /// rendered ahead.
    pub fn of_parts(parts: &[Part], failed: &[FileError]) -> Summary {
        Summary::total(parts.iter().map(|p| p.counts), failed)
    }

    /// One document's findings by severity (`files` 1).
    fn of_document(c: &Checked) -> Summary {
        let mut s = Summary {
            files: 1,
            ..Summary::default()
        };
        for d in &c.diagnostics {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }

    /// The documents' counts added up, and the files that could not be read.
    fn total(documents: impl Iterator<Item = Summary>, failed: &[FileError]) -> Summary {
        documents.fold(
            Summary {
                unreadable: failed.iter().filter(|e| e.unreadable).count(),
                ..Summary::default()
            },
            |s, d| Summary {
                files: s.files + d.files,
                errors: s.errors + d.errors,
                warnings: s.warnings + d.warnings,
                infos: s.infos + d.infos,
                unreadable: s.unreadable,
            },
        )
    }

    /// The last line of human output: `检查了 2 个文件：1 个错误，0 个警告，0 个提示；1 个文件无法读取。`
    pub(crate) fn sentence(&self, unwritten: usize) -> String {
        let total = self.errors + self.warnings + self.infos;
        let mut line = if total == 0 {
            format!("检查了 {} 个文件，没有发现问题", self.files)
        } else {
            format!(
                "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示",
                self.files, self.errors, self.warnings, self.infos
            )
        };
        if self.unreadable > 0 {
            line.push_str(&format!("；{} 个文件无法读取", self.unreadable));
        }
        if unwritten > 0 {
            line.push_str(&format!("；{unwritten} 个文件的修复未能写入"));
        }
        line.push('。');
        line
    }

    /// Whether any finding is at or above `level`.
    pub fn fails(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}
