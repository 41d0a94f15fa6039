//! Baselines: accept today's findings, report only new ones.
//!
//! `reportlint check --write-baseline FILE` records every finding of a run;
//! `--baseline FILE` then hides the findings recorded there. A finding is
//! identified by its path, its rule and a [`fingerprint`] of its own text plus
//! a little normalized context around it — never by line numbers, so editing
//! the draft above a finding does not turn it into a "new" one. Identical
//! findings (same path, rule and fingerprint) are told apart by an occurrence
//! index in document order; when matching, a baseline with `n` entries for a
//! key hides the first `n` current findings with that key.
//!
//! The file is JSON, versioned and written in a stable order:
//!
//! ```json
//! {"version": 1, "tool": "reportlint",
//!  "findings": [{"path": "drafts/报告.txt", "rule": "fazhi/fazhi-not-fazhi",
//!                "fingerprint": "9f0c…", "occurrence": 0, "message": "…"}]}
//! ```
//! `message` is informational (for reviewers of the file); matching ignores it.

use crate::diagnostic::Diagnostic;
use crate::normalize::normalize_char;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The baseline format version this build reads and writes.
pub(crate) const VERSION: u32 = 1;

/// How many context characters on each side enter a fingerprint.
const CONTEXT_CHARS: usize = 8;

/// A stable identifier of a finding's text and surroundings (16 hex digits).
///
/// Material: the rule id, the span's text and up to eight characters on each
/// side within the same line, all normalized (full-width → half-width,
/// traditional → simplified) and with whitespace dropped. Findings about the
/// whole document use their message instead.
pub fn fingerprint(text: &str, d: &Diagnostic) -> String {
    let mut h = Fnv::new();
    h.write(d.rule.as_bytes());
    h.write(&[0]);
    match d.span {
        Some(span) if span.end <= text.len() && span.start <= span.end => {
            let start = floor(text, span.start);
            let end = floor(text, span.end);
            // Context within the line, read outwards from the span and no
            // further than needed (lines of flattened pages are long).
            let mut before: Vec<char> = text[..start]
                .chars()
                .rev()
                .take_while(|&c| c != '\n')
                .map(normalize_char)
                .filter(|c| kept(*c))
                .take(CONTEXT_CHARS)
                .collect();
            before.reverse();
            for c in before {
                h.write_char(c);
            }
            h.write(&[0]);
            for c in squeeze(&text[start..end]) {
                h.write_char(c);
            }
            h.write(&[0]);
            let after = text[end..].chars().take_while(|&c| c != '\n');
            for c in after
                .map(normalize_char)
                .filter(|c| kept(*c))
                .take(CONTEXT_CHARS)
            {
                h.write_char(c);
            }
        }
        _ => {
            h.write(&[1]);
            h.write(d.message.as_bytes());
        }
    }
    format!("{:016x}", h.0)
}

fn squeeze(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(normalize_char).filter(|c| kept(*c))
}

/// Whether a normalized character enters a fingerprint.
fn kept(c: char) -> bool {
    !c.is_whitespace() && c != '\u{feff}'
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// FNV-1a, 64 bit: tiny, and stable across Rust versions and platforms
/// (unlike `DefaultHasher`), which a file kept in a repository needs.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn write_char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.write(c.encode_utf8(&mut buf).as_bytes());
    }
}

/// One recorded finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    pub occurrence: usize,
    #[serde(default)]
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    #[serde(default = "tool_name")]
    pub tool: String,
    pub findings: Vec<Entry>,
}

fn tool_name() -> String {
    "reportlint".to_owned()
}

/// A path as recorded: forward slashes, no leading `./`.
pub(crate) fn normalize_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut p = p.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_owned()
}

/// The key of a finding: (path, rule, fingerprint).
type Key = (String, String, String);

fn key(path: &str, text: &str, d: &Diagnostic) -> Key {
    (normalize_path(path), d.rule.clone(), fingerprint(text, d))
}

