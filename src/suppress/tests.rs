//! Suppression comments: regions, selectors, the quick fix.

use super::comment::{COMMENT, next_line};
use super::*;

#[test]
fn selectors() {
    assert!(selector_matches("gongwen", "gongwen/heading-marker"));
    assert!(selector_matches("gongwen/", "gongwen/heading-marker"));
    assert!(selector_matches(
        "gongwen/heading-marker",
        "gongwen/heading-marker"
    ));
    assert!(!selector_matches("gong", "gongwen/heading-marker"));
    assert!(!selector_matches(
        "gongwen/heading",
        "gongwen/heading-marker"
    ));
}

/// Apply [`suppress_next_line`] for the finding of `rule` at `needle`
/// and check that [`apply`] then suppresses it (the new comment is used).
fn suppressed_after_insert(text: &str, needle: &str, rule: &str) -> String {
    let at = text.find(needle).unwrap();
    let (offset, insert) = suppress_next_line(text, at, rule).expect("an insertion");
    let mut out = text.to_owned();
    out.insert_str(offset, &insert);
    let at = at + if offset <= at { insert.len() } else { 0 };
    let finding = Diagnostic {
        path: "r".into(),
        rule: rule.into(),
        severity: Severity::Error,
        message: String::new(),
        span: Some(Span::new(at, at + needle.len())),
        help: None,
        labels: vec![],
        notes: vec![],
        fix: None,
    };
    let query = RuleQuery {
        known: &|_| true,
        enabled: &|_| true,
        meta_severity: &|_| Some(Severity::Warning),
    };
    let left = apply(&out, "r", vec![finding], &query);
    // Only other rules' comments may be left unused.
    let ours = |d: &Diagnostic| d.rule == rule || d.message.contains(rule);
    assert!(!left.iter().any(ours), "{out:?}: {left:?}");
    out
}

#[test]
fn suppress_inserts_a_comment_line_or_extends_one() {
    let t = "标题\n　　加快建设法制政府。\n";
    assert_eq!(
        suppressed_after_insert(t, "法制政府", "fazhi/fazhi-not-fazhi"),
        "标题\n<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->\n　　加快建设法制政府。\n"
    );
    let t = "<!-- reportlint-disable-next-line a/b -->\n\n法制政府\r\n";
    assert_eq!(
        suppressed_after_insert(t, "法制", "c/d"),
        "<!-- reportlint-disable-next-line a/b, c/d -->\n\n法制政府\r\n"
    );
    let t = "\u{feff}法制政府\r\n二\r\n";
    assert_eq!(
        suppressed_after_insert(t, "法制", "c/d"),
        "\u{feff}<!-- reportlint-disable-next-line c/d -->\r\n法制政府\r\n二\r\n"
    );
    // A comment for the line before does not govern this one.
    let t = "<!-- reportlint-disable-next-line a/b -->\n一\n法制\n";
    assert!(suppressed_after_insert(t, "法制", "c/d").contains("一\n<!--"));
    assert_eq!(suppress_next_line("a\nb", 1, "x/y"), None);
    assert_eq!(suppress_next_line("法制", 0, UNUSED), None);
}

#[test]
fn comment_syntax() {
    let t = "<!-- reportlint-disable a/b, c/d -->x<!-- reportlint-enable -->";
    let caps: Vec<_> = COMMENT.captures_iter(t).collect();
    assert_eq!(caps.len(), 2);
    assert_eq!(caps[0].get(2).unwrap().as_str().trim(), "a/b, c/d");
    assert_eq!(next_line("a\n\n  \nb\nc", 1), Span::new(6, 7));
}

fn finding(rule: &str, span: Option<Span>) -> Diagnostic {
    Diagnostic {
        path: "r".into(),
        rule: rule.into(),
        severity: Severity::Error,
        message: String::new(),
        span,
        help: None,
        labels: vec![],
        notes: vec![],
        fix: None,
    }
}

#[test]
fn regions_end_where_their_enable_is() {
    let text = "<!-- reportlint-disable a/, c/d,x/y -->一\n<!-- reportlint-enable a -->二\n\
                <!-- reportlint-disable-next-line -->\n\n三\n四\n<!-- reportlint-disable e -->五\n\
                <!-- reportlint-disabled a -->\n";
    let at = |s: &str| {
        let i = text.find(s).unwrap();
        Some(Span::new(i, i + s.len()))
    };
    let diags = vec![
        finding("a/b", at("一")),
        finding("a/b", at("二")),
        finding("c/d", at("二")),
        finding("a/b", at("三")),
        finding("a/b", at("四")),
        finding("e/f", at("五")),
        finding("e/f", None),
        finding("c/d", None),
    ];
    let query = RuleQuery {
        known: &|s| s != "x/y",
        enabled: &|_| true,
        meta_severity: &|_| Some(Severity::Warning),
    };
    let left: Vec<(String, Option<usize>)> = apply(text, "r", diags, &query)
        .into_iter()
        .map(|d| (d.rule, d.span.map(|s| s.start)))
        .collect();
    let start = |s: &str| at(s).map(|s| s.start);
    assert_eq!(
        left,
        [
            (
                "reportlint/unknown-suppression-rule".to_owned(),
                start("x/y")
            ),
            ("a/b".to_owned(), start("二")),
            ("a/b".to_owned(), start("四")),
            (
                "reportlint/unknown-suppression-rule".to_owned(),
                start("<!-- reportlint-disabled")
            ),
        ]
    );
}
