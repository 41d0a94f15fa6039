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

use super::{Checked, FileError, LineIndex, Summary};
use crate::diagnostic::Diagnostic;
use crate::span::Span;
use std::io::{self, Write};

/// Bytes gathered before they go to the writer.
const FLUSH_AT: usize = 1 << 16;

/// Room for one finding written ahead ([`JsonEntries`]): most take 300 to
/// 500 bytes.
const ENTRY_BYTES: usize = 512;

/// Write the JSON report to `w`.
pub fn render_json<W: Write + ?Sized>(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut W,
) -> io::Result<()> {
    let mut p = Pretty::report();
    for c in checked {
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            p.item();
            diagnostic(&mut p, &c.name, d, &index);
            p.flush_at(w)?;
        }
    }
    p.end(&Summary::of(checked, failed), failed, w)
}

/// One document's findings as entries of the report's `diagnostics` list,
/// written ahead, and counted: by the thread that checked the document,
/// which then lets its text and findings go instead of the run keeping
/// every one until it reports.
#[derive(Debug)]
pub(crate) struct JsonEntries {
    entries: Vec<u8>,
    /// The document's findings by severity (`files` 1).
    counts: Summary,
}

impl JsonEntries {
    pub(crate) fn of(c: &Checked) -> JsonEntries {
        // Sized once (not grown a copy at a time), then cut to what it
        // holds, which the run keeps until it reports.
        let mut p = Pretty {
            out: Vec::with_capacity(c.diagnostics.len() * ENTRY_BYTES),
            depth: 2,
            ..Pretty::default()
        };
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            p.item();
            diagnostic(&mut p, &c.name, d, &index);
        }
        p.out.shrink_to_fit();
        JsonEntries {
            entries: p.out,
            counts: Summary::of(std::slice::from_ref(c), &[]),
        }
    }

    /// What [`Summary::of`] says of the documents `written` ahead and the
    /// files that `failed`.
    pub(crate) fn summary(written: &[JsonEntries], failed: &[FileError]) -> Summary {
        written
            .iter()
            .fold(Summary::of(&[], failed), |s, w| Summary {
                files: s.files + w.counts.files,
                errors: s.errors + w.counts.errors,
                warnings: s.warnings + w.counts.warnings,
                infos: s.infos + w.counts.infos,
                unreadable: s.unreadable,
            })
    }
}

/// [`render_json`] from each document's entries written ahead, in order.
pub(crate) fn render_json_written<W: Write + ?Sized>(
    written: &[JsonEntries],
    failed: &[FileError],
    w: &mut W,
) -> io::Result<()> {
    let mut p = Pretty::report();
    for e in written.iter().filter(|e| !e.entries.is_empty()) {
        if p.has_entry {
            p.out.push(b',');
        }
        p.out.extend_from_slice(&e.entries);
        p.has_entry = true;
        p.flush_at(w)?;
    }
    p.end(&JsonEntries::summary(written, failed), failed, w)
}

impl Pretty {
    /// The report up to its first finding. Room for what is gathered
    /// before a flush, allocated once.
    fn report() -> Pretty {
        let mut p = Pretty {
            out: Vec::with_capacity(2 * FLUSH_AT),
            ..Pretty::default()
        };
        p.open('{');
        p.key("version");
        p.number(1);
        p.key("diagnostics");
        p.open('[');
        p
    }

