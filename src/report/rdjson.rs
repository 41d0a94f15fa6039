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
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
    serde_json::to_writer_pretty(&mut *w, &Document { checked, failed })?;
    writeln!(w)
}

/// The document, serialized as it is written: each diagnostic becomes a JSON
/// value only while it is written, never all of them at once (a 100 MB input
/// has millions). The keys of each object are written in sorted order, as
/// serde_json writes a `json!` object.
struct Document<'a> {
    checked: &'a [Checked],
    failed: &'a [FileError],
}

impl Document<'_> {
    /// The most severe diagnostic: a file that could not be read is an error.
    fn worst(&self) -> Severity {
        if !self.failed.is_empty() {
            return Severity::Error;
        }
        self.checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .map(|d| d.severity)
            .max()
            .unwrap_or(Severity::Info)
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_map(Some(3))?;
        doc.serialize_entry("diagnostics", &Diagnostics(self))?;
        doc.serialize_entry("severity", severity(self.worst()))?;
        doc.serialize_entry(
            "source",
            &json!({"name": "reportlint", "url": INFORMATION_URI}),
        )?;
        doc.end()
    }
}

/// `diagnostics`: the files that could not be read, then every finding of
/// every file, one at a time.
struct Diagnostics<'d, 'a>(&'d Document<'a>);

impl Serialize for Diagnostics<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut diagnostics = s.serialize_seq(None)?;
        for e in self.0.failed {
            diagnostics.serialize_element(&json!({
                "message": e.message,
                "location": {"path": e.path},
                "severity": "ERROR",
            }))?;
        }
        for c in self.0.checked {
            let path = relative_path(&c.name);
            let index = LineIndex::new(&c.text);
            for d in &c.diagnostics {
                diagnostics.serialize_element(&diagnostic(&index, &path, d))?;
            }
        }
        diagnostics.end()
    }
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
