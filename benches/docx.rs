//! What reading a Word document costs: `cargo bench --bench docx`.
//!
//! Builds a `.docx` of about 1 MB the way Word writes an edited draft (short
//! runs with revision ids and run properties, headings numbered by Word's
//! automatic numbering): a corpus report (`../shared/corpus/000*`, or text
//! of our own when the corpus is absent) repeated. Reports the time to read
//! it into its text rendering (ZIP, inflate, XML, numbering) — the cost a
//! `.docx` adds over a text file — the same for a single report, and the
//! time to write an annotated copy with 100 comments. Single-threaded; the
//! best of several runs.

#[allow(dead_code)]
#[path = "../tests/common/docx.rs"]
mod docx;

use reportlint::source::SourceFile;
use reportlint::source::docx::{Comment, annotate};
use reportlint::span::Span;
use std::hint::black_box;
use std::time::Instant;

/// The report text: corpus report 000, else a draft of our own.
fn report() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let found = std::fs::read_dir(dir).ok().and_then(|rd| {
        let path = rd.flatten().map(|e| e.path()).find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("000"))
        })?;
        SourceFile::decode("000", std::fs::read(path).ok()?).ok()
    });
    match found {
        Some(f) => f.text,
        None => {
            let mut t = String::from("关于2024年度法治政府建设情况的报告\n");
            for (i, h) in [
                "一、主要举措和成效",
                "二、存在的不足和原因",
                "三、2025年工作安排",
            ]
            .iter()
            .enumerate()
            {
                t.push_str(h);
                t.push('\n');
                for k in 1..=4 {
                    t.push_str(&format!(
                        "（{}）加强第{k}项工作\n",
                        ["一", "二", "三", "四"][k - 1]
                    ));
                    t.push_str(&format!(
                        "全年办理行政复议案件{}件，依法纠错{}件，纠错率{}%；审查规范性文件{}件。\n",
                        120 + i * 7 + k,
                        10 + k,
                        8 + k,
                        30 + k
                    ));
                }
            }
            t
        }
    }
}

fn best_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

fn main() {
    let text = report();
    let (paras, levels) = docx::numbered_paragraphs(&text);
    let mut all = Vec::new();
    let mut bytes = Vec::new();
    // Repeat the report until the package is about 1 MB.
    while bytes.len() < 1 << 20 {
        all.extend(paras.iter().map(|p| docx::Para {
            text: p.text.clone(),
            level: p.level,
        }));
        bytes = docx::write_docx(&all, &levels, docx::Runs::WordLike);
    }
    let file = SourceFile::decode("bench.docx", bytes.clone()).expect("the package reads");
    let info = file.docx.as_ref().expect("a Word document");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "package {:.2} MB → text {:.2} MB, {} paragraphs, {} automatic numbers ({cores} cores, 1 thread used)",
        bytes.len() as f64 / 1048576.0,
        file.text.len() as f64 / 1048576.0,
        info.lines.len(),
        info.generated.len()
    );
    let read = best_ms(10, || {
        black_box(SourceFile::decode("bench.docx", black_box(bytes.clone())).unwrap());
    });
    let text_bytes = file.text.clone().into_bytes();
    let plain = best_ms(10, || {
        black_box(SourceFile::decode("bench.txt", black_box(text_bytes.clone())).unwrap());
    });
    println!("read .docx: {read:.1} ms (the same text as a .txt: {plain:.1} ms)");
    let step = file.text.len() / 100;
    let comments: Vec<Comment> = (0..100)
        .filter_map(|i| {
            let start = (i * step..file.text.len()).find(|&b| file.text.is_char_boundary(b))?;
            let end = file.text[start..]
                .char_indices()
                .nth(4)
                .map_or(file.text.len(), |(k, _)| start + k);
            Some(Comment {
                span: Some(Span::new(start, end)),
                paragraphs: vec![format!("批注 {i}")],
            })
        })
        .collect();
    // One report, as drafts usually are.
    let one = docx::write_docx(&paras, &levels, docx::Runs::WordLike);
    let single = best_ms(20, || {
        black_box(SourceFile::decode("one.docx", black_box(one.clone())).unwrap());
    });
    println!(
        "read one report ({:.0} KB .docx): {single:.2} ms",
        one.len() as f64 / 1024.0
    );
    let write = best_ms(5, || {
        black_box(annotate(black_box(&bytes), &comments).unwrap());
    });
    println!("annotate with {} comments: {write:.1} ms", comments.len());
}
