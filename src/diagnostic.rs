//! What rules report.
//!
//! A rule reports a [`Finding`] with spans into the normalized text; the
//! engine turns it into a [`Diagnostic`] whose spans are bytes of the original
//! text. Output formats read only [`Diagnostic`]s.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location shown with a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A replacement of one span by new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// What a rule reports (spans in the normalized text).
#[derive(Debug, Clone, Default)]
pub struct Finding {
    /// `None` for a finding about the whole document.
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub labels: Vec<Label>,
    /// A safe fix, if the rule can offer one.
    pub fix: Option<Edit>,
    /// Overrides the rule's severity (rules with several outcomes).
    pub severity: Option<Severity>,
}

impl Finding {
    pub fn at(span: Span, message: impl Into<String>) -> Self {
        Finding {
            span: Some(span),
            message: message.into(),
            ..Finding::default()
        }
    }

    pub fn document(message: impl Into<String>) -> Self {
        Finding {
            span: None,
            message: message.into(),
            ..Finding::default()
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub(crate) fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub(crate) fn with_fix(mut self, span: Span, replacement: impl Into<String>) -> Self {
        self.fix = Some(Edit {
            span,
            replacement: replacement.into(),
        });
        self
    }

    pub(crate) fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = Some(severity);
        self
    }
}

/// A finding located in a file (spans are bytes of the original text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub fix: Option<Edit>,
}

impl Diagnostic {
    /// The order diagnostics are reported in: path, start, rule.
    pub(crate) fn sort_key(&self) -> (&str, usize, &str, usize) {
        let start = self.span.map_or(0, |s| s.start);
        let end = self.span.map_or(0, |s| s.end);
        (&self.path, start, &self.rule, end)
    }
}

/// Keep a finding off text the document does not contain — a Word
/// document's automatic numbers (`generated`, bytes of `text`): a fix that
/// touches them is dropped (nothing can edit them in the text), and a
/// finding on them says they are automatic numbering.
pub(crate) fn honour_generated(d: &mut Diagnostic, text: &str, generated: &[Span]) {
    // An insertion touches a number when it is at or inside it; a
    // replacement when they share a byte.
    let touches = |s: Span, g: &Span| {
        if s.is_empty() {
            g.start <= s.start && s.start < g.end
        } else {
            g.start < s.end && s.start < g.end
        }
    };
    if d.fix
        .as_ref()
        .is_some_and(|f| generated.iter().any(|g| touches(f.span, g)))
    {
        d.fix = None;
    }
    let mut numbers: Vec<&str> = Vec::new();
    for s in d.span.iter().chain(d.labels.iter().map(|l| &l.span)) {
        for g in generated.iter().filter(|g| touches(*s, g)) {
            let n = text.get(g.start..g.end).unwrap_or("").trim();
            if !numbers.contains(&n) {
                numbers.push(n);
            }
        }
    }
    if !numbers.is_empty() {
        let quoted: String = numbers.iter().map(|n| format!("“{n}”")).collect();
        d.notes.push(format!(
            "{quoted}是 Word 的自动编号（不在文字中，由 Word 按列表生成），不能在文字中修改：请在 Word 中调整编号或列表；手工输入的序号混在自动编号的列表中，是跳号、重号的常见原因"
        ));
    }
}
