//! Helpers shared by the integration tests: running the binary, reading its
//! output, and finding the shared corpus.
#![allow(dead_code, unreachable_pub, unused_macros)]

pub(crate) mod docx;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The crate root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `reportlint` binary, with `NO_COLOR` cleared so tests see what users see.
pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_reportlint"));
    c.env_remove("NO_COLOR");
    c
}

/// Run the binary in `dir` (so no configuration of this repository is picked
/// up), with no standard input.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("binary runs")
}

/// `check` without configuration, of one rule (`fazhi/fazhi-not-fazhi`):
/// the arguments before the format, flags and paths of a test.
pub(crate) const ONE_RULE: [&str; 4] = ["check", "--isolated", "--select", "fazhi/fazhi-not-fazhi"];

/// [`ONE_RULE`] followed by `rest`.
pub(crate) fn one_rule<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    ONE_RULE
        .iter()
        .copied()
        .chain(rest.iter().copied())
        .collect()
}

/// Run the binary in `dir` like [`run_in`], killing it (and failing the
/// test) when it has not finished within `secs`: reading a FIFO without a
/// writer, say, would wait forever.
pub(crate) fn run_with_deadline(dir: &Path, args: &[&str], secs: u64) -> Output {
    use std::time::{Duration, Instant};
    let mut child = bin()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("reportlint {args:?} did not finish in {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Where the shared corpus lives: beside the checkout.
pub(crate) fn corpus_dir() -> PathBuf {
    root().join("../shared/corpus")
}

/// The real reports of `../shared/corpus/`, sorted.
///
/// Only tests marked `#[cfg_attr(corpus_missing, ignore = "needs
/// ../shared/corpus")]` call this: the build script sets `corpus_missing`
/// when the corpus is absent, so such a test is listed as ignored rather
/// than passing without checking anything. Reaching here without the corpus
/// (it was removed after the build) fails the test.
pub(crate) fn corpus_paths() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no reports in {}: restore the corpus, or `touch build.rs` so that the corpus tests are ignored",
        corpus_dir().display()
    );
    files
}

/// The corpus report whose name starts with `prefix`.
pub(crate) fn corpus_path(prefix: &str) -> PathBuf {
    corpus_paths()
        .into_iter()
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no corpus report {prefix}* in {}", corpus_dir().display()))
}

/// The decoded text of the corpus report whose name starts with `prefix`.
pub(crate) fn corpus_text(prefix: &str) -> String {
    let path = corpus_path(prefix);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reportlint::source::SourceFile::decode(prefix, bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .text
}
