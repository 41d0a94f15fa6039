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

use super::{Checked, FileError, INFORMATION_URI, LineIndex, RuleMeta, relative_path};
use crate::baseline::fingerprint;
use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Span;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
    let log = Log {
        checked,
        failed,
        rules,
    };
    serde_json::to_writer_pretty(&mut *w, &log)?;
    writeln!(w)
}

/// The log, serialized as it is written: each result becomes a JSON value
/// only while it is written, never all of them at once (a 100 MB input has
/// millions). The keys of each object are written in sorted order, as
/// serde_json writes a `json!` object.
struct Log<'a> {
    checked: &'a [Checked],
    failed: &'a [FileError],
    rules: &'a [RuleMeta<'a>],
}

impl Serialize for Log<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut log = s.serialize_map(Some(3))?;
        log.serialize_entry("$schema", SCHEMA)?;
        log.serialize_entry("runs", &[Run(self)])?;
        log.serialize_entry("version", "2.1.0")?;
        log.end()
    }
}

/// The one `runs[]` entry.
struct Run<'l, 'a>(&'l Log<'a>);

impl Serialize for Run<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Log {
            checked,
            failed,
            rules,
        } = *self.0;
        let mut run = s.serialize_map(Some(4))?;
        run.serialize_entry("columnKind", "unicodeCodePoints")?;
        run.serialize_entry("invocations", &[invocation(failed)])?;
        run.serialize_entry("results", &Results { checked, rules })?;
        run.serialize_entry(
            "tool",
            &json!({"driver": {
                "name": "reportlint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": INFORMATION_URI,
                "rules": rules.iter().map(descriptor).collect::<Vec<_>>(),
            }}),
        )?;
        run.end()
    }
}

/// `runs[0].results`: every finding of every file, one at a time.
struct Results<'a> {
    checked: &'a [Checked],
    rules: &'a [RuleMeta<'a>],
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let index_of: HashMap<&str, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        let mut results = s.serialize_seq(None)?;
        for c in self.checked {
            let file = File {
                index: LineIndex::new(&c.text),
                uri: path_uri(&relative_path(&c.name)),
                text: &c.text,
            };
            for d in &c.diagnostics {
                results
                    .serialize_element(&file.result(d, index_of.get(d.rule.as_str()).copied()))?;
            }
        }
        results.end()
    }
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
