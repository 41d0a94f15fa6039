//! Helpers shared by the integration tests: running the binary, reading its
//! output, and finding the shared corpus.
#![allow(dead_code, unreachable_pub, unused_macros)]

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

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The real reports of `../shared/corpus/`, sorted (empty when absent).
pub(crate) fn corpus_paths() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("../shared/corpus"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The decoded text of the corpus report whose name starts with `prefix`.
pub(crate) fn corpus_text(prefix: &str) -> Option<String> {
    let path = corpus_paths().into_iter().find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    })?;
    let file = reportlint::source::SourceFile::decode(prefix, std::fs::read(path).ok()?).ok()?;
    Some(file.text)
}

/// The text of a corpus report, or return from the test with a `SKIP:` line
/// when the corpus is not beside the checkout.
macro_rules! corpus_or_skip {
    ($prefix:expr) => {
        match corpus_text($prefix) {
            Some(t) => t,
            None => {
                eprintln!("SKIP: ../shared/corpus/{}* not found", $prefix);
                return;
            }
        }
    };
}
