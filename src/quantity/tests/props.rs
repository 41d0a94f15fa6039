//! Properties of [`extract`](crate::quantity::extract) on generated text:
//! it never panics and every span is on character boundaries.

use crate::quantity::{IdKind, Kind, clause_of, extract, sentence_of};
use proptest::prelude::*;

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "2",
        "0",
        "9",
        ".",
        ",",
        ":",
        "-",
        "—",
        "～",
        "%",
        "万",
        "亿",
        "余",
        "多",
        "件",
        "个",
        "百分点",
        "年",
        "月",
        "日",
        "号",
        "第",
        "一",
        "二",
        "两",
        "十",
        "百",
        "千",
        "〇",
        "点",
        "是",
        "、",
        "(",
        ")",
        "〔",
        "〕",
        "[",
        "]",
        "《",
        "》",
        "约",
        "超",
        "以上",
        " ",
        "f",
        "/",
        "\n",
        "。",
        "百分之",
        "·",
        "受理",
        "率",
        "，",
        "；",
        "！",
        "|",
        "分之",
        "2024",
        "年度",
    ])
    .prop_map(str::to_string)
}

proptest! {
    #[test]
    fn never_panics_and_spans_are_boundaries(parts in prop::collection::vec(piece(), 0..60)) {
        let text: String = parts.concat();
        let qs = extract(&text);
        let mut last = 0;
        for q in &qs {
            for s in [q.span(), q.number_span(), q.clause(), q.sentence()] {
                prop_assert!(s.start <= s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
            if let Some(k) = q.key() {
                prop_assert!(text.is_char_boundary(k.start) && text.is_char_boundary(k.end));
            }
            if let Some(u) = &q.unit {
                prop_assert!(text.is_char_boundary(u.span().start) && text.is_char_boundary(u.span().end));
            }
            prop_assert!(q.span().contains(q.number_span()) || q.kind == Kind::Identifier(IdKind::Code));
            prop_assert!(q.span().start >= last);
            prop_assert_eq!(q.clause(), clause_of(&text, q.span()));
            prop_assert_eq!(q.sentence(), sentence_of(&text, q.span()));
            last = q.span().end;
            let _ = q.interval();
            let _ = q.fraction();
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,80}") {
        let qs = extract(&text);
        for q in &qs {
            prop_assert!(text.is_char_boundary(q.span().start) && text.is_char_boundary(q.span().end));
        }
    }
}
