//! Rule fixtures: realistic drafts with their expected findings beside them.
//!
//! `tests/fixtures/<pack>/<rule-name>/<case>.txt` is checked with every
//! built-in rule; the findings of rule `<pack>/<rule-name>` must be exactly
//! those listed in `<case>.expect.yaml` (rule id and the quoted text of the
//! span, in order), e.g.
//!
//! ```yaml
//! - rule: gongwen/heading-sequence
//!   text: 四、
//! ```
//! An empty list (`[]`) says the rule must stay silent on the case.
//! A finding may also pin its `severity` and the texts of its secondary
//! `labels` (in order); fields left out are not compared:
//!
//! ```yaml
//! - rule: fazhi/report-year
//!   text: '2020'
//!   severity: error
//!   labels: ['2021', '2021']
//! ```
//! Every built-in rule has at least one fixture directory.

use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    /// The text under the finding's span; `null` for whole-document findings.
    text: Option<String>,
    /// `error`, `warning` or `info`, when pinned.
    #[serde(default)]
    severity: Option<String>,
    /// The texts under the secondary labels, in order, when pinned.
    #[serde(default)]
    labels: Option<Vec<String>>,
}

/// What a fixture found, to compare with an [`Expected`].
#[derive(Debug)]
struct Found {
    rule: String,
    text: Option<String>,
    severity: String,
    labels: Vec<String>,
}

impl Expected {
    fn matches(&self, f: &Found) -> bool {
        self.rule == f.rule
            && self.text == f.text
            && self.severity.as_ref().is_none_or(|s| *s == f.severity)
            && self.labels.as_ref().is_none_or(|l| *l == f.labels)
    }
}

fn fixture_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for pack in std::fs::read_dir(fixture_root())
        .into_iter()
        .flatten()
        .flatten()
    {
        if !pack.path().is_dir() || pack.file_name() == "structure" || pack.file_name() == "docx" {
            continue;
        }
        for rule in std::fs::read_dir(pack.path()).unwrap().flatten() {
            let id = format!(
                "{}/{}",
                pack.file_name().to_string_lossy(),
                rule.file_name().to_string_lossy()
            );
            for case in std::fs::read_dir(rule.path()).unwrap().flatten() {
                let p = case.path();
                if p.extension().is_some_and(|e| e == "txt") {
                    out.push((id.clone(), p));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn fixtures_match_their_expectations() {
    let packs = pack::load_builtin(None).unwrap();
    let engine = Engine::new(packs).unwrap();
    let mut failures = Vec::new();
    let cases = cases();
    for (rule, path) in &cases {
        assert!(
            engine.rule(rule).is_some(),
            "{}: no rule {rule}",
            path.display()
        );
        let expect_path = path.with_extension("expect.yaml");
        let expected: Vec<Expected> = match std::fs::read_to_string(&expect_path) {
            Ok(t) => serde_saphyr::from_str(&t)
                .unwrap_or_else(|e| panic!("{}: {e}", expect_path.display())),
            Err(_) => panic!("{} has no {}", path.display(), expect_path.display()),
        };
        let file =
            SourceFile::decode(path.display().to_string(), std::fs::read(path).unwrap()).unwrap();
        let actual: Vec<Found> = engine
            .check(&file, &CheckOptions::default())
            .into_iter()
            .filter(|d| &d.rule == rule)
            .map(|d| Found {
                rule: d.rule,
                text: d.span.map(|s| file.text[s.start..s.end].to_owned()),
                severity: d.severity.as_str().to_owned(),
                labels: d
                    .labels
                    .iter()
                    .map(|l| file.text[l.span.start..l.span.end].to_owned())
                    .collect(),
            })
            .collect();
        let same = actual.len() == expected.len()
            && expected.iter().zip(&actual).all(|(e, a)| e.matches(a));
        if !same {
            failures.push(format!(
                "{}\n  expected: {expected:?}\n  actual:   {actual:?}",
                path.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_fixture() {
    let packs = pack::load_builtin(None).unwrap();
    let engine = Engine::new(packs).unwrap();
    let cases = cases();
    let missing: Vec<&str> = engine
        .rules()
        .map(|r| r.id.as_str())
        .filter(|id| !cases.iter().any(|(r, _)| r == id))
        .collect();
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
