//! Properties of the matching view (`reportlint::normalize`): one character in,
//! one character out, and an exact offset map in both directions.
//!
//! Also checks the traditional-script corpus report (`shared/corpus/004_*.txt`)
//! when the shared folder is present beside the repository.

mod common;
use common::{corpus_path, corpus_paths};

use std::sync::OnceLock;

use proptest::prelude::*;
use reportlint::normalize::{
    Normalized, is_traditional, normalize_char, normalize_str, to_simplified,
};
use reportlint::span::Span;

/// Traditional characters whose simplified form has a different UTF-8 length
/// (BMP → astral), plus astral sources: the cases that create checkpoints.
fn length_changing_traditional() -> &'static [char] {
    static CHARS: OnceLock<Vec<char>> = OnceLock::new();
    CHARS.get_or_init(|| {
        let v: Vec<char> = ('\u{3400}'..='\u{FFFF}')
            .chain('\u{20000}'..='\u{2FFFF}')
            .filter(|&c| is_traditional(c) && to_simplified(c).len_utf8() != c.len_utf8())
            .collect();
        assert!(!v.is_empty());
        v
    })
}

fn any_text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        1 => prop::sample::select(vec!['\n', '\t', '\r']),
        3 => prop::char::range('\u{FF01}', '\u{FF5E}'),
        1 => prop::char::range('\u{FF5F}', '\u{FFEF}'),
        2 => prop::sample::select(vec!['\u{3000}', '\u{00A0}']),
        4 => prop::char::range('\u{4E00}', '\u{9FFF}'),
        3 => prop::sample::select(
            "區報號設開問題黨後裏裡麵發髮臺颱準範製於復議決執規乾徵薹薴苧國際".chars().collect::<Vec<_>>()
        ),
        2 => prop::sample::select(length_changing_traditional().to_vec()),
        1 => prop::char::range('\u{3400}', '\u{4DBF}'),
        1 => prop::char::range('\u{20000}', '\u{2A6DF}'),
        2 => prop::char::range('\u{1F300}', '\u{1F64F}'),
        2 => prop::char::range('\u{0300}', '\u{036F}'),
        1 => prop::sample::select(vec!['\u{200D}', '\u{FE0F}', '\u{FEFF}', 'é', 'ß']),
        1 => any::<char>(),
    ]
}

fn any_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any_text_char(), 0..64).prop_map(|v| v.into_iter().collect())
}

/// Byte offsets of every character boundary, including the end.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn same_char_count_and_per_char_mapping(s in any_text()) {
        let n = Normalized::new(&s);
        prop_assert_eq!(n.text().chars().count(), s.chars().count());
        let expected: String = s.chars().map(normalize_char).collect();
        prop_assert_eq!(n.text(), expected.as_str());
        prop_assert_eq!(normalize_str(&s), expected);
    }

    #[test]
    fn boundaries_map_to_boundaries(s in any_text()) {
        let n = Normalized::new(&s);
        let nb = boundaries(n.text());
        let ob = boundaries(&s);
        prop_assert_eq!(nb.len(), ob.len());
        for (&ni, &oi) in nb.iter().zip(&ob) {
            prop_assert_eq!(n.offset_to_original(ni), oi);
            prop_assert!(s.is_char_boundary(n.offset_to_original(ni)));
        }
    }

    #[test]
    fn spans_keep_char_count_and_round_trip(
        s in any_text(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        let n = Normalized::new(&s);
        let nb = boundaries(n.text());
        let (mut i, mut j) = (a.index(nb.len()), b.index(nb.len()));
        if i > j {
            std::mem::swap(&mut i, &mut j);
        }
        let span = Span::new(nb[i], nb[j]);
        let orig = n.to_original(span);
        prop_assert!(s.is_char_boundary(orig.start) && s.is_char_boundary(orig.end));
        prop_assert!(orig.start <= orig.end && orig.end <= s.len());
        prop_assert_eq!(orig.slice(&s).chars().count(), span.slice(n.text()).chars().count());
        prop_assert_eq!(normalize_str(orig.slice(&s)), span.slice(n.text()));
        prop_assert_eq!(n.from_original(orig), span);
    }

    #[test]
    fn from_original_then_back(s in any_text(), a in any::<prop::sample::Index>()) {
        let n = Normalized::new(&s);
        let ob = boundaries(&s);
        let o = ob[a.index(ob.len())];
        let span = n.from_original(Span::new(o, s.len()));
        prop_assert!(n.text().is_char_boundary(span.start));
        prop_assert_eq!(span.end, n.text().len());
        prop_assert_eq!(n.to_original(span), Span::new(o, s.len()));
    }

    #[test]
    fn idempotent(s in any_text()) {
        let once = normalize_str(&s);
        prop_assert_eq!(normalize_str(&once), once.clone());
        let n = Normalized::new(&once);
        prop_assert_eq!(n.text(), once.as_str());
        prop_assert!(!once.chars().any(is_traditional));
    }
}

