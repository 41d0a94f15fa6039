//! The structure analyser on the real corpus, on fixtures, and on arbitrary
//! input.

use proptest::prelude::*;
use reportlint::normalize::Normalized;
use reportlint::source::SourceFile;
use reportlint::span::Span;
use reportlint::structure::{Document, MarkerForm, Section, YearSource, parse_marker};
use std::path::{Path, PathBuf};

/// The corpus lives beside the checkout (`../shared/corpus`); the tests on
/// it are ignored when the build script found no corpus there.
fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/structure")
}

/// Decode, normalize and parse a file; returns the normalized text too.
fn load(path: &Path) -> (String, Document) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = SourceFile::decode(path.display().to_string(), bytes).expect("decodes");
    let norm = Normalized::new(&file.text);
    let text = norm.text().to_owned();
    let doc = Document::parse(&text);
    check_invariants(&text, &doc);
    (text, doc)
}

fn fixture(name: &str) -> (String, Document) {
    load(&fixture_dir().join(name))
}

fn parse(text: &str) -> Document {
    let doc = Document::parse(text);
    check_invariants(text, &doc);
    doc
}

fn counts(doc: &Document) -> (usize, usize) {
    (doc.headings_at(1).count(), doc.headings_at(2).count())
}

/// (level, number, heading text) of every heading.
fn outline(text: &str, doc: &Document) -> Vec<(u8, u32, String)> {
    doc.headings
        .iter()
        .map(|h| (h.level, h.number, h.text.slice(text).to_owned()))
        .collect()
}

