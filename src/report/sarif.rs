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

/// `region`: where a span starts and ends; a finding about the whole
/// document points at its start.
fn region(p: &mut Pretty, index: &LineIndex<'_>, span: Option<Span>) {
    p.open('{');
    match span {
        Some(span) => {
            let (s, e) = index.span_line_cols(span);
            p.key("endColumn");
            p.number(e.column);
            p.key("endLine");
            p.number(e.line);
            p.key("startColumn");
            p.number(s.column);
            p.key("startLine");
            p.number(s.line);
        }
        None => {
            p.key("startColumn");
            p.number(1);
            p.key("startLine");
            p.number(1);
        }
    }
    p.close('}');
}

/// `{"text": …}`: a message, a description, inserted content.
fn text(p: &mut Pretty, s: &str) {
    p.open('{');
    p.key("text");
    p.string(s);
    p.close('}');
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
        file.result(&mut p, d, rule_index.get(d.rule.as_str()).copied());
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
    /// `{"uri": …}` of the file.
    fn artifact(&self, p: &mut Pretty) {
        p.open('{');
        p.key("uri");
        p.string(&self.uri);
        p.close('}');
    }

    /// A physical location: the file and the region of `span`.
    fn location(&self, p: &mut Pretty, span: Option<Span>) {
        p.open('{');
        p.key("artifactLocation");
        self.artifact(p);
        p.key("region");
        region(p, &self.index, span);
        p.close('}');
    }

    /// One `results[]` entry, written as serde_json writes a `json!`
    /// object (keys in sorted order); `rule_index` in `tool.driver.rules`.
    fn result(&self, p: &mut Pretty, d: &Diagnostic, rule_index: Option<usize>) {
        p.open('{');
        if let Some(fix) = &d.fix {
            let description = d
                .help
                .clone()
                .unwrap_or_else(|| format!("改为“{}”", fix.replacement));
            p.key("fixes");
            p.open('[');
            p.item();
            p.open('{');
            p.key("artifactChanges");
            p.open('[');
            p.item();
            p.open('{');
            p.key("artifactLocation");
            self.artifact(p);
            p.key("replacements");
            p.open('[');
            p.item();
            p.open('{');
            p.key("deletedRegion");
            region(p, &self.index, Some(fix.span));
            p.key("insertedContent");
            text(p, &fix.replacement);
            p.close('}');
            p.close(']');
            p.close('}');
            p.close(']');
            p.key("description");
            text(p, &description);
            p.close('}');
            p.close(']');
        }
        p.key("level");
        p.string(level(Some(d.severity)));
        p.key("locations");
        p.open('[');
        p.item();
        p.open('{');
        p.key("physicalLocation");
        self.location(p, d.span);
        p.close('}');
        p.close(']');
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("（{help}）"));
        }
        p.key("message");
        text(p, &message);
        p.key("partialFingerprints");
        p.open('{');
        p.key("reportlint/v1");
        p.string(&fingerprint(self.text, d));
        p.close('}');
        if !d.labels.is_empty() {
            // Secondary places (the other side of an inconsistency).
            p.key("relatedLocations");
            p.open('[');
            for (id, l) in d.labels.iter().enumerate() {
                p.item();
                p.open('{');
                p.key("id");
                p.number(id);
                p.key("message");
                text(p, &l.message);
                p.key("physicalLocation");
                self.location(p, Some(l.span));
                p.close('}');
            }
            p.close(']');
        }
        p.key("ruleId");
        p.string(&d.rule);
        if let Some(i) = rule_index {
            p.key("ruleIndex");
            p.number(i);
        }
        p.close('}');
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
