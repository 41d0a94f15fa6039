//! Output formats. The engine returns data; these modules render it.
//!
//! Every format reads the same [`Checked`] documents (each with its text, so
//! lines and columns can be computed) and writes to a `Write`.

mod excerpt;
mod human;
mod json;
mod lines;
mod short;

pub use human::render_human;
pub use json::render_json;
pub use lines::{LineCol, LineIndex};
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
