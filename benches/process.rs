//! Whole-process timing: `reportlint check` on one corpus report, as a
//! pre-commit hook or CI job runs it (start-up, pack compilation, decoding,
//! checking, output). Not a test: `cargo bench --bench process`.
//!
//! Runs the release binary N times (default 30, or `REPORTLINT_BENCH_RUNS`)
//! and prints the median, minimum and maximum wall time in milliseconds.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    // `cargo bench` builds the binary with the bench (release) profile.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_reportlint"));
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus");
    let report = std::fs::read_dir(&corpus)
        .ok()
        .and_then(|entries| {
            let mut files: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            files.sort();
            files.pop()
        })
        .unwrap_or_else(|| root.join("examples/draft-report.txt"));
    let runs: usize = std::env::var("REPORTLINT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(30);
    let once = || {
        let start = Instant::now();
        let status = Command::new(&bin)
            .args(["check", "--isolated", "--format", "short"])
            .arg(&report)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("the reportlint binary runs");
        assert!(
            status.code().is_some_and(|c| c < 2),
            "reportlint failed: {status}"
        );
        start.elapsed().as_secs_f64() * 1000.0
    };
    once(); // warm the page cache
    let mut times: Vec<f64> = (0..runs).map(|_| once()).collect();
    times.sort_by(f64::total_cmp);
    let median = if runs % 2 == 1 {
        times[runs / 2]
    } else {
        (times[runs / 2 - 1] + times[runs / 2]) / 2.0
    };
    println!(
        "process: {} ({} bytes), {runs} runs: median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        report.display(),
        std::fs::metadata(&report).map(|m| m.len()).unwrap_or(0),
        times[0],
        times[runs - 1]
    );
}
