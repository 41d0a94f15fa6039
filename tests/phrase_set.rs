//! The phrase set (one Aho-Corasick pass that also decides which regexes
//! can match) finds exactly what each phrase rule finds on its own by
//! running its regexes over the whole text.

mod common;
use common::{corpus_paths, root};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
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

/// Patterns that exercise every way the set searches: anchored windows
/// (bounded text before a literal, or bounded text and then a run of
/// digits and spaces of any length, in both views, where normalization
/// changes byte lengths), full scans (a run too long to walk), literal
/// triggers and overlapping literals, and a bounded match that reaches
/// well beyond its literal. (rule name, `phrase` settings, a bad example)
const PROBES: [(&str, &str, &str); 5] = [
    (
        "han-bracket",
        r"regex: ['\p{Han}(?P<at>[〔(](?:19|20)\d{2}[〕)])第?\d+号', '(?:^|[^\d])(?P<at>\d{1,2}月[一二三]{1,3}日)']",
        "甲〔2024〕3号",
    ),
    (
        "original",
        r"view: original, regex: ['.（(?P<at>\d)）', '[^\d]年\s*（', '[^\d](?P<at>\d+\s*[~至]\s*\d+)％']",
        "甲（3）",
    ),
    (
        "unbounded",
        r"regex: ['(?:^|[^\d.])(?P<at>\d*[1-9][余多])', '\d+\s*[~至]\s*\d+%']",
        "共12余件",
    ),
    ("literals", "literal: [年年, 号]", "年年"),
    (
        "bounded",
        r"regex: ['(?P<at>第[一二三]{1,4}[章节]?)(?:[^\d]|$)']",
        "第一二章",
    ),
];

fn probe_engine() -> Engine {
    let mut rules = String::from("rules:\n");
    for (name, phrase, bad) in PROBES {
        rules.push_str(&format!(
            "  - id: probe/{name}\n    severity: warning\n    message: m\n    summary: s\n    docs: d\n    check: {{ phrase: {{ {phrase} }} }}\n    examples: {{ bad: [{bad}] }}\n"
        ));
    }
    let files = vec![
        (
            "probe/pack.yaml".to_owned(),
            "id: probe\nname: 探针\n".to_owned(),
        ),
        ("probe/rules.yaml".to_owned(), rules),
    ];
    Engine::new(vec![pack::parse_files(files).unwrap()]).unwrap()
}

fn compare(engine: &Engine, text: &str) -> Result<(), TestCaseError> {
    let rules = [
        "probe/han-bracket",
        "probe/original",
        "probe/unbounded",
        "probe/bounded",
    ];
    let file = SourceFile::from_text("<example>", text);
    let together = engine.check(&file, &CheckOptions::default());
    for rule in rules {
        let key = |d: &Diagnostic| (d.span, d.message.clone());
        let mut set: Vec<_> = together
            .iter()
            .filter(|d| d.rule == rule)
            .map(key)
            .collect();
        let mut alone: Vec<_> = engine.check_one(rule, text).iter().map(key).collect();
        set.sort();
        alone.sort();
        alone.dedup();
        prop_assert_eq!(set, alone, "{} on {:?}", rule, text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn windows_find_what_scans_find(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("年"), Just("月"), Just("日"), Just("号"), Just("第"), Just("〔"), Just("〕"),
                Just("("), Just(")"), Just("（"), Just("）"), Just("2024"), Just("１９"), Just("20"),
                Just("3"), Just("0"), Just("余"), Just("多"), Just("至"), Just("~"), Just("%"),
                Just("一"), Just("二"), Just(" "), Just("\u{3000}"), Just("\n"), Just("甲"), Just("."),
                Just("區"), Just("ａ"), Just("％"), Just("９"),
            ],
            0..60,
        )
    ) {
        let engine = probe();
        let text = parts.concat();
        compare(engine, &text)?;
        // A long tail without literals: windows are cheaper than a scan.
        compare(engine, &format!("{text}{}", "乙".repeat(4000)))?;
    }
}

fn probe() -> &'static Engine {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(probe_engine)
}

/// Many occurrences close together (windows overlap, matches end inside
/// later windows) and a long text where a scan is cheaper than windows.
#[test]
fn dense_and_sparse_occurrences() {
    let engine = probe();
    let dense = "甲〔2024〕3号〔2025〕第4号（2023）5号12月一日3月二日".repeat(50);
    compare(engine, &dense).unwrap();
    compare(engine, &format!("{dense}{}", "乙".repeat(100_000))).unwrap();
    let sparse = format!(
        "{}甲(2024)3号{}",
        "乙".repeat(20_000),
        "丙。".repeat(20_000)
    );
    compare(engine, &sparse).unwrap();
    // Runs of digits longer than a window walks, in both views.
    let long = format!("甲{}余件，{}至９％", "9".repeat(100), "９".repeat(30));
    compare(engine, &format!("{long}{}", "乙".repeat(100_000))).unwrap();
}

/// Searched near their literals many times (in the cheap form first, then
/// in the full one, which searches a bounded regex once a window, as far
/// as its longest match reaches), matches of every length, up to the
/// longest, are found whole.
#[test]
fn bounded_matches_are_found_whole_in_every_form() {
    let engine = probe();
    let matches =
        "甲1月一日乙12月一二三日丙〔2024〕第12号丁3月二三日。12月三日第一二三一节第三第二章";
    let text = format!("{}{}", matches.repeat(20), "乙".repeat(20_000));
    for _ in 0..40 {
        compare(engine, &text).unwrap();
    }
}
