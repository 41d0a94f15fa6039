//! The command line as users run it: exit codes, formats, config, broken packs.

mod common;
use common::*;

use std::path::Path;
use std::process::Output;

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn example(name: &str) -> String {
    root().join("examples").join(name).display().to_string()
}

#[test]
fn clean_report_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["check", &example("clean-report.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("没有发现问题"), "{}", stdout(&o));
}

#[test]
fn findings_exit_one_and_check_is_the_default_command() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &[&example("draft-report.txt")]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("fazhi/fazhi-not-fazhi"), "{out}");
    assert!(out.contains("draft-report.txt:4:"), "{out}");
}

#[test]
fn fail_on_controls_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    // Only a warning-level finding: the non-canonical first-duty wording.
    let text = std::fs::read_to_string(example("clean-report.txt"))
        .unwrap()
        .replace(
            "履行推进法治建设第一责任人职责，全年",
            "履行推进法治政府建设第一责任人职责，全年",
        );
    std::fs::write(&f, text).unwrap();
    let path = f.display().to_string();
    let o = run_in(dir.path(), &["check", "--format", "short", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("warning[fazhi/first-duty-wording]"),
        "{}",
        stdout(&o)
    );
    let o = run_in(dir.path(), &["check", "--fail-on", "warning", &path]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    // A BOM and full-width text: spans count the BOM; columns count characters.
    let body = "\u{feff}报告\n２０２４年，加快建设法制政府。\n";
    std::fs::write(&f, body).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--format", "json", &f.display().to_string()],
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["version"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    let d = diags
        .iter()
        .find(|d| d["rule"] == "fazhi/fazhi-not-fazhi")
        .expect("finding on 法制政府");
    assert_eq!(d["severity"], "error");
    // Named by its absolute path, shown (as in every format) relative to the
    // current directory it lies in.
    assert_eq!(d["path"], "r.txt");
    let (start, end) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&body[start..end], "法制政府");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(2), Some(15))
    );
    assert_eq!(d["help"], "改为“法治政府”");
    // Whole-document findings have a null span.
    assert!(diags.iter().any(|d| d["span"].is_null() && d["line"] == 1));
    // Sorted by (path, start, rule).
    let keys: Vec<(u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["span"]["start"].as_u64().unwrap_or(0),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    let s = &v["summary"];
    assert_eq!(s["files"], 1);
    let total = s["errors"].as_u64().unwrap()
        + s["warnings"].as_u64().unwrap()
        + s["infos"].as_u64().unwrap();
    assert_eq!(total as usize, diags.len());
}

#[test]
fn gb18030_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gbk.txt");
    let text = "2024年，加快建设法制政府。\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    std::fs::write(&f, &bytes).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--format", "json", &f.display().to_string()],
    );
    let v = json(&o);
    let d = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "fazhi/fazhi-not-fazhi")
        .cloned()
        .unwrap();
    let start = d["span"]["start"].as_u64().unwrap() as usize;
    let end = d["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(
        &text[start..end],
        "法制政府",
        "spans are bytes of the UTF-8 decoding"
    );
}

#[test]
fn unreadable_files_are_reported_and_the_run_continues() {
    let dir = tempfile::tempdir().unwrap();
    let bin_file = dir.path().join("image.txt");
    std::fs::write(&bin_file, [0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "加快建设法制政府。").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "short",
            "image.txt",
            "good.txt",
            "missing.txt",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("image.txt") && err.contains("二进制"), "{err}");
    assert!(err.contains("missing.txt"), "{err}");
    assert!(
        stdout(&o).contains("good.txt:1:"),
        "the other file is still checked: {}",
        stdout(&o)
    );
}

#[test]
fn directories_are_walked_with_extension_filter_and_hidden_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("drafts/sub")).unwrap();
    std::fs::create_dir_all(d.join(".hidden")).unwrap();
    std::fs::create_dir_all(d.join("target")).unwrap();
    for p in [
        "drafts/a.txt",
        "drafts/sub/b.md",
        "drafts/c.docx",
        ".hidden/d.txt",
        "target/e.txt",
    ] {
        std::fs::write(d.join(p), "加快建设法制政府。").unwrap();
    }
    let o = run_in(d, &["check", "--format", "json", "."]);
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 2, "{}", stdout(&o));
    let paths: Vec<String> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("a.txt")));
    assert!(paths.iter().any(|p| p.ends_with("b.md")));
}

