//! Patterns are matched in simpler forms on texts without an uncommon
//! character (a decimal digit other than 0–9, a character beyond U+FFFF);
//! a text with one is matched as the patterns are written, whichever
//! texts the engine checked before, in both views.

use reportlint::diagnostic::Diagnostic;
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::rules::CheckOptions;
use reportlint::source::SourceFile;

/// Phrase rules whose classes have common forms: on the normalized text
/// (scanned, and searched near a literal) and on the original.
fn engine() -> Engine {
    let rules = r"rules:
  - id: probe/count
    severity: warning
    message: 件数
    summary: s
    docs: d
    check: { phrase: { regex: ['(?:^|[^\d.])(?P<at>\d+)件'] } }
    examples: { bad: [共3件] }
  - id: probe/near
    severity: warning
    message: 号
    summary: s
    docs: d
    check: { phrase: { regex: ['\p{Han}(?P<at>〔\d{4}〕\d+号)'] } }
    examples: { bad: [甲〔2024〕3号] }
  - id: probe/original
    severity: warning
    message: 括号
    summary: s
    docs: d
    check: { phrase: { view: original, regex: ['.（(?P<at>\d)）'] } }
    examples: { bad: [甲（3）] }
";
    let files = vec![
        (
            "probe/pack.yaml".to_owned(),
            "id: probe\nname: 探针\n".to_owned(),
        ),
        ("probe/rules.yaml".to_owned(), rules.to_owned()),
    ];
    Engine::new(vec![pack::parse_files(files).unwrap()]).unwrap()
}

fn findings(engine: &Engine, text: &str) -> Vec<(String, String)> {
    let file = SourceFile::from_text("<example>", text);
    let mut found: Vec<_> = engine
        .check(&file, &CheckOptions::default())
        .iter()
        .filter(|d: &&Diagnostic| d.rule.starts_with("probe/"))
        .map(|d| {
            let span = d.span.expect("a phrase finding has a span");
            (d.rule.clone(), text[span.start..span.end].to_owned())
        })
        .collect();
    found.sort();
    found
}

fn found(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<_> = pairs
        .iter()
        .map(|&(r, s)| (format!("probe/{r}"), s.to_owned()))
        .collect();
    v.sort();
    v
}

const COMMON: &str = "共3件，鄂政发〔2024〕12号，甲（5）。";
/// Arabic-Indic and Devanagari digits, and a character beyond U+FFFF.
const UNCOMMON: &str = "共٣件，鄂政发〔२०२४〕१२号，𠮷（5）。";
/// Full-width digits: normalized to ASCII, still uncommon in the original.
const FULL_WIDTH: &str = "共３件，甲（７）。";

#[test]
fn uncommon_digits_match_as_written_in_either_order() {
    let common = found(&[("count", "3"), ("near", "〔2024〕12号"), ("original", "5")]);
    let uncommon = found(&[("count", "٣"), ("near", "〔२०२४〕१२号"), ("original", "5")]);
    let full_width = found(&[("count", "３"), ("original", "７")]);
    // The same engine, the common text first, then the others …
    let engine = engine();
    assert_eq!(findings(&engine, COMMON), common);
    assert_eq!(findings(&engine, UNCOMMON), uncommon);
    assert_eq!(findings(&engine, FULL_WIDTH), full_width);
    // … and the other way round.
    let engine = self::engine();
    assert_eq!(findings(&engine, FULL_WIDTH), full_width);
    assert_eq!(findings(&engine, UNCOMMON), uncommon);
    assert_eq!(findings(&engine, COMMON), common);
}

/// Long texts: the phrase set scans them with the full forms.
#[test]
fn long_texts_alike() {
    let engine = engine();
    for (text, count) in [(COMMON, "3"), (UNCOMMON, "٣"), (FULL_WIDTH, "３")] {
        let long = text.repeat(200);
        let found = findings(&engine, &long);
        let counts = found
            .iter()
            .filter(|(rule, s)| rule == "probe/count" && s == count)
            .count();
        assert_eq!(counts, 200, "{text}");
        assert_eq!(found.len(), findings(&engine, text).len() * 200, "{text}");
    }
}
