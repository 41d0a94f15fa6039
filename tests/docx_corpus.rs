//! Real reports laid into Word documents whose headings are numbered by
//! Word's automatic numbering (built at test time by `tests/common/docx.rs`;
//! the corpus text is never committed) give the same findings as the text
//! files: same rules, messages and flagged text. Only what is about the
//! numbering itself differs: findings on an automatic number say so, and
//! their fixes are dropped.

mod common;

use common::corpus_text;
use common::docx::{Runs, numbered_paragraphs, write_docx};
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_reports_as_word_documents_read_and_report_the_same() {
    // 004 is flattened onto one line: no heading starts a paragraph.
    for (prefix, at_least) in [("000", 15), ("001", 8), ("002", 5), ("003", 10)] {
        same_findings(&corpus_text(prefix), at_least);
    }
}

fn same_findings(text: &str, at_least: usize) {
    let text = text.to_owned();
    let (paras, levels) = numbered_paragraphs(&text);
    let numbered = paras.iter().filter(|p| p.level.is_some()).count();
    assert!(
        numbered >= at_least,
        "only {numbered} headings numbered automatically"
    );
    let bytes = write_docx(&paras, &levels, Runs::WordLike);
    let docx = SourceFile::decode("report.docx", bytes).unwrap();
    let info = docx.docx.as_ref().unwrap();
    assert_eq!(info.generated.len(), numbered);
    // The rendering is the text, line for line.
    let lines: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .collect();
    assert_eq!(docx.text.lines().collect::<Vec<_>>(), lines);
    let txt = SourceFile::from_text("report.txt", text.clone());
    let engine = Engine::new(pack::load_builtin(None).unwrap()).unwrap();
    let key = |f: &SourceFile| -> Vec<(String, String, Option<String>)> {
        engine
            .check(f, &CheckOptions::default())
            .into_iter()
            .map(|d| {
                (
                    d.rule,
                    d.message,
                    d.span.map(|s| f.text[s.start..s.end].to_owned()),
                )
            })
            .collect()
    };
    let (from_txt, from_docx) = (key(&txt), key(&docx));
    assert!(!from_txt.is_empty());
    eprintln!("{numbered} automatic numbers, {} findings", from_txt.len());
    assert_eq!(from_docx, from_txt);
}