#[test]
fn walked_files_come_in_the_order_of_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Names where the order of whole path strings ('-' < '.' < '/') and
    // the order of paths component by component differ.
    let files = [
        "r/a-b.txt",
        "r/a.txt",
        "r/a/z.txt",
        "r/a/b/c.txt",
        "r/B.txt",
        "r/b.txt",
        "r/b-/x.txt",
        "r/b/a.txt",
    ];
    for p in files {
        let p = d.join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "加快建设法制政府。").unwrap();
    }
    // `--diff` shows the files in the order they were found (the report
    // formats sort their findings by path string).
    let o = run_in(d, &["check", "--isolated", "--diff", "r"]);
    let out = stdout(&o);
    let seen: Vec<&str> = (out.lines())
        .filter_map(|line| line.strip_prefix("--- a/"))
        .collect();
    let mut expected: Vec<std::path::PathBuf> = files.iter().map(Into::into).collect();
    expected.sort();
    let expected: Vec<String> = expected.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(seen, expected, "{out}");
}

#[test]
fn stdin_with_a_display_name() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = bin()
        .current_dir(dir.path())
        .args([
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "草稿.txt",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("加快建设法制政府。".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        stdout(&o).contains("草稿.txt:1:5: error[fazhi/fazhi-not-fazhi]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn config_overrides_severity_and_rejects_unknown_rules() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(d.join("sub/r.txt"), "加快建设法制政府。").unwrap();
    std::fs::write(
        d.join("reportlint.yaml"),
        "rules:\n  fazhi/fazhi-not-fazhi: off\n",
    )
    .unwrap();
    // Discovered from a subdirectory upwards.
    let o = run_in(&d.join("sub"), &["check", "--format", "short", "r.txt"]);
    assert!(!stdout(&o).contains("fazhi-not-fazhi"), "{}", stdout(&o));
    // --isolated ignores it.
    let o = run_in(
        &d.join("sub"),
        &["check", "--isolated", "--format", "short", "r.txt"],
    );
    assert!(stdout(&o).contains("fazhi-not-fazhi"), "{}", stdout(&o));
    std::fs::write(
        d.join("reportlint.yaml"),
        "rules:\n  fazhi/no-such-rule: warning\n",
    )
    .unwrap();
    let o = run_in(&d.join("sub"), &["check", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("fazhi/no-such-rule") && err.contains("reportlint.yaml:2:"),
        "{err}"
    );
    std::fs::write(d.join("reportlint.yaml"), "rulez: {}\n").unwrap();
    let o = run_in(&d.join("sub"), &["check", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("rulez"), "{}", stderr(&o));
}

/// A minimal valid user pack, with `rule` spliced in.
fn write_pack(dir: &Path, rule: &str) -> String {
    let p = dir.join("mypack");
    std::fs::create_dir_all(&p).unwrap();
    std::fs::write(p.join("pack.yaml"), "id: mypack\nname: 测试\n").unwrap();
    std::fs::write(p.join("terms.yaml"), rule).unwrap();
    p.display().to_string()
}

const GOOD_RULE: &str = r#"rules:
  - id: mypack/no-jiaqiang
    severity: warning
    message: 不用“{match}”
    summary: 测试规则
    docs: |
      ## 检查内容
      测试。
    check:
      phrase:
        regex: ['胜诉率\d+%']
    examples:
      bad: [胜诉率100%]
"#;

#[test]
fn user_pack_loads_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path(), GOOD_RULE);
    let f = dir.path().join("r.txt");
    std::fs::write(&f, "胜诉率100%。").unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--pack", &pack, "--format", "short", "r.txt"],
    );
    assert!(
        stdout(&o).contains("warning[mypack/no-jiaqiang] 不用“胜诉率100%”"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = run_in(
        dir.path(),
        &["explain", "--pack", &pack, "mypack/no-jiaqiang"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("胜诉率100%"));
}

fn broken_pack(rule: &str, expect_line_col: &str, expect_text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path(), rule);
    let o = run_in(dir.path(), &["check", "--pack", &pack, "."]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("terms.yaml"), "names the file: {err}");
    assert!(
        err.contains(expect_line_col),
        "line:col {expect_line_col}: {err}"
    );
    assert!(err.contains(expect_text), "{expect_text}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn broken_pack_yaml_syntax() {
    broken_pack(
        &GOOD_RULE.replace("summary: 测试规则", "summary: [测试规则"),
        "terms.yaml:",
        "terms.yaml",
    );
}

#[test]
fn broken_pack_unknown_key() {
    broken_pack(&GOOD_RULE.replace("summary:", "sumary:"), ":5:", "sumary");
}

#[test]
fn broken_pack_unknown_kind() {
    broken_pack(&GOOD_RULE.replace("phrase:", "phrasee:"), ":10:", "phrasee");
}

#[test]
fn broken_pack_invalid_regex() {
    broken_pack(
        &GOOD_RULE.replace(r"胜诉率\d+%", r"胜诉率(\d+%"),
        "terms.yaml:11:",
        "无效的正则表达式",
    );
}

#[test]
fn broken_pack_bad_example_that_does_not_fire() {
    broken_pack(
        &GOOD_RULE.replace("bad: [胜诉率100%]", "bad: [败诉率5%]"),
        "terms.yaml:13:",
        "没有触发",
    );
}

#[test]
fn broken_pack_duplicate_id() {
    let two = format!("{GOOD_RULE}{}", &GOOD_RULE["rules:\n".len()..]);
    broken_pack(&two, "terms.yaml:14:", "重复");
}

#[test]
fn usage_errors_exit_two() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        run_in(dir.path(), &["check", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run_in(dir.path(), &["explain", "fazhi/nope"]).status.code(),
        Some(2)
    );
    assert_eq!(
        run_in(dir.path(), &["check", "--published", "2025-13-01"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run_in(dir.path(), &["--version"]).status.code(), Some(0));
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("fazhi/shortcomings-section"));
    let o = run_in(dir.path(), &["explain", "fazhi/shortcomings-section"]);
    let out = stdout(&o);
    assert!(
        out.contains("## 检查内容") && out.contains("## 原因") && out.contains("bad"),
        "{out}"
    );
}

#[test]
fn exclude_applies_to_parent_paths_and_to_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::create_dir_all(d.join("archive")).unwrap();
    std::fs::write(d.join("reportlint.yaml"), "exclude: [\"archive/**\"]\n").unwrap();
    std::fs::write(d.join("a.txt"), "加快建设法制政府。\n").unwrap();
    std::fs::write(d.join("archive/old.txt"), "加快建设法制政府。\n").unwrap();
    let select = ["--format", "short", "--select", "fazhi/fazhi-not-fazhi"];
    // `..` from a subdirectory still resolves to the excluded directory.
    let mut args = vec!["check"];
    args.extend(select);
    args.push("..");
    let o = run_in(&d.join("sub"), &args);
    let out = stdout(&o);
    assert!(out.contains("../a.txt:1:5"), "{out}");
    assert!(!out.contains("archive"), "{out}");
    // Standard input named like an excluded file is skipped too.
    let o = bin()
        .current_dir(d)
        .args([
            "check",
            "--format",
            "short",
            "--select",
            "fazhi/fazhi-not-fazhi",
        ])
        .args(["--stdin-filename", "archive/old.txt", "-"])
        .stdin(std::fs::File::open(d.join("archive/old.txt")).unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!stdout(&o).contains("fazhi-not-fazhi"), "{}", stdout(&o));
}

#[test]
fn json_diagnostics_are_sorted_by_path_start_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b.txt", "a.txt"] {
        std::fs::copy(example("draft-report.txt"), dir.path().join(name)).unwrap();
    }
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--format", "json", "b.txt", "a.txt"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<(String, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["span"]["start"].as_u64().unwrap_or(0),
                d["rule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(keys.len() > 2);
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}
