//! Gate control: `--select`/`--ignore`, per-path settings, suppression
//! comments and baselines.

mod common;
use common::*;

use std::process::Output;

/// Rule ids of `--format short` output.
fn rules_of(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .filter_map(|l| {
            let start = l.find('[')? + 1;
            let end = l[start..].find(']')? + start;
            Some(l[start..end].to_owned())
        })
        .collect()
}

fn json_diagnostics(o: &Output) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)));
    v["diagnostics"].as_array().unwrap().clone()
}

const TWO_DEFECTS: &str = "加快建设法制政府。\n深入学习习总书记重要讲话精神。\n";

#[test]
fn select_and_ignore_take_ids_packs_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), TWO_DEFECTS).unwrap();
    let short = ["check", "--isolated", "--format", "short"];
    let run = |extra: &[&str]| {
        let mut a: Vec<&str> = short.to_vec();
        a.extend_from_slice(extra);
        a.push("r.txt");
        run_in(dir.path(), &a)
    };
    let o = run(&["--select", "fazhi/fazhi-not-fazhi"]);
    assert_eq!(rules_of(&o), ["fazhi/fazhi-not-fazhi"]);
    let o = run(&["--select", "fazhi/fazhi-not-fazhi,fazhi/xi-full-name"]);
    assert_eq!(
        rules_of(&o),
        ["fazhi/fazhi-not-fazhi", "fazhi/xi-full-name"]
    );
    let o = run(&[
        "--select",
        "fazhi/fazhi-not-fazhi",
        "--select",
        "fazhi/xi-full-name",
    ]);
    assert_eq!(rules_of(&o).len(), 2);
    // A pack prefix, with or without the slash.
    for pack in ["fazhi", "fazhi/"] {
        let o = run(&["--select", pack, "--ignore", "fazhi/xi-full-name"]);
        let rules = rules_of(&o);
        assert!(
            rules.contains(&"fazhi/fazhi-not-fazhi".to_owned()),
            "{rules:?}"
        );
        assert!(
            rules
                .iter()
                .all(|r| r.starts_with("fazhi/") && r != "fazhi/xi-full-name"),
            "{rules:?}"
        );
    }
    let o = run(&["--ignore", "fazhi"]);
    assert!(rules_of(&o).iter().all(|r| !r.starts_with("fazhi/")));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unknown_selector_is_a_usage_error_with_near_matches() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), TWO_DEFECTS).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--select",
            "fazhi/fazhi-not-fazi",
            "r.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("fazhi/fazhi-not-fazi") && err.contains("fazhi/fazhi-not-fazhi"),
        "{err}"
    );
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--ignore", "gongwn", "r.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("gongwen"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

#[test]
fn per_path_settings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("drafts/old")).unwrap();
    std::fs::write(d.join("drafts/old/a.txt"), TWO_DEFECTS).unwrap();
    std::fs::write(d.join("drafts/b.txt"), TWO_DEFECTS).unwrap();
    std::fs::write(
        d.join("reportlint.yaml"),
        "per_path:\n  - paths: [\"drafts/old/**\"]\n    rules:\n      fazhi/fazhi-not-fazhi: off\n      fazhi/xi-full-name: info\n",
    )
    .unwrap();
    let o = run_in(d, &["check", "--format", "short", "drafts"]);
    let out = stdout(&o);
    assert!(
        !out.contains("old/a.txt:1:5: error[fazhi/fazhi-not-fazhi]"),
        "{out}"
    );
    assert!(
        out.contains("old/a.txt:2:5: info[fazhi/xi-full-name]"),
        "{out}"
    );
    assert!(
        out.contains("drafts/b.txt:1:5: error[fazhi/fazhi-not-fazhi]"),
        "{out}"
    );
    assert!(
        out.contains("drafts/b.txt:2:5: error[fazhi/xi-full-name]"),
        "{out}"
    );
    // A pack id is accepted too.
    std::fs::write(
        d.join("reportlint.yaml"),
        "per_path:\n  - paths: [\"drafts/old/**\"]\n    rules: {fazhi: off}\n",
    )
    .unwrap();
    let o = run_in(d, &["check", "--format", "short", "drafts/old/a.txt"]);
    assert!(!stdout(&o).contains("fazhi/"), "{}", stdout(&o));
    // Unknown rule ids and unknown keys: file, line and column.
    std::fs::write(
        d.join("reportlint.yaml"),
        "per_path:\n  - paths: [\"drafts/old/**\"]\n    rules:\n      gongwen/heading-markr: off\n",
    )
    .unwrap();
    let o = run_in(d, &["check", "drafts"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("reportlint.yaml:4:") && err.contains("gongwen/heading-markr"),
        "{err}"
    );
    assert!(err.contains("gongwen/heading-marker"), "near match: {err}");
    std::fs::write(
        d.join("reportlint.yaml"),
        "per_path:\n  - paths: [\"drafts/old/**\"]\n    rulez: {}\n",
    )
    .unwrap();
    let o = run_in(d, &["check", "drafts"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("rulez") && err.contains("reportlint.yaml:3:"),
        "{err}"
    );
}

#[test]
fn suppression_comments() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\
<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->
引用原文：加快建设法制政府。
加快建设法制政府。
<!-- reportlint-disable fazhi -->
加快建设法制政府，学习习总书记讲话。
<!-- reportlint-enable fazhi -->
学习习总书记讲话。
<!-- reportlint-disable gongwen/heading-marker -->
<!-- reportlint-disable-next-line fazhi/fazhi-not-fazi -->
<!-- reportlint-disabled fazhi -->
";
    std::fs::write(dir.path().join("r.md"), text).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "short",
            "--ignore",
            "fazhi/first-duty-section,fazhi/measures-section,fazhi/plan-section,fazhi/shortcomings-section,fazhi/title",
            "r.md",
        ],
    );
    let out = stdout(&o);
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "r.md:3:5: error[fazhi/fazhi-not-fazhi] “法制政府”应为“法治政府”",
            "r.md:7:3: error[fazhi/xi-full-name] 应写作“习近平总书记”",
            "r.md:8:25: warning[reportlint/unused-suppression] 这条抑制注释（gongwen/heading-marker）没有抑制任何问题，可以删除",
            "r.md:9:35: warning[reportlint/unknown-suppression-rule] 抑制注释中的规则“fazhi/fazhi-not-fazi”不存在（用 `reportlint rules` 查看可用规则）",
            "r.md:10:1: warning[reportlint/unknown-suppression-rule] 无法识别的 reportlint 注释；应写作 reportlint-disable、reportlint-enable 或 reportlint-disable-next-line，后接规则 id",
        ],
        "{out}"
    );
    // The comment rules are ordinary rules: listed, explained, ignorable.
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "short",
            "--ignore",
            "reportlint/unused-suppression",
            "r.md",
        ],
    );
    assert!(!stdout(&o).contains("unused-suppression"));
    assert!(stdout(&o).contains("unknown-suppression-rule"));
    let o = run_in(dir.path(), &["rules", "--isolated"]);
    assert!(stdout(&o).contains("reportlint/unused-suppression"));
    assert!(stdout(&o).contains("reportlint/unknown-suppression-rule"));
    let o = run_in(
        dir.path(),
        &["explain", "--isolated", "reportlint/unused-suppression"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("## 原因"));
    // A disable without rules covers everything, whole-document findings too.
    std::fs::write(
        dir.path().join("all.md"),
        "<!-- reportlint-disable -->\n加快建设法制政府。\n",
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "short", "all.md"],
    );
    assert_eq!(stdout(&o), "", "{}", stdout(&o));
    assert_eq!(o.status.code(), Some(0));
}

