//! `--format rdjson`: the Reviewdog Diagnostic Format (one JSON document), for
//! `reviewdog -f=rdjson` to post findings as pull/merge request reviews.
//!
//! Each diagnostic has a message, a location (path and range), severity
//! (`ERROR`, `WARNING`, `INFO`), `code` (rule id and a documentation URL) and,
//! when the finding carries a fix, a suggestion. As the format prescribes,
//! columns count **UTF-8 bytes** from 1 (a Chinese character is 3 bytes);
//! the end position is exclusive. A file that could not be read (or written)
//! is an `ERROR` diagnostic with its path and no range.

use super::{Checked, FileError, INFORMATION_URI, LineIndex, relative_path};
use crate::diagnostic::Severity;
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
    let mut diagnostics = Vec::new();
    let mut worst: Option<Severity> = None;
    for e in failed {
        worst = Some(Severity::Error);
        diagnostics.push(json!({
            "message": e.message,
            "location": {"path": e.path},
            "severity": "ERROR",
        }));
    }
    for c in checked {
        let path = relative_path(&c.name);
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            worst = worst.max(Some(d.severity));
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("（{help}）"));
            }
            let mut location = json!({"path": path});
            if let Some(span) = d.span {
                location["range"] = range(&index, span);
            }
            let mut diag = json!({
                "message": message,
                "location": location,
                "severity": severity(d.severity),
                "code": {"value": d.rule, "url": INFORMATION_URI},
            });
            if let Some(fix) = &d.fix {
                diag["suggestions"] = json!([{
                    "range": range(&index, fix.span),
                    "text": fix.replacement,
                }]);
            }
            diagnostics.push(diag);
        }
    }
    let doc = json!({
        "source": {"name": "reportlint", "url": INFORMATION_URI},
        "severity": severity(worst.unwrap_or(Severity::Info)),
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *w, &doc)?;
    writeln!(w)
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
