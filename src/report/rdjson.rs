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
use serde_json::json;
use std::io::{self, Write};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// 1-based line and UTF-8 byte column of a byte offset.
fn position(p: &mut Pretty, index: &LineIndex<'_>, offset: usize) {
    let at = index.line_byte_col(offset);
    p.open('{');
    p.key("column");
    p.number(at.column);
    p.key("line");
    p.number(at.line);
    p.close('}');
}

fn range(p: &mut Pretty, index: &LineIndex<'_>, span: Span) {
    p.open('{');
    p.key("end");
    position(p, index, span.end);
    p.key("start");
    position(p, index, span.start);
    p.close('}');
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
        diagnostic(&mut p, &index, &path, d);
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

/// One `diagnostics[]` entry for a finding in the file at `path`, written
/// as serde_json writes a `json!` object (keys in sorted order).
fn diagnostic(p: &mut Pretty, index: &LineIndex<'_>, path: &str, d: &Diagnostic) {
    p.open('{');
    p.key("code");
    p.open('{');
    p.key("url");
    p.string(INFORMATION_URI);
    p.key("value");
    p.string(&d.rule);
    p.close('}');
    p.key("location");
    p.open('{');
    p.key("path");
    p.string(path);
    if let Some(span) = d.span {
        p.key("range");
        range(p, index, span);
    }
    p.close('}');
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("（{help}）"));
    }
    p.key("message");
    p.string(&message);
    p.key("severity");
    p.string(severity(d.severity));
    if let Some(fix) = &d.fix {
        p.key("suggestions");
        p.open('[');
        p.item();
        p.open('{');
        p.key("range");
        range(p, index, fix.span);
        p.key("text");
        p.string(&fix.replacement);
        p.close('}');
        p.close(']');
    }
    p.close('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_columns() {
        let t = "标题\n加快法制";
        let off = t.find("法制").unwrap();
        let mut p = Pretty::default();
        position(&mut p, &LineIndex::new(t), off);
        let want = serde_json::to_string_pretty(&json!({"line": 2, "column": 7})).unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), want);
    }
}
