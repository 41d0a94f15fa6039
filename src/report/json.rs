//! `--format json`: one JSON document, a contract scripts rely on.
//!
//! ```text
//! {"version":1,
//!  "diagnostics":[{"path","rule","severity","message","span":{"start","end"}|null,
//!                  "line","column","end_line","end_column","help"}],
//!  "errors":[{"path","message"}],
//!  "summary":{"files","errors","warnings","infos","unreadable"}}
//! ```
//! Spans are bytes of the file as stored when it is UTF-8 (a BOM counted), else
//! of its UTF-8 decoding; lines and columns are 1-based, columns count
//! characters, `end_column` is exclusive. `errors` lists the files that
//! could not be read (counted in `summary.unreadable`) or written (`--fix`). Extra fields (`labels`, `notes`,
//! `fix`) may be added; existing ones never change meaning.

use super::{Checked, FileError, LineIndex, Summary};
use crate::span::Span;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    errors: Vec<JsonError<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonError<'a> {
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    span: Option<Span>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    labels: Vec<JsonLabel<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    span: Span,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    span: Span,
    replacement: &'a str,
}

/// Write the JSON report to `w`. Generic over the writer, so that the
/// serializer's many small writes reach a buffer without a virtual call each.
pub fn render_json<W: Write + ?Sized>(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut W,
) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for c in checked {
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let span = d.span.unwrap_or_default();
            let (start, end) = (index.line_col(span.start), index.line_col(span.end));
            diagnostics.push(JsonDiagnostic {
                path: &c.name,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                span: d.span,
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: d.help.as_deref(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| JsonLabel {
                        span: l.span,
                        message: &l.message,
                    })
                    .collect(),
                notes: &d.notes,
                fix: d.fix.as_ref().map(|f| JsonFix {
                    span: f.span,
                    replacement: &f.replacement,
                }),
            });
        }
    }
    let out = Output {
        version: 1,
        diagnostics,
        errors: failed
            .iter()
            .map(|e| JsonError {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
        summary: Summary::of(checked, failed),
    };
    serde_json::to_writer_pretty(&mut *w, &out)?;
    writeln!(w)
}