fn corpus_file(prefix: &str) -> PathBuf {
    std::fs::read_dir(corpus_dir())
        .expect("corpus directory ../shared/corpus")
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .unwrap_or_else(|| panic!("no corpus file {prefix}_*"))
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_heading_counts() {
    let want = [
        ("000", (4, 16)),
        ("001", (4, 7)),
        ("002", (6, 0)),
        ("003", (3, 12)),
        ("004", (3, 5)),
    ];
    for (prefix, expected) in want {
        let (text, doc) = load(&corpus_file(prefix));
        assert_eq!(
            counts(&doc),
            expected,
            "{prefix}: {:#?}",
            outline(&text, &doc)
        );
        // Headings of both levels are numbered 1, 2, 3 … under their parent.
        for (depth, s) in doc.sections_flat() {
            let h = &doc.headings[s.heading];
            assert!(h.level as usize > depth, "{prefix}: level {}", h.level);
        }
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_front_matter_and_years() {
    let (text, doc) = load(&corpus_file("000"));
    assert!(
        doc.title
            .as_ref()
            .unwrap()
            .span
            .slice(&text)
            .ends_with("报告")
    );
    assert_eq!(
        doc.meta("文号").unwrap().value.slice(&text),
        "遂安委〔2025〕14号"
    );
    let d = doc.meta("成文日期").unwrap().date(&text).unwrap();
    assert_eq!((d.year, d.month, d.day), (2025, 2, 24));
    assert_eq!(doc.addressee.unwrap().slice(&text), "市委、市政府:");
    let y = doc.report_year.unwrap();
    assert_eq!((y.year, y.source), (2024, YearSource::Title));
    let closing = doc.closing.as_ref().unwrap();
    assert_eq!(closing.date.unwrap().year, 2025);
    assert!(closing.signature.is_some());
    assert!(doc.body.end <= closing.span.start);
    assert_eq!(doc.enumerations(&text).len(), 5);

    // No title: the year comes from the opening.
    let (text, doc) = load(&corpus_file("001"));
    assert!(doc.title.is_none());
    let y = doc.report_year.unwrap();
    assert_eq!((y.year, y.source), (2024, YearSource::Opening));
    // `一是…;二是…` under 二、 is one enumeration.
    assert!(doc.enumerations(&text).iter().any(|e| e.items.len() == 2));

    // Title over two lines, 2020.
    let (text, doc) = load(&corpus_file("003"));
    assert_eq!(doc.report_year.unwrap().year, 2020);
    // `一是` broken onto the next line still groups with 二是 三是 四是.
    assert!(
        doc.enumerations(&text)
            .iter()
            .all(|e| e.items[0].number == 1)
    );

    // Flattened, traditional script, table metadata.
    let (text, doc) = load(&corpus_file("004"));
    assert_eq!(doc.report_year.unwrap().year, 2024);
    assert!(doc.meta("公开日期").unwrap().date(&text).is_some());
    assert!(doc.paragraphs.len() >= 8);
    assert!(doc.statements(&text).count() > 100);
    let l1: Vec<_> = doc.headings_at(1).map(|h| h.number).collect();
    assert_eq!(l1, [1, 2, 3]);
}

// The outline, front matter, enumerations and closing of each structure
// fixture are pinned by the `debug_views` snapshots (tests/snapshots.rs);
// the tests below check what that view does not show.

#[test]
fn full_width_draft() {
    let (text, doc) = fixture("full-width.txt");
    // `1．健全工作机制。…`: the text stops before the 。
    assert_eq!(doc.headings[2].text.slice(&text), "健全工作机制");
    // The section body runs from the heading's end to the next 二、.
    let body = doc.sections[0].body.slice(&text);
    assert!(body.contains("1.5万件"));
    assert!(!body.contains("存在的不足"));
    // A 。 inside quotes does not end the sentence.
    assert!(
        doc.statements(&text).any(
            |s| s.slice(&text).starts_with("执法人员说") && s.slice(&text).ends_with("检验。”")
        )
    );
    // section_at finds the innermost section.
    let at = text.find("压实主体责任").unwrap();
    let s = doc.section_at(at).unwrap();
    assert_eq!(doc.headings[s.heading].level, 4);
}

#[test]
fn crlf_line_endings() {
    let raw = std::fs::read(fixture_dir().join("crlf.txt")).unwrap();
    assert!(
        raw.windows(2).any(|w| w == b"\r\n"),
        "crlf.txt must keep its CRLF line endings (.gitattributes)"
    );
    let (text, doc) = fixture("crlf.txt");
    for h in &doc.headings {
        assert!(!h.span.slice(&text).contains('\r'));
    }
    for p in doc.paragraphs() {
        assert!(!p.slice(&text).contains(['\r', '\n']));
    }
}

#[test]
fn skipped_levels_nest_under_the_nearest_higher_heading() {
    let (_, doc) = fixture("skipped-levels.txt");
    let flat: Vec<usize> = doc.sections_flat().map(|(d, _)| d).collect();
    assert_eq!(flat, [0, 1, 1, 0, 1, 1]);
}

#[test]
fn flattened_one_line_report() {
    let (_, doc) = fixture("flattened.txt");
    // Paragraphs split where the headings begin.
    assert!(doc.paragraphs.len() >= 7);
    // The range in the opening is not the report year.
    assert_eq!(
        doc.opening_years.iter().map(|y| y.0).collect::<Vec<_>>(),
        [2023]
    );
}

#[test]
fn metadata_block() {
    let (text, doc) = fixture("metadata.txt");
    assert_eq!(
        doc.meta("文号").unwrap().value.slice(&text),
        "某司发〔2024〕3号"
    );
    assert!(doc.title_years.is_empty());
    assert!(doc.opening_years.is_empty());
    let y = doc.report_year.unwrap();
    assert_eq!(y.source, YearSource::Metadata);
    assert_eq!(y.span.slice(&text), "2024-02-26");
    assert!(doc.body.start > doc.addressee.unwrap().end);
}

#[test]
fn year_from_the_closing_date() {
    let text = "关于法治政府建设工作的报告\n\n今年以来,我办依法履职。\n一、主要工作\n完善制度。\n\n某办公室\n2025年3月2日\n";
    let doc = parse(text);
    let y = doc.report_year.unwrap();
    assert_eq!((y.year, y.source), (2024, YearSource::Closing));
}

#[test]
fn running_text_is_not_a_heading() {
    let text = "2024年,全区推进工作。一是加强学习;二是完善制度,统一是前提。\n\
                要求落实第(一)项,共办理1.5万件,按照(2021—2025年)规划推进。";
    let doc = parse(text);
    assert!(doc.headings.is_empty(), "{:?}", doc.headings);
    let enumerations = doc.enumerations(text);
    assert_eq!(enumerations.len(), 1);
    assert_eq!(enumerations[0].items.len(), 2);
    assert_eq!(doc.statements(text).count(), 4);
}

#[test]
fn numeral_helpers() {
    use reportlint::structure::{format_chinese_numeral, parse_chinese_numeral};
    assert_eq!(parse_chinese_numeral("二十四"), Some(24));
    assert_eq!(parse_chinese_numeral("两"), Some(2));
    assert_eq!(format_chinese_numeral(11), "十一");
    assert_eq!(
        parse_marker("(十二)x"),
        Some((2, 12, MarkerForm::Standard, 8))
    );
    assert_eq!(parse_marker("1.5万"), None);
}

#[test]
fn a_megabyte_on_one_line_parses() {
    // Speed is measured by benchmarks, not here; this checks the result on a
    // large flattened document.
    let unit = "一、加强领导 (一)落实责任。一是开展学习12次;二是完善制度1.5万件。(其中:示范点3个) ";
    let mut text = String::from("某区2024年度法治政府建设情况报告\n\n");
    while text.len() < 1_000_000 {
        text.push_str(unit);
    }
    let doc = Document::parse(&text);
    check_invariants(&text, &doc);
    assert!(doc.statements(&text).next().is_some());
    // Only the first 一、 follows an expected number; (一) repeats are not new headings.
    assert_eq!(doc.headings_at(1).count(), 1);
}

/// The statement found around a span by splitting its paragraph alone is
/// the first of all the statements that contains it: for each statement (up
/// to forty, spread over the text), for its first character, for the
/// empty span at its end and for a span running into the next one.
fn statement_lookup_agrees(text: &str, doc: &Document) {
    let all: Vec<Span> = doc.statements(text).collect();
    let first_containing = |span: Span| all.iter().copied().find(|s| s.contains(span));
    let step = all.len() / 40 + 1;
    for (i, &s) in all.iter().enumerate().step_by(step) {
        let first_char = text[s.start..].chars().next().map_or(0, char::len_utf8);
        let mut probes = vec![
            s,
            Span::new(s.start, s.start + first_char),
            Span::new(s.end, s.end),
        ];
        if let Some(next) = all.get(i + 1) {
            probes.push(Span::new(s.start, next.end));
        }
        for span in probes {
            assert_eq!(
                doc.statement_containing(text, span),
                first_containing(span),
                "{span:?}"
            );
        }
    }
}

/// Every span lies on character boundaries inside the text; sections nest.
fn check_invariants(text: &str, doc: &Document) {
    let ok = |s: Span, what: &str| {
        assert!(
            s.start <= s.end
                && s.end <= text.len()
                && text.is_char_boundary(s.start)
                && text.is_char_boundary(s.end),
            "{what} {s:?} in text of {} bytes",
            text.len()
        );
    };
    ok(doc.body, "body");
    if let Some(t) = &doc.title {
        ok(t.span, "title");
    }
    for f in &doc.metadata {
        ok(f.key_span, "meta key");
        ok(f.value, "meta value");
    }
    for s in doc.addressee.iter().chain(doc.opening.iter()) {
        ok(*s, "addressee/opening");
    }
    for h in &doc.headings {
        ok(h.span, "heading");
        ok(h.text, "heading text");
        ok(h.marker.span, "marker");
        assert!(h.span.contains(h.marker.span) && h.span.contains(h.text));
        assert!(
            doc.body.contains(h.span),
            "heading {:?} outside body {:?}",
            h.span,
            doc.body
        );
        assert!((1..=4).contains(&h.level));
    }
    for w in doc.headings.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "headings overlap");
    }
    for s in doc.paragraphs().chain(doc.statements(text)) {
        ok(s, "paragraph/sentence");
        assert!(!s.is_empty());
    }
    statement_lookup_agrees(text, doc);
    for e in &doc.enumerations(text) {
        assert!(!e.items.is_empty());
        for i in &e.items {
            ok(i.marker, "enum item");
        }
    }
    if let Some(c) = &doc.closing {
        ok(c.span, "closing");
        if let Some(s) = c.signature {
            ok(s, "signature");
        }
        if let Some(d) = c.date {
            ok(d.span, "date");
        }
    }
    if let Some(y) = doc.report_year {
        ok(y.span, "report year");
    }
    for (_, s) in doc.title_years.iter().chain(&doc.opening_years) {
        ok(*s, "year");
    }
    fn nest(text: &str, doc: &Document, sections: &[Section], parent: Option<&Section>) {
        let mut prev_end = parent.map_or(0, |p| p.body.start);
        for s in sections {
            let h = &doc.headings[s.heading];
            assert!(s.span.start == h.span.start && s.body.start == h.span.end);
            assert!(s.span.contains(s.body) && s.body.end == s.span.end);
            assert!(s.span.start >= prev_end, "siblings overlap");
            assert!(text.is_char_boundary(s.span.end) && s.span.end <= text.len());
            if let Some(p) = parent {
                assert!(
                    p.body.contains(s.span),
                    "child {:?} outside parent {:?}",
                    s.span,
                    p.body
                );
                assert!(h.level > doc.headings[p.heading].level);
            }
            prev_end = s.span.end;
            nest(text, doc, &s.children, Some(s));
        }
    }
    nest(text, doc, &doc.sections, None);
    let flat = doc.sections_flat().count();
    assert_eq!(flat, doc.headings.len(), "every heading has a section");
}

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "一、", "二、", "三、", "(一)", "(二)", "（三）", "1.", "2.", "(1)", "(2)", "一.", "二)",
            "(一)、", "1、", "1)", "一是", "二是", "十", "百", "〇", "两", "。", "!", "?", ";", ":", ",",
            "\n", "\r\n", "\r", " ", "\u{3000}", "“", "”", "《", "》", "(", ")", "2024年", "2025年2月24日",
            "二〇二五年二月二十四日", "2025-02-24", "报告", "情况", "市委、市政府:", "索 引 号:", "发布日期:",
            "|", "•", "1.5万", "(2021—2025年)", "某区人民政府", "法治政府建设", "é", "😀", "9", "99",
        ])
        .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_never_panics(tokens in prop::collection::vec(token(), 0..200)) {
        let raw: String = tokens.concat();
        let norm = Normalized::new(&raw);
        let doc = Document::parse(norm.text());
        check_invariants(norm.text(), &doc);
        let _ = reportlint::structure::debug::debug_json(&doc, norm.text(), &raw, |s| norm.to_original(s));
        let _ = reportlint::structure::debug::debug_text(&doc, norm.text(), &raw, |s| norm.to_original(s));
    }

    #[test]
    fn marker_parsing_never_panics(s in "\\PC{0,12}") {
        if let Some((level, number, _, len)) = parse_marker(&s) {
            prop_assert!((1..=4).contains(&level));
            prop_assert!((1..=99).contains(&number));
            prop_assert!(s.is_char_boundary(len) && len <= s.len());
        }
    }
}

