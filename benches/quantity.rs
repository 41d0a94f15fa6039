//! Throughput of decoding (UTF-8 validation and the copy), of
//! normalization, of giving up and rebuilding the original (what the engine
//! does on a large document), and of quantity extraction:
//! `cargo bench --bench quantity`.
//!
//! A plain `fn main` (harness = false) timed with `std::time::Instant`: one
//! figure per stage (MB/s) is all we need, and it keeps criterion's large
//! dependency tree out of the build. The corpus files are concatenated and
//! repeated to ~8 MB; the text is normalized, and the normalized text
//! extracted, several times each; the best round is reported.

use reportlint::normalize::Normalized;
use reportlint::quantity::extract;
use reportlint::source::decode;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let mut files: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.flatten().map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("cannot read corpus {dir}: {e}");
            return;
        }
    };
    files.sort();
    let mut one_pass = String::new();
    for f in &files {
        if let Ok(t) = std::fs::read_to_string(f) {
            one_pass.push_str(&t);
            one_pass.push('\n');
        }
    }
    if one_pass.is_empty() {
        eprintln!("empty corpus");
        return;
    }
    let repeat = (8 << 20) / one_pass.len() + 1;
    let original = one_pass.repeat(repeat);
    let mb = original.len() as f64 / 1e6;
    let mut best = f64::MAX;
    for _ in 0..7 {
        let bytes = original.clone().into_bytes();
        let t0 = Instant::now();
        black_box(decode(black_box(bytes)).is_ok());
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "source::decode: {mb:.1} MB, best {:.1} ms, {:.1} MB/s",
        best * 1e3,
        mb / best
    );
    let mut best = f64::MAX;
    for _ in 0..7 {
        let t0 = Instant::now();
        black_box(Normalized::new(black_box(&original)));
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "normalize::Normalized::new: {} files x{repeat} = {mb:.1} MB, best {:.1} ms, {:.1} MB/s",
        files.len(),
        best * 1e3,
        mb / best
    );
    let mut best = f64::MAX;
    for _ in 0..7 {
        let owned = original.clone();
        let t0 = Instant::now();
        let mut n = Normalized::from_owned(black_box(owned));
        n.release_original();
        black_box(n.into_original());
        best = best.min(t0.elapsed().as_secs_f64());
    }
    println!(
        "normalize::Normalized::from_owned + release_original + into_original: {mb:.1} MB, best {:.1} ms, {:.1} MB/s",
        best * 1e3,
        mb / best
    );
    let text = Normalized::new(&original).text().to_owned();
    let mb = text.len() as f64 / 1e6;
    let mut best = f64::MAX;
    let mut count = 0;
    for _ in 0..7 {
        let t0 = Instant::now();
        let qs = extract(black_box(&text));
        let dt = t0.elapsed().as_secs_f64();
        count = qs.len();
        black_box(qs);
        best = best.min(dt);
    }
    println!(
        "quantity::extract: {} files x{repeat} = {mb:.1} MB, {count} quantities, best {:.1} ms, {:.1} MB/s",
        files.len(),
        best * 1e3,
        mb / best
    );
}
