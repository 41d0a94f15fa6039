//! The cache of validated user packs (`.reportlint_cache`): a hit gives
//! exactly the output of a cold load; a changed pack, a damaged entry or
//! another location is a miss that rebuilds it; an invalid pack is reported
//! exactly as without a cache and never stored; `--no-cache` writes nothing.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Output;

const RULES: &str = "rules:
  - id: mine/no-jiaqiang
    severity: warning
    message: 少用“{match}”
    summary: 测试
    docs: 测试
    check: { phrase: { literal: [进一步加强] } }
    examples: { bad: [要进一步加强管理], good: [加强管理] }
  - id: mine/item-count
    severity: info
    message: 核对“{match}”的项数
    summary: 测试
    docs: 测试
    check: { phrase: { regex: ['审查\\d{1,3}项'] } }
    examples: { bad: [全年审查12项], good: [审查若干项] }
";

const REPORT: &str = "某市2024年法治政府建设情况报告\n\n一、主要工作\n\n全年审查27项规范性文件，要进一步加强备案监督。\n";

/// A project: a pack `mine`, a report, and the cache directory's path.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pack = dir.path().join("mine");
        std::fs::create_dir_all(&pack).unwrap();
        std::fs::write(pack.join("pack.yaml"), "id: mine\nname: 我的规则\n").unwrap();
        std::fs::write(pack.join("rules.yaml"), RULES).unwrap();
        std::fs::write(dir.path().join("r.txt"), REPORT).unwrap();
        Project { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn cache(&self) -> PathBuf {
        self.path().join(".reportlint_cache")
    }

    fn check(&self, extra: &[&str]) -> Output {
        let mut args = vec!["check", "--isolated", "--pack", "mine"];
        args.extend_from_slice(extra);
        args.push("r.txt");
        run_in(self.path(), &args)
    }

    /// The cache's entries (not its `.gitignore` and `CACHEDIR.TAG`).
    fn entries(&self) -> Vec<PathBuf> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(self.cache())
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        entries.retain(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("packs-")
        });
        entries.sort();
        entries
    }

    fn entry(&self) -> PathBuf {
        let entries = self.entries();
        assert_eq!(entries.len(), 1, "{entries:?}");
        entries[0].clone()
    }
}

fn same_run(a: &Output, b: &Output) {
    assert_eq!(a.status.code(), b.status.code());
    assert_eq!(stdout(a), stdout(b));
    assert_eq!(stderr(a), stderr(b));
}

/// The entry's identity: a rewrite renames a new file into place.
#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