#[test]
fn debug_json_uses_original_offsets() {
    let path = fixture_dir().join("full-width.txt");
    let raw = std::fs::read_to_string(&path).unwrap();
    let norm = Normalized::new(&raw);
    let doc = Document::parse(norm.text());
    let v =
        reportlint::structure::debug::debug_json(&doc, norm.text(), &raw, |s| norm.to_original(s));
    let headings = v["headings"].as_array().unwrap();
    assert_eq!(headings.len(), 11);
    assert_eq!(headings[1]["marker"], "（一）");
    assert_eq!(headings[1]["level"], 2);
    assert_eq!(headings[1]["text"], "强化组织保障");
    for h in headings {
        let start = h["span"]["start"].as_u64().unwrap() as usize;
        let end = h["span"]["end"].as_u64().unwrap() as usize;
        assert!(raw[start..end].starts_with(h["marker"].as_str().unwrap()));
    }
    assert_eq!(v["report_year"]["year"], 2023);
    assert_eq!(v["counts"]["paragraphs"], doc.paragraphs.len());
    assert_eq!(
        v["counts"]["sentences"],
        doc.statements(norm.text()).count()
    );
    assert_eq!(v["sections"].as_array().unwrap().len(), 3);
    let text =
        reportlint::structure::debug::debug_text(&doc, norm.text(), &raw, |s| norm.to_original(s));
    assert!(text.contains("（一）"), "{text}");
}