fn corpus_report() -> std::path::PathBuf {
    corpus_paths().remove(0)
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn baseline_survives_edits_and_reports_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let report = corpus_report();
    let original = std::fs::read_to_string(report).unwrap();
    std::fs::write(d.join("report.txt"), &original).unwrap();
    let o = run_in(
        d,
        &[
            "check",
            "--isolated",
            "--write-baseline",
            "baseline.json",
            "report.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["version"], 1);
    let recorded = baseline["findings"].as_array().unwrap();
    assert!(!recorded.is_empty(), "the corpus report has findings");
    for e in recorded {
        assert_eq!(e["path"], "report.txt");
        assert!(e["fingerprint"].as_str().unwrap().len() == 16);
        assert!(e["occurrence"].is_u64() && e["line"].is_null());
    }
    // Stable: writing again gives the same bytes.
    let first = std::fs::read(d.join("baseline.json")).unwrap();
    run_in(
        d,
        &[
            "check",
            "--isolated",
            "--write-baseline",
            "baseline.json",
            "report.txt",
        ],
    );
    assert_eq!(std::fs::read(d.join("baseline.json")).unwrap(), first);

    // A paragraph inserted at the top moves every line: still nothing new.
    let edited = format!("本报告为征求意见稿，请各部门于三日内反馈意见。\n\n{original}");
    std::fs::write(d.join("report.txt"), &edited).unwrap();
    let args = [
        "check",
        "--isolated",
        "--format",
        "json",
        "--baseline",
        "baseline.json",
        "report.txt",
    ];
    let o = run_in(d, &args);
    assert_eq!(json_diagnostics(&o), Vec::<serde_json::Value>::new());
    assert_eq!(o.status.code(), Some(0));

    // One new defect: exactly one finding.
    let line = edited
        .lines()
        .enumerate()
        .find(|(i, l)| *i > 10 && l.contains('。'))
        .map(|(_, l)| l.to_owned())
        .unwrap();
    let cut = line.find('。').unwrap() + '。'.len_utf8();
    let new_line = format!("{}同时加快建设法制政府。{}", &line[..cut], &line[cut..]);
    std::fs::write(d.join("report.txt"), edited.replacen(&line, &new_line, 1)).unwrap();
    let o = run_in(d, &args);
    let diags = json_diagnostics(&o);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["rule"], "fazhi/fazhi-not-fazhi");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn baseline_counts_identical_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let line = "加快建设法制政府。\n";
    std::fs::write(d.join("r.txt"), line.repeat(2)).unwrap();
    run_in(
        d,
        &[
            "check",
            "--isolated",
            "--select",
            "fazhi",
            "--write-baseline",
            "b.json",
            "r.txt",
        ],
    );
    std::fs::write(d.join("r.txt"), line.repeat(3)).unwrap();
    let o = run_in(
        d,
        &[
            "check",
            "--isolated",
            "--select",
            "fazhi",
            "--format",
            "json",
            "--baseline",
            "b.json",
            "r.txt",
        ],
    );
    assert_eq!(json_diagnostics(&o).len(), 1);
}

#[test]
fn bad_baseline_files_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("r.txt"), TWO_DEFECTS).unwrap();
    std::fs::write(d.join("bad.json"), "{\"version\": 1, \"findings\": [").unwrap();
    for args in [
        vec!["check", "--isolated", "--baseline", "bad.json", "r.txt"],
        vec!["check", "--isolated", "--baseline", "missing.json", "r.txt"],
        vec![
            "check",
            "--isolated",
            "--write-baseline",
            "no/such/dir/b.json",
            "r.txt",
        ],
    ] {
        let o = run_in(d, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("基线文件") && !err.contains("panicked"),
            "{err}"
        );
    }
}
