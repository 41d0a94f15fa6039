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
//!
//! The layout is serde_json's pretty one (two-space indents, `"key": value`,
//! `[]` for an empty list), written by [`Pretty`] straight into a buffer:
//! a run over thousands of files writes tens of thousands of findings, and
//! going through serde's data model cost more than checking a small file.

use super::pretty::Pretty;
use super::{Checked, FileError, LineIndex, Part, Report, Summary};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use std::io::{self, Write};

/// Write the JSON report to `w`.
pub fn render_json<W: Write + ?Sized>(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut W,
) -> io::Result<()> {
    Report::new(super::Format::Json, Vec::new()).render(checked, failed, w)
}

/// One document's findings: entries of the report's `diagnostics` list.
pub(super) fn part(c: &Checked, out: &mut Vec<u8>) {
    let mut p = Pretty::items(std::mem::take(out), 2);
    let index = LineIndex::new(&c.text);
    for d in &c.diagnostics {
        p.item();
        diagnostic(&mut p, &c.name, d, &index);
    }
    *out = p.out;
}

/// The report around the documents' parts.
pub(super) fn write(
    parts: &[Part],
    summary: &Summary,
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut p = Pretty::report();
    p.open('{');
    p.key("version");
    p.number(1);
    p.key("diagnostics");
    p.open('[');
    p.parts(parts, w)?;
    p.close(']');
    p.key("errors");
    p.open('[');
    for e in failed {
        p.item();
        p.open('{');
        p.key("path");
        p.string(&e.path);
        p.key("message");
        p.string(&e.message);
        p.close('}');
    }
    p.close(']');
    p.key("summary");
    write_summary(&mut p, summary);
    p.close('}');
    p.finish(w)
}

/// One finding of the document `path`.
fn diagnostic(p: &mut Pretty, path: &str, d: &Diagnostic, index: &LineIndex<'_>) {
    let (start, end) = index.span_line_cols(d.span.unwrap_or_default());
    p.open('{');
    p.key("path");
    p.string(path);
    p.key("rule");
    p.string(&d.rule);
    p.key("severity");
    p.string(d.severity.as_str());
    p.key("message");
    p.string(&d.message);
    p.key("span");
    match d.span {
        Some(s) => span(p, s),
        None => p.null(),
    }
    p.key("line");
    p.number(start.line);
    p.key("column");
    p.number(start.column);
    p.key("end_line");
    p.number(end.line);
    p.key("end_column");
    p.number(end.column);
    p.key("help");
    match &d.help {
        Some(h) => p.string(h),
        None => p.null(),
    }
    if !d.labels.is_empty() {
        p.key("labels");
        p.open('[');
        for l in &d.labels {
            p.item();
            spanned(p, l.span, "message", &l.message);
        }
        p.close(']');
    }
    if !d.notes.is_empty() {
        p.key("notes");
        p.open('[');
        for n in &d.notes {
            p.item();
            p.string(n);
        }
        p.close(']');
    }
    if let Some(f) = &d.fix {
        p.key("fix");
        spanned(p, f.span, "replacement", &f.replacement);
    }
    p.close('}');
}

/// `{"span": …, key: text}`: a label and its message, a fix and its replacement.
fn spanned(p: &mut Pretty, span: Span, key: &'static str, text: &str) {
    p.open('{');
    p.key("span");
    self::span(p, span);
    p.key(key);
    p.string(text);
    p.close('}');
}

/// `{"start": …, "end": …}`: byte offsets.
fn span(p: &mut Pretty, s: Span) {
    p.open('{');
    p.key("start");
    p.number(s.start);
    p.key("end");
    p.number(s.end);
    p.close('}');
}

fn write_summary(p: &mut Pretty, s: &Summary) {
    p.open('{');
    for (key, n) in [
        ("files", s.files),
        ("errors", s.errors),
        ("warnings", s.warnings),
        ("infos", s.infos),
        ("unreadable", s.unreadable),
    ] {
        p.key(key);
        p.number(n);
    }
    p.close('}');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Label, Severity};

    fn diagnostic(span: Option<Span>) -> Diagnostic {
        Diagnostic {
            path: "a.txt".to_owned(),
            rule: "shuzi/rate".to_owned(),
            severity: Severity::Warning,
            message: "比率\t不符".to_owned(),
            span,
            help: None,
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    /// The whole layout: a finding with every optional part, one about the
    /// whole document, an unreadable file, and an empty run.
    #[test]
    fn layout_is_serde_jsons_pretty_layout() {
        let mut full = diagnostic(Some(Span::new(19, 21)));
        full.help = Some("改为\"37.5%\"".to_owned());
        full.labels = vec![Label {
            span: Span::new(10, 19),
            message: "分母".to_owned(),
        }];
        full.notes = vec!["注一".to_owned(), "注二".to_owned()];
        full.fix = Some(Edit {
            span: Span::new(19, 21),
            replacement: "%".to_owned(),
        });
        let checked = [Checked {
            name: "dir/a.txt".to_owned(),
            text: "\u{feff}标题\n纠错率37%".to_owned(),
            diagnostics: vec![full, diagnostic(None)],
        }];
        let failed = [FileError::unreadable(
            "b.doc".to_owned(),
            "无法读取".to_owned(),
        )];
        let mut out = Vec::new();
        render_json(&checked, &failed, &mut out).unwrap();
        let want = r#"{
  "version": 1,
  "diagnostics": [
    {
      "path": "dir/a.txt",
      "rule": "shuzi/rate",
      "severity": "warning",
      "message": "比率\t不符",
      "span": {
        "start": 19,
        "end": 21
      },
      "line": 2,
      "column": 4,
      "end_line": 2,
      "end_column": 6,
      "help": "改为\"37.5%\"",
      "labels": [
        {
          "span": {
            "start": 10,
            "end": 19
          },
          "message": "分母"
        }
      ],
      "notes": [
        "注一",
        "注二"
      ],
      "fix": {
        "span": {
          "start": 19,
          "end": 21
        },
        "replacement": "%"
      }
    },
    {
      "path": "dir/a.txt",
      "rule": "shuzi/rate",
      "severity": "warning",
      "message": "比率\t不符",
      "span": null,
      "line": 1,
      "column": 1,
      "end_line": 1,
      "end_column": 1,
      "help": null
    }
  ],
  "errors": [
    {
      "path": "b.doc",
      "message": "无法读取"
    }
  ],
  "summary": {
    "files": 1,
    "errors": 0,
    "warnings": 2,
    "infos": 0,
    "unreadable": 1
  }
}
"#;
        assert_eq!(String::from_utf8(out).unwrap(), want);
        let mut out = Vec::new();
        render_json(&[], &[], &mut out).unwrap();
        let want = "{\n  \"version\": 1,\n  \"diagnostics\": [],\n  \"errors\": [],\n  \
                    \"summary\": {\n    \"files\": 0,\n    \"errors\": 0,\n    \"warnings\": 0,\n    \
                    \"infos\": 0,\n    \"unreadable\": 0\n  }\n}\n";
        assert_eq!(String::from_utf8(out).unwrap(), want);
    }
}
