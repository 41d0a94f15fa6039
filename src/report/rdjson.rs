//! `--format rdjson`: the Reviewdog Diagnostic Format (one JSON document), for
//! `reviewdog -f=rdjson` to post findings as pull/merge request reviews.
//!
//! Each diagnostic has a message, a location (path and range), severity
//! (`ERROR`, `WARNING`, `INFO`), `code` (rule id and a documentation URL) and,
//! when the finding carries a fix, a suggestion. As the format prescribes,
//! columns count **UTF-8 bytes** from 1 (a Chinese character is 3 bytes);
//! the end position is exclusive. A file that could not be read (or written)
//! is an `ERROR` diagnostic with its path and no range.

use super::pretty::Pretty;
use super::{
    Checked, FileError, Format, INFORMATION_URI, LineIndex, Part, Report, Summary, relative_path,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use serde_json::{Value, json};
use std::io::{self, Write};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// 1-based line and UTF-8 byte column of a byte offset.
fn position(index: &LineIndex<'_>, offset: usize) -> Value {
    let at = index.line_byte_col(offset);
    json!({"line": at.line, "column": at.column})
}

fn range(index: &LineIndex<'_>, span: Span) -> Value {
    json!({"start": position(index, span.start), "end": position(index, span.end)})
}

pub fn render_rdjson(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    Report::new(Format::Rdjson, Vec::new()).render(checked, failed, w)
}

/// One document's findings: entries of the report's `diagnostics` list.
pub(super) fn part(c: &Checked, out: &mut Vec<u8>) {
    let mut p = Pretty::items(std::mem::take(out), 2);
    let path = relative_path(&c.name);
    let index = LineIndex::new(&c.text);
    for d in &c.diagnostics {
        p.item();
        p.value(&diagnostic(&index, &path, d));
    }
    *out = p.out;
}

/// The document: in `diagnostics` the files that could not be read, then
/// the documents' parts; the most severe diagnostic's severity (a file
/// that could not be read is an error). The keys of each object in sorted
/// order, as serde_json writes a `json!` object.
pub(super) fn write(
    parts: &[Part],
    summary: &Summary,
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    let worst = if !failed.is_empty() || summary.errors > 0 {
        Severity::Error
    } else if summary.warnings > 0 {
        Severity::Warning
    } else {
        Severity::Info
    };
    let mut p = Pretty::report();
    p.open('{');
    p.key("diagnostics");
    p.open('[');
    for e in failed {
        p.item();
        p.value(&json!({
            "message": e.message,
            "location": {"path": e.path},
            "severity": "ERROR",
        }));
    }
    p.parts(parts, w)?;
    p.close(']');
    p.key("severity");
    p.string(severity(worst));
    p.key("source");
    p.value(&json!({"name": "reportlint", "url": INFORMATION_URI}));
    p.close('}');
    p.finish(w)
}

/// One `diagnostics[]` entry for a finding in the file at `path`.
fn diagnostic(index: &LineIndex<'_>, path: &str, d: &Diagnostic) -> Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("（{help}）"));
    }
    let mut location = json!({"path": path});
    if let Some(span) = d.span {
        location["range"] = range(index, span);
    }
    let mut diag = json!({
        "message": message,
        "location": location,
        "severity": severity(d.severity),
        "code": {"value": d.rule, "url": INFORMATION_URI},
    });
    if let Some(fix) = &d.fix {
        diag["suggestions"] = json!([{
            "range": range(index, fix.span),
            "text": fix.replacement,
        }]);
    }
    diag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_columns() {
        let t = "标题\n加快法制";
        let off = t.find("法制").unwrap();
        assert_eq!(
            position(&LineIndex::new(t), off),
            json!({"line": 2, "column": 7})
        );
    }
}