    /// Write what is gathered once it is [`FLUSH_AT`] bytes or more.
    fn flush_at<W: Write + ?Sized>(&mut self, w: &mut W) -> io::Result<()> {
        if self.out.len() >= FLUSH_AT {
            w.write_all(&self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    /// The rest of the report after the last finding, written out.
    fn end<W: Write + ?Sized>(
        mut self,
        summary: &Summary,
        failed: &[FileError],
        w: &mut W,
    ) -> io::Result<()> {
        self.close(']');
        self.key("errors");
        self.open('[');
        for e in failed {
            self.item();
            self.open('{');
            self.key("path");
            self.string(&e.path);
            self.key("message");
            self.string(&e.message);
            self.close('}');
        }
        self.close(']');
        self.key("summary");
        write_summary(&mut self, summary);
        self.close('}');
        self.out.push(b'\n');
        w.write_all(&self.out)
    }
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
        Some(s) => p.span(s),
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
    p.span(span);
    p.key(key);
    p.string(text);
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

/// A JSON writer in serde_json's pretty layout, for the shapes above:
/// an object's entries and a list's items each on a line of their own,
/// indented by two spaces a level; an empty object or list is `{}` / `[]`.
#[derive(Default)]
struct Pretty {
    out: Vec<u8>,
    /// Levels of open objects and lists.
    depth: usize,
    /// Whether the innermost open object or list has an entry yet.
    has_entry: bool,
}

impl Pretty {
    /// Open an object (`{`) or a list (`[`).
    fn open(&mut self, bracket: char) {
        self.out.push(bracket as u8);
        self.depth += 1;
        self.has_entry = false;
    }

    /// Close the innermost object (`}`) or list (`]`).
    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if self.has_entry {
            self.newline();
        }
        self.out.push(bracket as u8);
        // Whatever contains it now has an entry: this one.
        self.has_entry = true;
    }

    /// Start the next entry of the open object or list.
    #[inline]
    fn item(&mut self) {
        if self.has_entry {
            self.out.push(b',');
        }
        self.newline();
        self.has_entry = true;
    }

    /// Start the entry `key` (a plain ASCII name, nothing to escape) of the
    /// open object; its value follows. Inlined, so that the name is copied
    /// as the constant it is.
    #[inline(always)]
    fn key(&mut self, key: &'static str) {
        debug_assert!(!key.bytes().any(needs_escape));
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// A line break and the indent of the current level.
    #[inline]
    fn newline(&mut self) {
        const INDENTS: &[u8] = b"\n                                ";
        let width = 1 + 2 * self.depth;
        match INDENTS.get(..width) {
            Some(indent) => self.out.extend_from_slice(indent),
            None => {
                self.out.push(b'\n');
                self.out.resize(self.out.len() + width - 1, b' ');
            }
        }
    }

    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// An integer in decimal, as `usize`'s `Display` writes it.
    fn number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[i..]);
    }

    fn span(&mut self, s: Span) {
        self.open('{');
        self.key("start");
        self.number(s.start);
        self.key("end");
        self.number(s.end);
        self.close('}');
    }

    /// A string, escaped as serde_json escapes it: `"` and `\`, and the
    /// control characters below U+0020 (`\n`, `\t` … or `\u001f`).
    fn string(&mut self, s: &str) {
        self.out.push(b'"');
        let bytes = s.as_bytes();
        // Without a branch per byte, so that it vectorizes: most strings
        // (Chinese messages) have nothing to escape.
        let plain = bytes.iter().fold(true, |ok, &b| ok & !needs_escape(b));
        if plain {
            self.out.extend_from_slice(bytes);
        } else {
            let mut run = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if !needs_escape(b) {
                    continue;
                }
                self.out.extend_from_slice(&bytes[run..i]);
                self.escape(b);
                run = i + 1;
            }
            self.out.extend_from_slice(&bytes[run..]);
        }
        self.out.push(b'"');
    }

    fn escape(&mut self, b: u8) {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0C => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.extend_from_slice(b"\\u00");
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 0xF)]);
                return;
            }
        };
        self.out.extend_from_slice(&[b'\\', short]);
    }
}

/// Bytes a JSON string cannot hold as they are.
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Label, Severity};

    /// Every character that needs escaping, and some that do not, comes
    /// out as serde_json writes it.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut s: String = (0u8..0x80).map(char::from).collect();
        s.push_str("法治“政府”\u{7f}\u{2028}\u{feff}é😀\\\"");
        for text in [s.as_str(), "", "纠错率37.5%", "a\"b", "\u{1}"] {
            let mut p = Pretty::default();
            p.string(text);
            let want = serde_json::to_string(text).unwrap();
            assert_eq!(String::from_utf8(p.out).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for n in [0, 7, 10, 467, 1_000_000, usize::MAX] {
            let mut p = Pretty::default();
            p.number(n);
            assert_eq!(String::from_utf8(p.out).unwrap(), n.to_string());
        }
    }

    /// Indents deeper than the prepared ones are written too.
    #[test]
    fn deep_nesting_is_indented_as_serde_json_indents_it() {
        let mut value = serde_json::Value::from(1);
        let mut p = Pretty::default();
        for _ in 0..24 {
            value = serde_json::Value::Array(vec![value]);
            p.open('[');
            p.item();
        }
        p.number(1);
        for _ in 0..24 {
            p.close(']');
        }
        let want = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), want);
    }

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

    /// Entries written ahead make the same report, whichever documents
    /// have findings and whatever the texts were.
    #[test]
    fn entries_written_ahead_make_the_same_report() {
        let doc = |name: &str, text: &str, spans: &[Option<Span>]| Checked {
            name: name.to_owned(),
            text: text.to_owned(),
            diagnostics: spans.iter().map(|&s| diagnostic(s)).collect(),
        };
        let mut error = diagnostic(None);
        error.severity = Severity::Error;
        let mut checked = [
            doc("a.txt", "标题\n纠错率37%", &[Some(Span::new(10, 14)), None]),
            doc("b.txt", "", &[]),
            doc("c.txt", "\u{feff}一\n二", &[Some(Span::new(7, 10))]),
            doc("d.txt", "空", &[]),
        ];
        checked[3].diagnostics.push(error);
        let failed = [FileError::unreadable(
            "e.doc".to_owned(),
            "无法读取".to_owned(),
        )];
        for n in 0..=checked.len() {
            let checked = &checked[..n];
            let mut want = Vec::new();
            render_json(checked, &failed, &mut want).unwrap();
            let written: Vec<JsonEntries> = checked.iter().map(JsonEntries::of).collect();
            assert_eq!(
                JsonEntries::summary(&written, &failed),
                Summary::of(checked, &failed)
            );
            let mut out = Vec::new();
            render_json_written(&written, &failed, &mut out).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                String::from_utf8(want).unwrap()
            );
        }
    }
}
