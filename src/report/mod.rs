//! Output formats. The engine returns data; these modules render it.
//!
//! Every format reads the same [`Checked`] documents (each with its text, so
//! lines and columns can be computed) and writes to a `Write`.

mod excerpt;
mod github;
mod human;
mod json;
mod junit;
mod lines;
mod rdjson;
mod sarif;
mod short;

pub use github::render_github;
pub use human::render_human;
pub use json::render_json;
pub use junit::render_junit;
pub use lines::{LineCol, LineIndex};
pub use rdjson::render_rdjson;
pub use sarif::render_sarif;
pub use short::render_short;

use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

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
pub const INFORMATION_URI: &str = match option_env!("CARGO_PKG_HOMEPAGE") {
    Some(h) if !h.is_empty() => h,
    _ => "https://crates.io/crates/reportlint",
};

/// A document name as a forward-slash path relative to the current
/// directory when it lies inside it (CI annotations want repository-relative
/// paths), else as given.
pub fn relative_path(name: &str) -> String {
    let path = std::path::Path::new(name);
    let rel = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(|p| p.to_path_buf()))
            .unwrap_or_else(|| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(checked: &[Checked]) -> Summary {
        let mut s = Summary {
            files: checked.len(),
            ..Summary::default()
        };
        for d in checked.iter().flat_map(|c| &c.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
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
