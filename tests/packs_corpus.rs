//! The built-in fazhi and gongwen packs on the real corpus
//! (`../shared/corpus/`) and on edited copies of it.

mod common;
use common::corpus_text;

use reportlint::diagnostic::{Diagnostic, Severity};
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(pack::load_builtin(None).expect("built-in packs load")).expect("packs compile")
    })
}

fn check(text: &str) -> Vec<Diagnostic> {
    engine().check(
        &SourceFile::from_text("copy.txt", text),
        &CheckOptions::default(),
    )
}

fn of<'d>(found: &'d [Diagnostic], rule: &str) -> Vec<&'d Diagnostic> {
    found.iter().filter(|d| d.rule == rule).collect()
}

fn quoted<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    d.span.map_or("", |s| &text[s.start..s.end])
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn first_duty_is_body_only_in_003_and_004_and_present_in_000_and_001() {
    for prefix in ["003", "004"] {
        let text = corpus_text(prefix);
        let found = check(&text);
        let duty = of(&found, "fazhi/first-duty-section");
        assert_eq!(duty.len(), 1, "{prefix}: {duty:#?}");
        assert_eq!(
            duty[0].severity,
            Severity::Warning,
            "{prefix}: body-only, not absent"
        );
        assert!(duty[0].span.is_some(), "{prefix}: says where it was found");
    }
    for prefix in ["000", "001"] {
        let text = corpus_text(prefix);
        assert!(
            of(&check(&text), "fazhi/first-duty-section").is_empty(),
            "{prefix}"
        );
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn report_002_has_shortcomings_and_plans_only_in_the_body() {
    let text = corpus_text("002");
    let found = check(&text);
    for rule in ["fazhi/shortcomings-section", "fazhi/plan-section"] {
        let f = of(&found, rule);
        assert_eq!(f.len(), 1, "{rule}: {f:#?}");
        assert_eq!(f[0].severity, Severity::Warning, "{rule}");
        assert!(f[0].span.is_some(), "{rule}");
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn reports_000_and_001_have_no_errors() {
    for prefix in ["000", "001"] {
        let text = corpus_text(prefix);
        let errors: Vec<_> = check(&text)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{prefix}: {errors:#?}");
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn report_001_doc_number_and_year_range() {
    let text = corpus_text("001");
    let found = check(&text);
    let brackets = of(&found, "gongwen/doc-number-brackets");
    assert_eq!(
        brackets
            .iter()
            .map(|d| quoted(&text, d))
            .collect::<Vec<_>>(),
        ["[2025]"]
    );
    let range = of(&found, "gongwen/year-range-dash");
    assert_eq!(
        range.iter().map(|d| quoted(&text, d)).collect::<Vec<_>>(),
        ["2023-2027"]
    );
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn report_003_text_damage_and_no_covid_finding_for_2020() {
    let text = corpus_text("003");
    let found = check(&text);
    let dropped = of(&found, "gongwen/dropped-char-fazhi");
    assert_eq!(
        dropped.iter().map(|d| quoted(&text, d)).collect::<Vec<_>>(),
        ["法治府建设"]
    );
    let lost: Vec<&str> = of(&found, "gongwen/lost-interpunct")
        .iter()
        .map(|d| quoted(&text, d))
        .collect();
    assert!(lost.contains(&"3 f 8"), "{lost:?}");
    assert!(of(&found, "fazhi/covid-name").is_empty());
    // The same report dated 2023 is told about the renamed disease.
    let later = text.replace("2020", "2023");
    assert!(!of(&check(&later), "fazhi/covid-name").is_empty());
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn traditional_script_is_checked_by_the_same_rules() {
    let text = corpus_text("004");
    let found = check(&text);
    // Structure (traditional headings) and numbers (traditional keys) work.
    assert!(!of(&found, "shuzi/rate").is_empty());
    // A wording rule fires on a traditional spelling and quotes it as written.
    let copy = text.replacen("法治政府", "法制政府", 1);
    let wording = of(&check(&copy), "fazhi/fazhi-not-fazhi")
        .iter()
        .map(|d| quoted(&copy, d).to_owned())
        .collect::<Vec<_>>();
    assert_eq!(wording, ["法制政府"]);
    let traditional = text.replacen("習近平總書記", "習總書記", 1);
    if traditional != text {
        assert!(!of(&check(&traditional), "fazhi/xi-full-name").is_empty());
    }
}

/// Remove the level-1 section whose heading contains `needle` and renumber
/// the level-1 headings after it.
fn remove_section(text: &str, needle: &str) -> String {
    let numerals = ["一", "二", "三", "四", "五", "六", "七"];
    let lines: Vec<&str> = text.lines().collect();
    let is_l1 = |l: &str| numerals.iter().any(|n| l.starts_with(&format!("{n}、")));
    let start = lines
        .iter()
        .position(|l| is_l1(l) && l.contains(needle))
        .expect("section heading");
    let end = lines[start + 1..]
        .iter()
        .position(|l| is_l1(l))
        .map_or(lines.len(), |p| start + 1 + p);
    let mut out = Vec::new();
    let mut n = 0;
    for (i, l) in lines.iter().enumerate() {
        if (start..end).contains(&i) {
            continue;
        }
        if is_l1(l) {
            let rest = l.split_once('、').map_or("", |(_, r)| r);
            out.push(format!("{}、{rest}", numerals[n]));
            n += 1;
        } else {
            out.push((*l).to_owned());
        }
    }
    out.join("\n")
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn removing_the_first_duty_section_is_reported() {
    for prefix in ["000", "001"] {
        let text = corpus_text(prefix);
        let copy = remove_section(&text, "第一责任人");
        assert!(
            !of(&check(&copy), "fazhi/first-duty-section").is_empty(),
            "{prefix}: removing the section went unnoticed"
        );
        assert!(
            of(&check(&copy), "gongwen/heading-sequence").is_empty(),
            "renumbered"
        );
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn a_plan_heading_for_the_wrong_year_is_reported_on_that_year() {
    for (prefix, heading, wrong) in [
        ("000", "四、2025年工作计划", "2024"),
        ("003", "三、2021年度", "2020"),
    ] {
        let text = corpus_text(prefix);
        assert!(text.contains(heading), "{prefix}: {heading}");
        let fixed = heading.replace(&heading[heading.find('2').unwrap()..][..4], wrong);
        let copy = text.replacen(heading, &fixed, 1);
        let found = check(&copy);
        let plan = of(&found, "fazhi/plan-year");
        assert_eq!(plan.len(), 1, "{prefix}: {plan:#?}");
        assert_eq!(quoted(&copy, plan[0]), wrong);
        assert!(copy[plan[0].span.unwrap().start..].starts_with(wrong));
        assert!(
            of(&check(&text), "fazhi/plan-year").is_empty(),
            "{prefix}: original"
        );
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn publishing_after_the_first_of_april_is_reported() {
    let text = corpus_text("000");
    assert!(of(&check(&text), "fazhi/publication-deadline").is_empty());
    let field = text.find("发布日期").expect("publication date field");
    let at = field + text[field..].find("2025-02-24").expect("its value");
    let copy = format!("{}2025-04-18{}", &text[..at], &text[at + 10..]);
    let late = of(&check(&copy), "fazhi/publication-deadline")
        .iter()
        .map(|d| quoted(&copy, d).to_owned())
        .collect::<Vec<_>>();
    assert_eq!(late, ["2025-04-18"]);
    // --published overrides the document.
    let options = CheckOptions {
        published: Some((2025, 4, 18)),
        ..CheckOptions::default()
    };
    let found = engine().check(&SourceFile::from_text("000", text.as_str()), &options);
    assert!(found.iter().any(|d| d.rule == "fazhi/publication-deadline"));
}