impl Baseline {
    /// Record the findings of a run: `(path, text, diagnostics)` per document.
    pub fn record<'a>(
        docs: impl IntoIterator<Item = (&'a str, &'a str, &'a [Diagnostic])>,
    ) -> Self {
        let mut findings = Vec::new();
        for (path, text, diags) in docs {
            let mut seen: HashMap<Key, usize> = HashMap::new();
            for d in diags {
                let k = key(path, text, d);
                let n = seen.entry(k.clone()).or_insert(0);
                findings.push(Entry {
                    path: k.0,
                    rule: k.1,
                    fingerprint: k.2,
                    occurrence: *n,
                    message: d.message.clone(),
                });
                *n += 1;
            }
        }
        findings.sort();
        Baseline {
            version: VERSION,
            tool: tool_name(),
            findings,
        }
    }

    /// Parse a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            format!(
                "不是有效的基线文件（第 {} 行第 {} 列）：{e}",
                e.line(),
                e.column()
            )
        })?;
        if b.version != VERSION {
            return Err(format!(
                "基线文件版本为 {}，本程序只支持版本 {VERSION}",
                b.version
            ));
        }
        Ok(b)
    }

    /// The file's text: pretty JSON, one entry per finding, stable order.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// A matcher that hides recorded findings.
    pub(crate) fn matcher(&self) -> Matcher {
        let mut counts: BTreeMap<Key, usize> = BTreeMap::new();
        for e in &self.findings {
            *counts
                .entry((
                    normalize_path(&e.path),
                    e.rule.clone(),
                    e.fingerprint.clone(),
                ))
                .or_insert(0) += 1;
        }
        Matcher { counts }
    }
}

/// Hides findings recorded in a baseline.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    counts: BTreeMap<Key, usize>,
}

impl Matcher {
    /// Drop the findings of one document that the baseline records (each
    /// recorded entry hides one finding, in document order).
    pub(crate) fn filter(&self, path: &str, text: &str, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut used: HashMap<Key, usize> = HashMap::new();
        diags
            .into_iter()
            .filter(|d| {
                let k = key(path, text, d);
                let budget = self.counts.get(&k).copied().unwrap_or(0);
                let n = used.entry(k).or_insert(0);
                *n += 1;
                *n > budget
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use crate::span::Span;

    fn diag(text: &str, needle: &str, nth: usize) -> Diagnostic {
        let start = text.match_indices(needle).nth(nth).unwrap().0;
        Diagnostic {
            path: "a.txt".into(),
            rule: "fazhi/fazhi-not-fazhi".into(),
            severity: Severity::Error,
            message: "m".into(),
            span: Some(Span::new(start, start + needle.len())),
            help: None,
            labels: vec![],
            notes: vec![],
            fix: None,
        }
    }

    #[test]
    fn fingerprint_ignores_lines_above_and_width() {
        let a = "标题\n加快建设法制政府，推进。";
        let b = "标题\n\n新增一段。\n加快建设法制政府，推进。";
        let c = "标题\n加快建设法制政府，推进。".replace('，', ",");
        assert_eq!(
            fingerprint(a, &diag(a, "法制政府", 0)),
            fingerprint(b, &diag(b, "法制政府", 0))
        );
        assert_eq!(
            fingerprint(a, &diag(a, "法制政府", 0)),
            fingerprint(&c, &diag(&c, "法制政府", 0))
        );
        let d = "标题\n努力建设法制政府，推进。";
        assert_ne!(
            fingerprint(a, &diag(a, "法制政府", 0)),
            fingerprint(d, &diag(d, "法制政府", 0))
        );
    }

    #[test]
    fn occurrences_hide_one_each() {
        let t = "建设法制政府。\n建设法制政府。\n";
        let two = vec![diag(t, "法制政府", 0), diag(t, "法制政府", 1)];
        let b = Baseline::record([("a.txt", t, &two[..1])]);
        assert_eq!(b.findings.len(), 1);
        let left = b.matcher().filter("./a.txt", t, two.clone());
        assert_eq!(left.len(), 1);
        let b = Baseline::record([("a.txt", t, &two[..])]);
        assert_eq!(b.findings[1].occurrence, 1);
        let again = Baseline::parse(&b.to_json()).unwrap();
        assert_eq!(again, b);
        assert!(again.matcher().filter("a.txt", t, two).is_empty());
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(Baseline::parse("{").is_err());
        assert!(Baseline::parse(r#"{"version":9,"findings":[]}"#).is_err());
        assert!(Baseline::parse(r#"{"version":1,"findingz":[]}"#).is_err());
    }
}
