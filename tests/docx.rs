//! Word documents end to end: the committed fixtures of `tests/fixtures/docx`
//! (built by `scripts/docx-fixtures/make.py`) read to their expected text
//! rendering and findings; bad files are located errors; `--annotate`
//! writes a commented copy and nothing else; `--fix` is refused.
//!
//! Beside each readable fixture: `<name>.expect.txt`, the text rendering
//! (one line per paragraph), and `<name>.expect.yaml`, the findings of all
//! built-in rules (rule, line, the text under the span; `numbering: true`
//! when the finding is on Word's automatic numbering).

mod common;

use common::{root, run_in, stderr, stdout};
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Stdio;

#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
struct Expected {
    rule: String,
    line: usize,
    text: Option<String>,
    #[serde(default)]
    numbering: bool,
}

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/docx")
}

fn load(name: &str) -> SourceFile {
    let path = fixtures().join(name);
    SourceFile::decode(name, std::fs::read(&path).unwrap()).unwrap()
}

const READABLE: &[&str] = &[
    "numbered-report.docx",
    "manual-mixed.docx",
    "libreoffice-report.docx",
    "macro-enabled.docm",
];

#[test]
fn fixtures_render_and_report_as_expected() {
    let engine = Engine::new(pack::load_builtin(None).unwrap()).unwrap();
    let mut failures = Vec::new();
    for name in READABLE {
        let file = load(name);
        let stem = name.rsplit_once('.').unwrap().0;
        let text = std::fs::read_to_string(fixtures().join(format!("{stem}.expect.txt"))).unwrap();
        if file.text != text {
            failures.push(format!(
                "{name}: rendering\n--- expected\n{text}--- actual\n{}",
                file.text
            ));
        }
        let expect_path = fixtures().join(format!("{stem}.expect.yaml"));
        let expected: Vec<Expected> =
            serde_saphyr::from_str(&std::fs::read_to_string(&expect_path).unwrap()).unwrap();
        let index = reportlint::report::LineIndex::new(&file.text);
        let actual: Vec<Expected> = engine
            .check(&file, &CheckOptions::default())
            .into_iter()
            .map(|d| Expected {
                line: d.span.map_or(1, |s| index.line_col(s.start).line),
                text: d.span.map(|s| file.text[s.start..s.end].to_owned()),
                numbering: d.notes.iter().any(|n| n.contains("自动编号")),
                rule: d.rule,
            })
            .collect();
        if actual != expected {
            failures.push(format!(
                "{name}: findings\n  expected: {expected:?}\n  actual:   {actual:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn automatic_numbers_are_generated_text_that_no_fix_touches() {
    let file = load("numbered-report.docx");
    let info = file.docx.as_ref().unwrap();
    assert!(!info.macros);
    let numbers: Vec<&str> = info
        .generated
        .iter()
        .map(|g| file.text[g.span.start..g.span.end].trim_end())
        .collect();
    assert_eq!(
        numbers,
        [
            "一、",
            "（一）",
            "（二）",
            "1.",
            "①",
            "②",
            "2.",
            "二、",
            "三、"
        ]
    );
    let engine = Engine::new(pack::load_builtin(None).unwrap()).unwrap();
    let found = engine.check(&file, &CheckOptions::default());
    let dup = found
        .iter()
        .find(|d| d.rule == "gongwen/heading-sequence")
        .unwrap();
    assert!(dup.fix.is_none());
    assert!(
        dup.notes
            .iter()
            .any(|n| n.contains("“三、”是 Word 的自动编号")),
        "{:?}",
        dup.notes
    );
    let phrase = found
        .iter()
        .find(|d| d.rule == "fazhi/fazhi-not-fazhi")
        .unwrap();
    assert!(
        phrase.fix.is_some(),
        "fixes on the document's own text stay"
    );
    // A malformed automatic number is reported, but its fix is dropped.
    let mixed = load("manual-mixed.docx");
    let found = engine.check(&mixed, &CheckOptions::default());
    let marker = found
        .iter()
        .find(|d| d.rule == "gongwen/heading-marker")
        .unwrap();
    assert_eq!(
        &mixed.text[marker.span.unwrap().start..marker.span.unwrap().end],
        "1、"
    );
    assert!(marker.fix.is_none());
    assert!(marker.notes.iter().any(|n| n.contains("自动编号")));
    assert!(load("macro-enabled.docm").docx.unwrap().macros);
}

#[test]
fn bad_files_are_located_errors_and_the_run_continues() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "html-export.docx",
        "legacy.doc",
        "encrypted.docx",
        "macro-enabled.docm",
    ] {
        std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    let good = std::fs::read(fixtures().join("numbered-report.docx")).unwrap();
    std::fs::write(dir.path().join("truncated.docx"), &good[..good.len() / 2]).unwrap();
    std::fs::write(dir.path().join("empty.docx"), b"").unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--format",
            "short",
            "html-export.docx",
            "legacy.doc",
            "encrypted.docx",
            "truncated.docx",
            "empty.docx",
            "macro-enabled.docm",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for (file, words) in [
        ("html-export.docx", "内容是HTML 网页"),
        ("legacy.doc", "另存为” Word 文档（*.docx）"),
        ("encrypted.docx", "设有打开密码"),
        ("truncated.docx", "已损坏"),
        ("empty.docx", "空文件"),
    ] {
        let line = err
            .lines()
            .find(|l| l.contains(file))
            .unwrap_or_else(|| panic!("{file}: {err}"));
        assert!(err.contains(words), "{file}: {words} not in {line}\n{err}");
    }
    // The readable document was still checked.
    assert!(stdout(&o).contains("macro-enabled.docm:2:14: error[fazhi/fazhi-not-fazhi]"));
}

#[test]
fn standard_input_is_recognised_by_content() {
    let bytes = std::fs::read(fixtures().join("manual-mixed.docx")).unwrap();
    for name in ["草稿 一.docx", "draft"] {
        let o = run_stdin(
            &fixtures(),
            &[
                "check",
                "--isolated",
                "--format",
                "short",
                "--stdin-filename",
                name,
                "-",
            ],
            &bytes,
        );
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("{name}:11:1: error[gongwen/heading-sequence]")),
            "{}",
            stdout(&o)
        );
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| (e.path(), std::fs::read(e.path()).unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn check_and_fix_never_write_a_word_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("macro-enabled.docm"),
        dir.path().join("a.docm"),
    )
    .unwrap();
    std::fs::copy(
        fixtures().join("numbered-report.docx"),
        dir.path().join("b.docx"),
    )
    .unwrap();
    let before = snapshot(dir.path());
    let o = run_in(dir.path(), &["check", "--isolated", "."]);
    assert_eq!(o.status.code(), Some(1));
    // Directories: .docx is a default extension (.docm is not).
    assert!(stdout(&o).contains("b.docx:24:30"), "{}", stdout(&o));
    assert!(!stdout(&o).contains("a.docm"));
    for flag in ["--fix", "--diff"] {
        let o = run_in(
            dir.path(),
            &["check", "--isolated", flag, "a.docm", "b.docx"],
        );
        assert_eq!(o.status.code(), Some(2), "{flag}");
        assert!(stderr(&o).contains("请用 --annotate"), "{}", stderr(&o));
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn annotate_writes_a_commented_copy_beside_or_in_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("报告 初稿.docx");
    std::fs::copy(fixtures().join("numbered-report.docx"), &src).unwrap();
    let original = std::fs::read(&src).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--annotate", "报告 初稿.docx"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let copy = dir.path().join("报告 初稿.reportlint.docx");
    assert!(
        stderr(&o).contains("已写入带批注的副本 报告 初稿.reportlint.docx（2 条批注）"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&src).unwrap(),
        original,
        "the original is never modified"
    );
    let annotated = std::fs::read(&copy).unwrap();
    // The copy reads as the original and carries the comments.
    let again = SourceFile::decode("copy", annotated.clone()).unwrap();
    assert_eq!(again.text, load("numbered-report.docx").text);
    // An existing copy is not overwritten without --force.
    std::fs::write(&copy, b"keep").unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--isolated", "--annotate", "报告 初稿.docx"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("已存在，未覆盖"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&copy).unwrap(), b"keep");
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--annotate",
            "--force",
            "报告 初稿.docx",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(std::fs::read(&copy).unwrap(), annotated);
    // A directory of its own; the annotated copy is not checked as a draft.
    let out = dir.path().join("批注");
    std::fs::create_dir(&out).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--annotate",
            "--annotate-dir",
            "批注",
            "--format",
            "short",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("报告 初稿.reportlint.docx").is_file());
    assert!(!stdout(&o).contains("reportlint.docx"), "{}", stdout(&o));
    // Standard input needs a directory.
    let o = run_stdin(
        dir.path(),
        &["check", "--isolated", "--annotate", "-"],
        &original,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("需要用 --annotate-dir"),
        "{}",
        stderr(&o)
    );
    let o = run_stdin(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--annotate",
            "--annotate-dir",
            "批注",
            "--stdin-filename",
            "暂存.docx",
            "-",
        ],
        &original,
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(out.join("暂存.reportlint.docx").is_file());
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = common::bin()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn json_spans_are_bytes_of_the_rendering() {
    let o = run_in(
        &fixtures(),
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            "numbered-report.docx",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = load("numbered-report.docx").text;
    let d = &v["diagnostics"][0];
    let (s, e) = (
        d["span"]["start"].as_u64().unwrap() as usize,
        d["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "法制政府");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(24), Some(30))
    );
    // `debug text` shows the same lines.
    let o = run_in(
        &fixtures(),
        &["debug", "text", "--format", "json", "numbered-report.docx"],
    );
    let lines: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let line = &lines["lines"][23];
    assert_eq!(line["line"], 24);
    assert!(line["text"].as_str().unwrap().contains("推动法制政府建设"));
    let o = run_in(&fixtures(), &["debug", "text", "numbered-report.docx"]);
    assert!(stdout(&o).contains("25 │ 三、2025年工作安排\n   ┆ 标题样式 heading 1（大纲 1 级）；“三、”是 Word 的自动编号"), "{}", stdout(&o));
}

#[test]
fn every_output_format_reports_a_word_document() {
    for format in [
        "human", "short", "json", "sarif", "github", "junit", "rdjson",
    ] {
        let o = run_in(
            &fixtures(),
            &[
                "check",
                "--isolated",
                "--color",
                "never",
                "--format",
                format,
                "numbered-report.docx",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("numbered-report.docx"), "{format}: {out}");
        assert!(out.contains("fazhi/fazhi-not-fazhi"), "{format}: {out}");
    }
    // SARIF and GitHub locate by paragraph and character.
    let o = run_in(
        &fixtures(),
        &[
            "check",
            "--isolated",
            "--format",
            "github",
            "numbered-report.docx",
        ],
    );
    assert!(
        stdout(&o).contains("file=numbered-report.docx,line=24,col=30"),
        "{}",
        stdout(&o)
    );
}
