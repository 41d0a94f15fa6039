//! `--fix` and `--diff`: safe fixes written in the file's own encoding,
//! BOM, line endings and permissions; idempotent; never touching files
//! without fixes.

mod common;
use common::*;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, SystemTime};

const FIX: [&str; 6] = [
    "check",
    "--isolated",
    "--select",
    "fazhi",
    "--format",
    "short",
];

fn fix(dir: &Path, file: &str) -> Output {
    let mut args = FIX.to_vec();
    args.extend(["--fix", file]);
    run_in(dir, &args)
}

/// Pretend the file is old, so that a rewrite is visible in its mtime.
fn age(path: &Path) -> SystemTime {
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    old
}

const DRAFT: &str = "报告\n加快建设法制政府，深入学习习总书记重要讲话精神。\n";
const FIXED: &str = "报告\n加快建设法治政府，深入学习习近平总书记重要讲话精神。\n";

#[test]
fn fix_writes_rechecks_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, DRAFT).unwrap();
    let o = fix(dir.path(), "r.txt");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    // The remaining findings are those of the fixed text.
    let out = stdout(&o);
    assert!(
        !out.contains("fazhi-not-fazhi") && !out.contains("xi-full-name"),
        "{out}"
    );
    assert!(stderr(&o).contains("已修复 2 处"), "{}", stderr(&o));
    // A second run changes nothing, not even the mtime.
    let old = age(&f);
    let o2 = fix(dir.path(), "r.txt");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    assert_eq!(std::fs::metadata(&f).unwrap().modified().unwrap(), old);
    assert_eq!(stdout(&o2), out);
    assert!(!stderr(&o2).contains("已修复"));
}

#[test]
fn files_without_fixes_are_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("clean.txt");
    std::fs::write(&f, FIXED).unwrap();
    let old = age(&f);
    let o = fix(dir.path(), "clean.txt");
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    assert_eq!(std::fs::metadata(&f).unwrap().modified().unwrap(), old);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary files left: {names:?}");
}

#[test]
fn gb18030_stays_gb18030() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("gbk.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode(DRAFT);
    std::fs::write(&f, &bytes).unwrap();
    let o = fix(dir.path(), "gbk.txt");
    assert!(o.status.code().is_some_and(|c| c < 2), "{}", stderr(&o));
    let (expected, _, _) = encoding_rs::GB18030.encode(FIXED);
    assert_eq!(std::fs::read(&f).unwrap(), expected.into_owned());
}

#[test]
fn bom_and_crlf_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bom.md");
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    std::fs::write(&f, crlf(DRAFT)).unwrap();
    fix(dir.path(), "bom.md");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), crlf(FIXED));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, DRAFT).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    fix(dir.path(), "r.txt");
    assert_eq!(std::fs::read_to_string(&f).unwrap(), FIXED);
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn unwritable_directory_is_an_error_and_the_file_is_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    let f = sub.join("r.txt");
    std::fs::write(&f, DRAFT).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root may write anyway; then there is nothing to test.
    let writable = std::fs::write(sub.join("probe"), "").is_ok();
    if !writable {
        let o = fix(dir.path(), "ro/r.txt");
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("无法写入修复"), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&f).unwrap(), DRAFT);
        // The findings are still reported.
        assert!(stdout(&o).contains("fazhi-not-fazhi"));
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn diff_shows_fixes_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, DRAFT).unwrap();
    let mut args = FIX.to_vec();
    args.extend(["--diff", "r.txt"]);
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "--- a/r.txt\n+++ b/r.txt\n@@ -1,2 +1,2 @@\n 报告\n-加快建设法制政府，深入学习习总书记重要讲话精神。\n+加快建设法治政府，深入学习习近平总书记重要讲话精神。\n"
    );
    assert_eq!(std::fs::read_to_string(&f).unwrap(), DRAFT);
    std::fs::write(&f, FIXED).unwrap();
    let o = run_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
}

#[test]
fn fix_refuses_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = run_in(dir.path(), &["check", "--isolated", "--fix", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--fix"), "{}", stderr(&o));
}

/// The acceptance case: `--fix` on a copy of corpus report 001 fixes the
/// 文号 brackets and the year range, changes nothing else, and a second run
/// changes nothing.
#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn fix_on_corpus_report_001() {
    let original = corpus_path("001");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("001.txt");
    // Not `fs::copy`: the corpus is read-only, so would be the copy, and
    // `--fix` refuses read-only files.
    std::fs::write(&copy, std::fs::read(&original).unwrap()).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "--format",
            "short",
            "001.txt",
        ],
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(stderr(&o).contains("已修复 2 处"), "{}", stderr(&o));
    let after = std::fs::read(&copy).unwrap();
    let expected = String::from_utf8(before.clone())
        .unwrap()
        .replacen("鄂营商发[2025]1号", "鄂营商发〔2025〕1号", 1)
        .replacen("(2023-2027年)", "(2023—2027年)", 1);
    assert_ne!(after, before);
    assert_eq!(
        String::from_utf8(after.clone()).unwrap(),
        expected,
        "byte-identical elsewhere"
    );
    // The remaining findings no longer include the fixed ones.
    let out = stdout(&o);
    assert!(
        !out.contains("doc-number-brackets") && !out.contains("year-range-dash"),
        "{out}"
    );
    // A second run changes nothing.
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--isolated",
            "--fix",
            "--format",
            "short",
            "001.txt",
        ],
    );
    assert!(!stderr(&o).contains("已修复"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&copy).unwrap(), after);
}

/// One fix can make another possible: `一）、` first loses its comma and then
/// gains its opening bracket. `--fix` applies rounds until nothing is left,
/// so a second `--fix` finds nothing to do (found by the fuzz harness).
#[test]
fn fixes_apply_in_rounds_until_none_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("r.txt");
    std::fs::write(&f, "一）、主要举措和成效\n").unwrap();
    let o = run_in(dir.path(), &["check", "--isolated", "--fix", "r.txt"]);
    assert!(stderr(&o).contains("已修复 2 处"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&f).unwrap(),
        "（一）主要举措和成效\n"
    );
    let o = run_in(dir.path(), &["check", "--isolated", "--fix", "r.txt"]);
    assert!(!stderr(&o).contains("已修复"), "{}", stderr(&o));
    // --diff shows all rounds at once.
    std::fs::write(&f, "一）、主要举措和成效\n").unwrap();
    let o = run_in(dir.path(), &["check", "--isolated", "--diff", "r.txt"]);
    assert!(
        stdout(&o).contains("+（一）主要举措和成效"),
        "{}",
        stdout(&o)
    );
}