/// Share of CJK ideographs in `text` that are traditional sources.
fn traditional_rate(text: &str) -> f64 {
    let cjk = text
        .chars()
        .filter(|&c| matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{20000}'..='\u{3134F}'))
        .count();
    let trad = text.chars().filter(|&c| is_traditional(c)).count();
    trad as f64 / cjk.max(1) as f64
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn traditional_corpus_report_normalizes() {
    let path = corpus_path("004_");
    let bytes = std::fs::read(&path).unwrap();
    let (original, _) = reportlint::source::decode(bytes).unwrap();

    let before = traditional_rate(&original);
    assert!(
        before > 0.2,
        "004 is the traditional-script report: {before}"
    );

    let n = Normalized::new(&original);
    let text = n.text();
    for term in [
        "法治政府",
        "行政复议",
        "依法行政",
        "执法",
        "决策", // 決策; this report never writes 決定
        "规范性文件",
        "报告",
        "区政府",
    ] {
        assert!(text.contains(term), "{term} missing after normalization");
        // …and maps back to the traditional spelling in the original.
        let start = text.find(term).unwrap();
        let orig = n.to_original(Span::new(start, start + term.len()));
        assert_eq!(normalize_str(orig.slice(&original)), term);
    }
    let after = traditional_rate(text);
    eprintln!("traditional rate: before {before:.3}, after {after:.3}");
    assert_eq!(after, 0.0);
}

#[test]
fn common_simplified_text_is_unchanged() {
    let s = "干部后续里面发布台账准确范围制度，法治政府建设年度报告：行政复议、依法行政、\
             行政执法、决定、规范性文件备案审查。乾坤、徵、蒜薹、著名、覆盖、影像。";
    let n = Normalized::new(s);
    assert_eq!(n.text(), s.replace('，', ",").replace('：', ":"));
    for c in "干后里面发台准范制".chars() {
        assert_eq!(normalize_char(c), c);
    }
}

/// Not a benchmark: a large input goes through without per-character work
/// showing up as failures (sizes and identity only, no timing).
#[test]
fn large_inputs() {
    let ascii = "Section 1. Lorem ipsum, 2024.\n".repeat(40_000);
    assert_eq!(Normalized::new(&ascii).text(), ascii);
    let mixed = "二〇二四年區政府依法行政（ＡＢＣ）\u{3000}完成。\n".repeat(20_000);
    let n = Normalized::new(&mixed);
    assert_eq!(n.text().chars().count(), mixed.chars().count());
    assert_eq!(n.offset_to_original(n.text().len()), mixed.len());
}

/// Every corpus report, saved as GBK and as GB18030, reads back as the same
/// text (the traditional one included).
#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_reports_decode_from_gbk() {
    let mut seen = 0;
    for path in corpus_paths() {
        let (text, _) = reportlint::source::decode(std::fs::read(&path).unwrap()).unwrap();
        for encoding in [encoding_rs::GBK, encoding_rs::GB18030] {
            let (bytes, _, unmappable) = encoding.encode(&text);
            if unmappable {
                continue;
            }
            let decoded = reportlint::source::decode(bytes.into_owned());
            assert_eq!(
                decoded,
                Ok((text.clone(), reportlint::source::Encoding::Gb18030)),
                "{} as {}",
                path.display(),
                encoding.name()
            );
            seen += 1;
        }
    }
    assert!(seen > 0);
}
