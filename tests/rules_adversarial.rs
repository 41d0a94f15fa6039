//! Adversarial checks of the numeric and wording rule kinds: arbitrary
//! report-like text never makes a rule panic, and every span a diagnostic
//! reports (its own, its labels', its fix's) lies on character boundaries of
//! the checked text.
//!
//! Realistic must-flag / must-not-flag drafts live as fixtures under
//! `tests/fixtures/`; this file holds the property and the few cases that
//! are easier to state in code.

use proptest::prelude::*;
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use reportlint::span::Span;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(pack::load_builtin(None).unwrap()).unwrap())
}

/// Fragments a draft is made of: words, figures, units, markers, brackets,
/// headings, punctuation in both widths.
const FRAGMENTS: &[&str] = &[
    "受理",
    "审结",
    "办结",
    "纠错",
    "调撤",
    "败诉",
    "成功调解",
    "调处",
    "行政复议案件",
    "矛盾纠纷",
    "规范性文件",
    "合同",
    "全年",
    "全区",
    "区本级",
    "共",
    "累计",
    "同比",
    "上年",
    "增长",
    "下降",
    "提高",
    "个百分点",
    "其中",
    "包括",
    "分别为",
    "其他",
    "等",
    "余",
    "约",
    "近",
    "多",
    "以上",
    "率",
    "纠错率",
    "调撤率",
    "占",
    "占比",
    "的",
    "由",
    "从",
    "增加到",
    "下降到",
    "提高到",
    "件",
    "个",
    "项",
    "人",
    "名",
    "万",
    "亿",
    "万元",
    "%",
    "‰",
    "年",
    "月",
    "日",
    "2024",
    "2025",
    "2025—2027",
    "2023-2027",
    "〔2025〕",
    "14号",
    "0",
    "1",
    "7",
    "9",
    "10",
    "26",
    "37.5",
    "100",
    "99.9",
    "0.5",
    "1043",
    "3.64",
    "一",
    "二",
    "三",
    "十",
    "两",
    "〇",
    "（",
    "）",
    "(",
    ")",
    "《",
    "》",
    "“",
    "”",
    "‘",
    "’",
    "【",
    "】",
    "〔",
    "〕",
    "，",
    "。",
    "；",
    "：",
    "、",
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    " ",
    "\u{3000}",
    "\n",
    "\r\n",
    "\n一、",
    "\n（一）",
    "\n1.",
    "\n(1)",
    "1)",
    "2)",
    "一是",
    "二是",
    "坚持",
    "坚持",
    "看一看",
    "法治政府建设",
    "法制政府",
    "年度报告",
    "存在的不足和原因",
    "下一步工作安排",
    "原因",
    "http://www.example.gov.cn/a:b",
    "3:1",
    "12:30",
    "e",
    "·",
    "—",
    "～",
    "-",
    "區",
    "復議",
    "\u{feff}",
    "𠀀",
    "é",
];

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        2 => (0u64..100_000_000_000).prop_map(|n| n.to_string()),
        1 => "[0-9]{1,30}(\\.[0-9]{1,12})?",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn draft() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..120).prop_map(|v| v.concat())
}

fn on_boundaries(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn check_spans(text: &str) -> Result<(), String> {
    let file = SourceFile::from_text("x", text);
    let diags = engine().check(&file, &CheckOptions::default());
    for d in &diags {
        let spans = d
            .span
            .into_iter()
            .chain(d.labels.iter().map(|l| l.span))
            .chain(d.fix.iter().map(|f| f.span));
        for s in spans {
            if !on_boundaries(&file.text, s) {
                return Err(format!("{}: span {s:?} is not on char boundaries", d.rule));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn rules_never_panic_and_spans_are_on_char_boundaries(text in draft()) {
        if let Err(e) = check_spans(&text) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }
}

/// Rule ids reported on a text, with the reported text.
fn findings(text: &str) -> Vec<(String, String)> {
    let file = SourceFile::from_text("x", text);
    engine()
        .check(&file, &CheckOptions::default())
        .into_iter()
        .map(|d| {
            let t = d
                .span
                .map_or(String::new(), |s| file.text[s.start..s.end].to_owned());
            (d.rule, t)
        })
        .collect()
}

fn findings_of(rule: &str, text: &str) -> Vec<String> {
    findings(text)
        .into_iter()
        .filter(|(r, _)| r == rule)
        .map(|(_, t)| t)
        .collect()
}

#[test]
fn huge_numbers_do_not_overflow() {
    let big = "9".repeat(60);
    for text in [
        format!("受理案件{big}件，其中纠错{big}件，纠错率100%。"),
        format!("受理案件{big}件，其中A类{big}件、B类{big}件。"),
        format!("案件由{big}件增加到{big}9件，增长10%。"),
        format!("受理案件{big}件，其中涉企案件1件，占受理案件的0.0000001%。"),
        format!("纠错1件，受理案件{big}.{big}件，纠错率0.{big}%。"),
    ] {
        check_spans(&text).unwrap();
    }
}

#[test]
fn long_documents_are_checked() {
    let para = "全年受理行政复议案件26件，审结24件，其中纠错9件，纠错率37.5%；\n";
    let text = para.repeat(3000);
    let start = std::time::Instant::now();
    check_spans(&text).unwrap();
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
    let _ = findings_of("shuzi/rate", para);
}

/// A text without 。 is one sentence with thousands of figures: the numeric
/// rules look back a bounded number of figures, so checking stays linear.
#[test]
fn one_endless_sentence_is_checked_quickly() {
    let clause = "受理案件100件，占受理案件的50%，其中A类50件，审结90件，由80件增加到90件，\
                  增长12.5%，纠错9件，纠错率10%，调处纠纷30件，成功调解20件，";
    let text = clause.repeat(4000);
    let start = std::time::Instant::now();
    check_spans(&text).unwrap();
    // Debug builds are slow; the quadratic version took minutes here.
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}