#[test]
fn closing_on_one_line_and_continuous_level3_in_flattened_text() {
    let doc = parse("报告正文完。\n\n某区人民政府 2025年2月24日\n");
    let c = doc.closing.as_ref().unwrap();
    assert!(c.signature.is_some() && c.date.is_some());

    let unit = "完成任务,推进工作,取得成效,继续努力。";
    let text = format!(
        "{u}{u} 一、总体情况 (一)组织保障 1.建立机制。{u}{u} 2.完善制度。{u}{u} (二)执法监督 3.规范执法。{u}{u}{u}{u}",
        u = unit
    );
    let doc = parse(&text);
    let l3: Vec<u32> = doc.headings_at(3).map(|h| h.number).collect();
    assert_eq!(l3, [1, 2, 3]);
}

#[test]
fn a_last_body_line_is_not_a_signature() {
    let doc = parse("一、下一步计划\n持续推进法治乡村建设\n2025年1月9日\n");
    let c = doc.closing.as_ref().unwrap();
    assert!(c.signature.is_none());
    assert_eq!(c.date.unwrap().month, 1);
}

#[test]
fn regression_heading_before_a_trailing_date() {
    parse("一、一、\n(一) 2025年2月24日");
}

/// The acceptance check as a user runs it: `debug structure --format json`
/// on the five corpus reports gives the level-1 / level-2 heading counts.
#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn debug_structure_json_counts_on_the_corpus() {
    let expected = [
        ("000", 4, 16),
        ("001", 4, 7),
        ("002", 6, 0),
        ("003", 3, 12),
        ("004", 3, 5),
    ];
    for (prefix, l1, l2) in expected {
        let path = corpus_file(prefix);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
            .args(["debug", "structure", "--format", "json"])
            .arg(&path)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{prefix}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let headings = v["headings"].as_array().expect("headings");
        let at = |level: u64| headings.iter().filter(|h| h["level"] == level).count();
        assert_eq!((at(1), at(2)), (l1, l2), "{prefix}");
        let original = std::fs::read(&path).unwrap();
        for h in headings {
            let (s, e) = (
                h["span"]["start"].as_u64().unwrap() as usize,
                h["span"]["end"].as_u64().unwrap() as usize,
            );
            let marker = h["marker"].as_str().unwrap();
            assert!(
                String::from_utf8_lossy(&original[s..e]).starts_with(marker),
                "{prefix}: {h}"
            );
        }
    }
}

#[test]
fn markdown_draft() {
    let (text, doc) = fixture("markdown.md");
    // Markup is not part of the heading spans.
    for h in &doc.headings {
        assert!(
            !h.span.slice(&text).contains(['#', '*']),
            "{:?}",
            h.span.slice(&text)
        );
    }
}
