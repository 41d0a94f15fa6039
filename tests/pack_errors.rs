//! User packs and configuration files that are wrong: errors that say what
//! is wrong and where, in bounded space, under their own codes.

mod common;
use common::*;

use std::path::Path;

/// Write a pack directory `name` with `pack.yaml` (id `id`) and `rules.yaml`.
fn write_pack(dir: &Path, name: &str, id: &str, rules: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("pack.yaml"), format!("id: {id}\nname: 测试\n")).unwrap();
    std::fs::write(p.join("rules.yaml"), rules).unwrap();
    p.display().to_string()
}

/// One phrase rule with the given check body and bad examples.
fn phrase_rule(id: &str, check: &str, bad: &[&str]) -> String {
    let mut s = format!(
        "rules:\n  - id: {id}\n    severity: warning\n    message: 用了“{{match}}”\n    summary: 测试\n    docs: 测试\n    check:\n      phrase:\n        {check}\n    examples:\n      bad:\n"
    );
    for b in bad {
        s.push_str(&format!("        - \"{b}\"\n"));
    }
    s
}

#[test]
fn thousands_of_failing_examples_show_the_first_twenty_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let bad: Vec<String> = (0..10_000)
        .map(|i| format!("第{i}句没有要找的词。"))
        .collect();
    let bad: Vec<&str> = bad.iter().map(String::as_str).collect();
    let pack = write_pack(
        dir.path(),
        "many",
        "many",
        &phrase_rule("many/rule", "literal: [法制政府]", &bad),
    );
    let o = run_in(dir.path(), &["rules", "--pack", &pack]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.matches("bad 示例没有触发该规则 (").count(), 20, "{err}");
    assert!(err.contains("共 10000 处错误，只显示前 20 处"), "{err}");
    // Located: the first failing example is on line 12, column 11.
    assert!(err.contains("rules.yaml:12:11"), "{err}");
    assert!(err.contains("reportlint::pack"), "{err}");
}

#[test]
fn a_user_pack_may_not_take_a_built_in_id() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["fazhi", "reportlint"] {
        let pack = write_pack(
            dir.path(),
            &format!("mine-{id}"),
            id,
            &phrase_rule(&format!("{id}/extra"), "literal: [某词]", &["某词"]),
        );
        let o = run_in(dir.path(), &["check", "--isolated", "--pack", &pack, "."]);
        assert_eq!(o.status.code(), Some(2), "{id}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("规则包 id“{id}”是内置规则包的 id")),
            "{err}"
        );
        assert!(err.contains("pack.yaml:1:5"), "located: {err}");
    }
    // Two user packs with one id would merge silently too.
    let a = write_pack(
        dir.path(),
        "one",
        "local",
        &phrase_rule("local/a", "literal: [某词]", &["某词"]),
    );
    let b = write_pack(
        dir.path(),
        "two",
        "local",
        &phrase_rule("local/b", "literal: [某字]", &["某字"]),
    );
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--pack", &a, "--pack", &b, "."],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("规则包 id“local”已被") && err.contains("two"),
        "{err}"
    );
}

#[test]
fn traditional_literals_and_regexes_match_like_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = phrase_rule(
        "trad/literal",
        "literal: [法製政府]",
        &["加快建設法製政府。", "加快建设法制政府。"],
    );
    rules.push_str(
        &phrase_rule(
            "trad/regex",
            "regex: ['（建設）法製']",
            &["（建设）法制政府"],
        )
        .replacen("rules:\n", "", 1),
    );
    let pack = write_pack(dir.path(), "trad", "trad", &rules);
    std::fs::write(
        dir.path().join("d.txt"),
        "加快建设法制政府，(建設)法製政府。\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--pack",
            &pack,
            "--select",
            "trad",
            "--format",
            "short",
            "d.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "d.txt:1:5: warning[trad/literal] 用了“法制政府”\n\
         d.txt:1:10: warning[trad/regex] 用了“(建設)法製”\n\
         d.txt:1:14: warning[trad/literal] 用了“法製政府”\n"
    );
}

