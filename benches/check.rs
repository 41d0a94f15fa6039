//! Throughput of a whole check: `cargo bench --bench check`.
//!
//! Loads and compiles the built-in packs once, then checks the corpus
//! reports (`../shared/corpus/`) as documents the way `reportlint check`
//! does — decode, normalize, structure, quantities, every rule — and reports
//! MB/s of input: single-threaded over each report, and in parallel over
//! many copies (a CI job over thousands of drafts), and with one
//! text-scanning or figure rule alone, and the JSON report of the findings.
//! Start-up cost (pack loading, and the first check, which compiles what it
//! needs) is reported on its own.
//! Compare with the peers in the README
//! (AutoCorrect 10–18 MB/s, textlint 4–5 MB/s).

use rayon::prelude::*;
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::report::{Checked, render_json};
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use reportlint::structure::Document;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let mut paths: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("cannot read corpus {dir}: {e}");
            return;
        }
    };
    paths.sort();
    let files: Vec<SourceFile> = paths
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            SourceFile::decode(p.display().to_string(), bytes).ok()
        })
        .collect();
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    if bytes == 0 {
        eprintln!("empty corpus");
        return;
    }

    let started = Instant::now();
    let packs = pack::load_builtin(None).expect("built-in packs load");
    let engine = Engine::new(packs).expect("packs compile");
    println!(
        "load + compile packs: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let options = CheckOptions::default();
    // Rules and regexes compile when a document first needs them: the first
    // check pays for what a one-report run compiles, the next only checks.
    for round in ["first check (compiles what it needs)", "second check"] {
        let t = Instant::now();
        black_box(engine.check(&files[0], &options));
        println!("{round}: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    // Single thread: the corpus, repeated until about 20 MB have been checked.
    let rounds = (20 << 20) / bytes + 1;
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        for _ in 0..rounds {
            for f in &files {
                black_box(engine.check(f, &options));
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "one thread: {:.1} MB/s ({} reports × {rounds})",
        mb / best,
        files.len()
    );
    for f in &files {
        let t = Instant::now();
        let n = 50;
        for _ in 0..n {
            black_box(engine.check(f, &options));
        }
        let per = t.elapsed().as_secs_f64() / f64::from(n);
        println!(
            "  {:<48} {:>7} B  {:>6.2} ms  {:>6.1} MB/s",
            f.name.rsplit('/').next().unwrap_or(&f.name),
            f.text.len(),
            per * 1e3,
            f.text.len() as f64 / 1e6 / per
        );
    }

    // The per-document scans one at a time (each also pays the stages it
    // needs: structure, and quantities for the figure rules): a regression
    // in one inner loop shows here without the noise of the others.
    for rule in [
        "gongwen/repeated-word",
        "gongwen/repeated-clause",
        "gongwen/unbalanced-pairs",
        "gongwen/half-width-punctuation",
        "shuzi/restated-figure",
        "shuzi/breakdown",
        "shuzi/growth",
        // The parts of the report, located by their headings (src/rules/required_section).
        "fazhi/section-order",
    ] {
        let t = Instant::now();
        for _ in 0..rounds / 4 + 1 {
            for f in &files {
                black_box(engine.check_with(f, &options, |id| id == rule));
            }
        }
        let mb = (bytes * (rounds / 4 + 1)) as f64 / 1e6;
        println!(
            "  alone: {rule:<34} {:>6.1} MB/s",
            mb / t.elapsed().as_secs_f64()
        );
    }

    // The structure pass alone (headings, paragraphs, statements,
    // enumerations: src/structure), on each report's text as read.
    let t = Instant::now();
    for _ in 0..rounds / 4 + 1 {
        for f in &files {
            black_box(Document::parse(&f.text));
        }
    }
    let mb = (bytes * (rounds / 4 + 1)) as f64 / 1e6;
    println!(
        "  alone: {:<34} {:>6.1} MB/s",
        "structure (Document::parse)",
        mb / t.elapsed().as_secs_f64()
    );

    // Every phrase rule together: the one pass of the literal automaton
    // over the text, then the regexes near their literals (src/rules/phrase).
    let phrase: Vec<&str> = engine
        .rules()
        .filter(|r| r.kind == "phrase")
        .map(|r| r.id.as_str())
        .collect();
    let t = Instant::now();
    for _ in 0..rounds / 4 + 1 {
        for f in &files {
            black_box(engine.check_with(f, &options, |id| phrase.contains(&id)));
        }
    }
    let mb = (bytes * (rounds / 4 + 1)) as f64 / 1e6;
    println!(
        "  alone: {:<34} {:>6.1} MB/s",
        format!("{} phrase rules", phrase.len()),
        mb / t.elapsed().as_secs_f64()
    );

    // The JSON report (`--format json`, src/report/json.rs) of the corpus's
    // findings, the corpus named 100 times, written to a sink.
    let checked: Vec<Checked> = files
        .iter()
        .cycle()
        .take(files.len() * 100)
        .map(|f| Checked {
            name: f.name.clone(),
            text: f.text.clone(),
            diagnostics: engine.check(f, &options),
        })
        .collect();
    let findings: usize = checked.iter().map(|c| c.diagnostics.len()).sum();
    let mut best = f64::MAX;
    let mut written = 0;
    for _ in 0..3 {
        let mut out = CountingSink(0);
        let t = Instant::now();
        render_json(black_box(&checked), &[], &mut out).expect("a sink takes every byte");
        best = best.min(t.elapsed().as_secs_f64());
        written = out.0;
    }
    println!(
        "json report: {findings} findings, {:.1} MB, {:.1} ms = {:.0} findings/ms",
        written as f64 / 1e6,
        best * 1e3,
        findings as f64 / (best * 1e3)
    );

    // Many drafts in parallel, as `reportlint check dir/` does.
    let copies: Vec<&SourceFile> = files.iter().cycle().take(files.len() * 400).collect();
    let total: usize = copies.iter().map(|f| f.text.len()).sum();
    let t = Instant::now();
    let findings: usize = copies
        .par_iter()
        .map(|f| engine.check(f, &options).len())
        .sum();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "parallel ({} threads): {} drafts, {:.1} MB in {:.2} s = {:.1} MB/s ({findings} findings)",
        rayon::current_num_threads(),
        copies.len(),
        total as f64 / 1e6,
        secs,
        total as f64 / 1e6 / secs
    );
}

/// A writer that keeps only the count of bytes written.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
