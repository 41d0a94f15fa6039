//! Every rule's inline examples: each `bad` fires, each `good` stays silent.

use reportlint::engine::Engine;
use reportlint::pack;

#[test]
fn every_builtin_rule_example_behaves() {
    let packs = pack::load_builtin(None).expect("built-in packs load");
    let engine = Engine::new(packs).expect("built-in packs compile");
    let failures = engine.verify_examples(false);
    let report: Vec<String> = failures
        .iter()
        .map(|f| format!("{}\n  {}\n  example: {}", f.rule, f.error, f.text.trim()))
        .collect();
    assert!(
        report.is_empty(),
        "{} example(s) failed:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// A run compiles built-in rules only when it runs them; here every rule is
/// compiled with every pattern, so a broken pattern fails the suite rather
/// than a user's run.
#[test]
fn every_builtin_rule_compiles() {
    let engine = Engine::new(pack::load_builtin(None).unwrap()).unwrap();
    if let Err(e) = engine.compile_all() {
        panic!("{:?}", e.into_report());
    }
}

#[test]
fn every_builtin_rule_is_documented() {
    let packs = pack::load_builtin(None).unwrap();
    let engine = Engine::new(packs).unwrap();
    let mut n = 0;
    for r in engine.rules() {
        n += 1;
        assert!(!r.summary.trim().is_empty(), "{}: empty summary", r.id);
        for heading in ["## 检查内容", "## 原因", "## 示例"] {
            assert!(r.docs.contains(heading), "{}: docs lack {heading}", r.id);
        }
        assert!(!r.bad.is_empty(), "{}: no bad example", r.id);
    }
    assert!(
        n >= 10,
        "expected the built-in packs to have rules, found {n}"
    );
}