#[test]
fn a_hit_gives_the_same_output_as_a_cold_load() {
    let p = Project::new();
    let uncached = p.check(&["--no-cache"]);
    assert!(!p.cache().exists(), "--no-cache writes nothing");
    assert_eq!(uncached.status.code(), Some(1), "{}", stderr(&uncached));
    assert!(stdout(&uncached).contains("mine/no-jiaqiang"));
    assert!(stdout(&uncached).contains("mine/item-count"));

    let cold = p.check(&[]);
    same_run(&cold, &uncached);
    let entry = p.entry();
    let ignore = std::fs::read_to_string(p.cache().join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert!(p.cache().join("CACHEDIR.TAG").is_file());

    let warm = p.check(&[]);
    same_run(&warm, &uncached);
    for format in ["json", "short", "sarif"] {
        same_run(
            &p.check(&["--format", format]),
            &p.check(&["--no-cache", "--format", format]),
        );
    }
    // A hit reads the entry and leaves it as it is.
    #[cfg(unix)]
    {
        let before = inode(&entry);
        p.check(&[]);
        assert_eq!(inode(&entry), before, "a hit does not rewrite its entry");
    }
    let rules = run_in(p.path(), &["rules", "--isolated", "--pack", "mine"]);
    let rules_uncached = run_in(
        p.path(),
        &["rules", "--isolated", "--no-cache", "--pack", "mine"],
    );
    same_run(&rules, &rules_uncached);
}

#[test]
fn a_changed_pack_file_is_a_miss() {
    let p = Project::new();
    p.check(&[]);
    let entry = p.entry();
    let rules = p.path().join("mine/rules.yaml");
    std::fs::write(&rules, RULES.replace("少用", "慎用")).unwrap();
    let changed = p.check(&[]);
    assert!(
        stdout(&changed).contains("慎用“进一步加强”"),
        "{}",
        stdout(&changed)
    );
    same_run(&changed, &p.check(&["--no-cache"]));
    // The same entry, rewritten: the cache does not grow.
    assert_eq!(p.entry(), entry);
    // A file added to the pack is a change too.
    std::fs::write(
        p.path().join("mine/more.yaml"),
        "rules:\n  - id: mine/more\n    severity: error\n    message: 不写“{match}”\n    summary: s\n    docs: d\n    check: { phrase: { literal: [备案监督] } }\n    examples: { bad: [备案监督] }\n",
    )
    .unwrap();
    let added = p.check(&[]);
    assert!(stdout(&added).contains("mine/more"), "{}", stdout(&added));
    same_run(&added, &p.check(&["--no-cache"]));
}

#[test]
fn a_damaged_entry_is_rebuilt() {
    let p = Project::new();
    let expected = p.check(&["--no-cache"]);
    p.check(&[]);
    let entry = p.entry();
    let good = std::fs::read(&entry).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x11;
    for damaged in [
        Vec::new(),
        good[..good.len() / 3].to_vec(),
        flipped,
        b"not an entry".to_vec(),
    ] {
        std::fs::write(&entry, &damaged).unwrap();
        same_run(&p.check(&[]), &expected);
        assert_eq!(std::fs::read(&entry).unwrap(), good, "rebuilt");
    }
    // A directory where the entry should be: no error, no cache.
    std::fs::remove_file(&entry).unwrap();
    std::fs::create_dir(&entry).unwrap();
    same_run(&p.check(&[]), &expected);
}

#[test]
fn an_invalid_pack_is_reported_as_without_a_cache_and_never_stored() {
    let p = Project::new();
    p.check(&[]);
    let entry = p.entry();
    let good = std::fs::read(&entry).unwrap();
    let rules = p.path().join("mine/rules.yaml");
    for broken in [
        // A bad pattern, a failing example, a YAML error.
        RULES.replace("审查\\d{1,3}项", "审查(\\d{1,3}项"),
        RULES.replace("good: [审查若干项]", "good: [审查3项]"),
        RULES.replace("severity: info", "severity: [info"),
    ] {
        std::fs::write(&rules, &broken).unwrap();
        let cached = p.check(&[]);
        let uncached = p.check(&["--no-cache"]);
        assert_eq!(cached.status.code(), Some(2), "{}", stderr(&cached));
        same_run(&cached, &uncached);
        assert!(
            stderr(&cached).contains("rules.yaml:"),
            "{}",
            stderr(&cached)
        );
        assert_eq!(std::fs::read(&entry).unwrap(), good, "never stored");
    }
}

#[test]
fn the_cache_goes_where_it_is_told_or_nowhere() {
    let p = Project::new();
    let expected = p.check(&["--no-cache"]);
    let elsewhere = p.path().join("elsewhere");
    same_run(
        &p.check(&["--cache-dir", elsewhere.to_str().unwrap()]),
        &expected,
    );
    assert!(elsewhere.is_dir());
    assert!(!p.cache().exists());

    let o = bin()
        .current_dir(p.path())
        .args(["check", "--isolated", "--pack", "mine", "r.txt"])
        .env("REPORTLINT_NO_CACHE", "1")
        .output()
        .unwrap();
    same_run(&o, &expected);
    assert!(!p.cache().exists());

    // A location that cannot be created: checked all the same.
    std::fs::write(p.path().join("a-file"), "").unwrap();
    same_run(&p.check(&["--cache-dir", "a-file/cache"]), &expected);

    // The configuration's `cache_dir`, relative to it.
    std::fs::write(
        p.path().join("reportlint.yaml"),
        "extra_packs: [mine]\ncache_dir: build/cache\n",
    )
    .unwrap();
    let configured = run_in(p.path(), &["check", "r.txt"]);
    assert_eq!(stdout(&configured), stdout(&expected));
    assert!(p.path().join("build/cache/.gitignore").is_file());
    assert!(!p.cache().exists());
}

/// Parallel runs (pre-commit) share the cache: every one gives the same
/// output, and one whole entry remains, with no temporary file.
#[test]
fn parallel_runs_share_the_cache() {
    let p = Project::new();
    let expected = p.check(&["--no-cache"]);
    for _round in 0..2 {
        let children: Vec<_> = (0..8)
            .map(|_| {
                bin()
                    .current_dir(p.path())
                    .args(["check", "--isolated", "--pack", "mine", "r.txt"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            same_run(&child.wait_with_output().unwrap(), &expected);
        }
        p.entry();
        let names: Vec<String> = std::fs::read_dir(p.cache())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 3, "{names:?}");
    }
}
