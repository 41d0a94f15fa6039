//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other viewers.
//!
//! One run; `tool.driver` lists every loaded rule (id, short and full
//! description, the rule's documentation as help, its level in this run).
//! Each result has a rule id and index, level, message, one physical location
//! (repository-relative URI, region), its secondary labels as
//! `relatedLocations` and, when the finding carries one, a fix.
//! `run.columnKind` is `unicodeCodePoints` and columns count characters, so
//! regions are right for Chinese text; `endColumn` is exclusive, as SARIF
//! defines it. `partialFingerprints` carries the baseline fingerprint, which
//! survives edits above a finding. `invocations[0]` says whether the run
//! succeeded and carries, as `toolExecutionNotifications`, the files that
//! could not be read or written.

use super::pretty::Pretty;
use super::{
    Checked, FileError, Format, INFORMATION_URI, LineIndex, Part, Report, RuleMeta, relative_path,
};
use crate::baseline::fingerprint;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "note",
        None => "none",
    }
}

/// A relative path as a URI reference: unreserved ASCII and `/` kept, every
/// other byte (Chinese names, spaces) percent-encoded.
pub(crate) fn path_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{out}")
    } else {
        out
    }
}

/// The first paragraph of a rule's docs, without the heading lines above it
/// (`## 检查内容` is usually followed by its text without a blank line).
fn first_paragraph(docs: &str) -> Option<String> {
    docs.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("")
        })
        .find(|p| !p.is_empty())
}

fn region(index: &LineIndex<'_>, span: Option<Span>) -> Value {
    match span {
        Some(span) => {
            let (s, e) = index.span_line_cols(span);
            json!({"startLine": s.line, "startColumn": s.column,
                   "endLine": e.line, "endColumn": e.column})
        }
        // A finding about the whole document points at its start.
        None => json!({"startLine": 1, "startColumn": 1}),
    }
}

/// Render one SARIF log.
pub fn render_sarif(
    checked: &[Checked],
    failed: &[FileError],
    rules: &[RuleMeta<'_>],
    w: &mut dyn Write,
) -> io::Result<()> {
    Report::new(Format::Sarif, rules.to_vec()).render(checked, failed, w)
}

/// Levels open around `runs[0].results` in the log.
const RESULTS_DEPTH: usize = 4;

/// One document's findings: entries of `runs[0].results`; `rule_index`:
/// where each rule is in `tool.driver.rules`.
pub(super) fn part(c: &Checked, rule_index: &HashMap<&str, usize>, out: &mut Vec<u8>) {
    let mut p = Pretty::items(std::mem::take(out), RESULTS_DEPTH);
    let file = File {
        index: LineIndex::new(&c.text),
        uri: path_uri(&relative_path(&c.name)),
        text: &c.text,
    };
    for d in &c.diagnostics {
        p.item();
        p.value(&file.result(d, rule_index.get(d.rule.as_str()).copied()));
    }
    *out = p.out;
}

/// The log around the documents' parts: one run, whose invocation lists
/// the files that failed and whose tool lists every loaded rule. The keys
/// of each object in sorted order, as serde_json writes a `json!` object.
pub(super) fn write(
    parts: &[Part],
    failed: &[FileError],
    rules: &[RuleMeta<'_>],
    w: &mut dyn Write,
) -> io::Result<()> {
    let mut p = Pretty::report();
    p.open('{');
    p.key("$schema");
    p.string(SCHEMA);
    p.key("runs");
    p.open('[');
    p.item();
    p.open('{');
    p.key("columnKind");
    p.string("unicodeCodePoints");
    p.key("invocations");
    p.open('[');
    p.item();
    p.value(&invocation(failed));
    p.close(']');
    p.key("results");
    p.open('[');
    p.parts(parts, w)?;
    p.close(']');
    p.key("tool");
    p.value(&json!({"driver": {
        "name": "reportlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": INFORMATION_URI,
        "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
    }}));
    p.close('}');
    p.close(']');
    p.key("version");
    p.string("2.1.0");
    p.close('}');
    p.finish(w)
}

/// `tool.driver.rules[]`: what SARIF viewers show about a rule.
fn descriptor(r: &RuleMeta<'_>) -> Value {
    let full = first_paragraph(r.docs).unwrap_or_else(|| r.summary.to_owned());
    json!({
        "id": r.id,
        "name": r.id,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": full},
        "help": {"text": r.docs, "markdown": r.docs},
        "helpUri": INFORMATION_URI,
        "defaultConfiguration": {
            "enabled": r.severity.is_some(),
            "level": level(r.severity),
        },
    })
}

/// `invocations[0]`: whether every file was read (and written), and the
/// ones that were not.
fn invocation(failed: &[FileError]) -> Value {
    let notifications: Vec<Value> = failed
        .iter()
        .map(|e| {
            json!({
                "level": "error",
                "message": {"text": e.message},
                "locations": [{
                    "physicalLocation": {"artifactLocation": {"uri": path_uri(&e.path)}}
                }],
            })
        })
        .collect();
    let mut invocation = json!({"executionSuccessful": failed.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    invocation
}

/// One checked file, as its results refer to it.
struct File<'a> {
    index: LineIndex<'a>,
    uri: String,
    text: &'a str,
}

impl File<'_> {
    fn location(&self, span: Option<Span>) -> Value {
        json!({
            "artifactLocation": {"uri": self.uri},
            "region": region(&self.index, span),
        })
    }

    /// One `results[]` entry; `rule_index` in `tool.driver.rules`.
    fn result(&self, d: &Diagnostic, rule_index: Option<usize>) -> Value {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("（{help}）"));
        }
        let mut result = json!({
            "ruleId": d.rule,
            "level": level(Some(d.severity)),
            "message": {"text": message},
            "locations": [{"physicalLocation": self.location(d.span)}],
            "partialFingerprints": {"reportlint/v1": fingerprint(self.text, d)},
        });
        if !d.labels.is_empty() {
            // Secondary places (the other side of an inconsistency).
            result["relatedLocations"] = d
                .labels
                .iter()
                .enumerate()
                .map(|(id, l)| {
                    json!({
                        "id": id,
                        "physicalLocation": self.location(Some(l.span)),
                        "message": {"text": l.message},
                    })
                })
                .collect();
        }
        if let Some(i) = rule_index {
            result["ruleIndex"] = json!(i);
        }
        if let Some(fix) = &d.fix {
            result["fixes"] = json!([{
                "description": {"text": d.help.clone().unwrap_or_else(|| format!("改为“{}”", fix.replacement))},
                "artifactChanges": [{
                    "artifactLocation": {"uri": self.uri},
                    "replacements": [{
                        "deletedRegion": region(&self.index, Some(fix.span)),
                        "insertedContent": {"text": fix.replacement},
                    }],
                }],
            }]);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            path_uri("drafts/报告 1.txt"),
            "drafts/%E6%8A%A5%E5%91%8A%201.txt"
        );
        assert_eq!(path_uri("/tmp/a.txt"), "file:///tmp/a.txt");
    }
}