#[test]
fn pack_directories_that_are_missing_are_not_said_to_lack_pack_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file.yaml"), "id: x\n").unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let message = |pack: &str| {
        let o = run_in(dir.path(), &["rules", "--isolated", "--pack", pack]);
        assert_eq!(o.status.code(), Some(2), "{pack}");
        stderr(&o)
    };
    let missing = message("no-such-dir");
    assert!(
        missing.contains("规则包目录 no-such-dir 不存在") && !missing.contains("pack.yaml"),
        "{missing}"
    );
    let file = message("file.yaml");
    assert!(
        file.contains("它是文件") && !file.contains("缺少"),
        "{file}"
    );
    let empty = message("empty");
    assert!(empty.contains("缺少 pack.yaml"), "{empty}");
}

#[test]
fn configuration_errors_have_their_own_code() {
    let dir = tempfile::tempdir().unwrap();
    for (config, expect) in [
        ("rules:\n  fazhi/no-such-rule: off\n", "reportlint.yaml:2:"),
        ("colour: red\n", "reportlint.yaml:1:1"),
        ("packs: [fazhi, nosuch]\n", "reportlint.yaml:1:16"),
        ("rules: [unclosed\n", "reportlint.yaml:"),
    ] {
        std::fs::write(dir.path().join("reportlint.yaml"), config).unwrap();
        let o = run_in(dir.path(), &["rules"]);
        assert_eq!(o.status.code(), Some(2), "{config}");
        let err = stderr(&o);
        assert!(err.contains("reportlint::config"), "{config}: {err}");
        assert!(!err.contains("reportlint::pack"), "{config}: {err}");
        assert!(err.contains(expect), "{config}: {err}");
    }
}

/// A large user pack with one bad pattern deep inside, in a phrase rule
/// and in a figure rule (whose patterns compile on first use for the
/// built-in packs): the error names that pattern's line and column, both
/// for a syntax error and for a pattern that parses but compiles too big.
#[test]
fn a_bad_pattern_deep_in_a_large_pack_is_reported_at_its_place() {
    // Rule i starts on line 2 + 12 i; its pattern is on the rule's 8th line.
    let rule = |i: usize, check: &str| {
        format!(
            "  - id: big/r{i}\n    severity: warning\n    message: 规则{i}\n    summary: 测试\n    docs: 测试\n    check:\n      {check}\n        {}\n    examples:\n      bad:\n        - 办结率{i}件\n",
            if check.starts_with("phrase") {
                ""
            } else {
                "whole: '总数'"
            }
        )
    };
    let line_of = |i: usize| 2 + 12 * i + 7;
    for (bad_check, column, reason) in [
        (
            "phrase:\n        regex: ['办结率(\\d+件']",
            17,
            "无效的正则表达式",
        ),
        ("phrase:\n        regex: ['\\w{2000}件']", 17, "size limit"),
        (
            "part_within_total:\n        part: '件数('",
            15,
            "无效的正则表达式",
        ),
        (
            "part_within_total:\n        part: '\\w{2000}'",
            15,
            "size limit",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut rules = String::from("rules:\n");
        for i in 0..400 {
            let check = match i {
                350 => bad_check,
                _ if i % 2 == 0 => "phrase:\n        regex: ['办结率\\d+件']",
                _ => "part_within_total:\n        part: '办结'",
            };
            rules.push_str(&rule(i, check));
        }
        let bad_line = line_of(350);
        let pack = write_pack(dir.path(), "big", "big", &rules);
        let o = run_in(dir.path(), &["rules", "--pack", &pack]);
        assert_eq!(o.status.code(), Some(2), "{bad_check}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("rules.yaml:{bad_line}:{column}")),
            "{bad_check} at {bad_line}:{column}: {err}"
        );
        assert!(err.contains(reason), "{bad_check}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
