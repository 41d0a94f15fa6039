//! The phrase set (one Aho-Corasick pass that also decides which regexes
//! can match) finds exactly what each phrase rule finds on its own by
//! running its regexes over the whole text.

mod common;
use common::{corpus_paths, root};

use reportlint::diagnostic::Diagnostic;
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use reportlint::span::Span;
use std::path::{Path, PathBuf};

fn texts() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt" || e == "md") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root().join("tests/fixtures"), &mut paths);
    walk(&root().join("examples"), &mut paths);
    paths.extend(corpus_paths());
    paths.sort();
    let mut out: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let file = SourceFile::decode(p.display().to_string(), std::fs::read(p).ok()?).ok()?;
            // Suppression comments apply to whole checks only.
            (!file.text.contains("reportlint-")).then_some((file.name, file.text))
        })
        .collect();
    // Every fixture at once: many triggers, matches far apart.
    let all: String = out.iter().map(|(_, t)| t.as_str()).collect();
    out.push(("<all>".to_owned(), all));
    out
}

#[test]
fn phrase_rules_find_the_same_in_the_set_and_alone() {
    let engine = Engine::new(pack::load_builtin(None).unwrap()).unwrap();
    let rules: Vec<String> = engine
        .rules()
        .filter(|r| r.kind == "phrase")
        .map(|r| r.id.clone())
        .collect();
    assert!(rules.len() >= 10, "phrase rules: {rules:?}");
    let texts = texts();
    assert!(texts.len() > 20);
    let mut compared = 0;
    for (name, text) in &texts {
        let file = SourceFile::from_text("<example>", text.as_str());
        let together = engine.check_with(&file, &CheckOptions::default(), |id| {
            rules.iter().any(|r| r == id)
        });
        for rule in &rules {
            let found = |ds: Vec<&Diagnostic>| {
                let mut v: Vec<(Option<Span>, String)> = ds
                    .into_iter()
                    .map(|d| (d.span, d.message.clone()))
                    .collect();
                v.sort();
                v.dedup();
                v
            };
            let set = found(together.iter().filter(|d| &d.rule == rule).collect());
            let alone = found(engine.check_one(rule, text).iter().collect());
            assert_eq!(set, alone, "{rule} on {name}");
            compared += set.len();
        }
    }
    assert!(compared > 50, "only {compared} findings compared");
}
