//! Unit tests for [`extract`]: one sentence per form, written for these tests
//! in the style of the reports (normalized: half-width punctuation). The
//! helpers are here; the cases are in [`figures`] and [`identifiers`], the
//! generated inputs in [`props`].

use super::*;

/// (mention text, kind, value) of every quantity.
fn all(text: &str) -> Vec<(String, Kind, String)> {
    extract(text)
        .iter()
        .map(|q| (q.text(text).to_string(), q.kind, q.value().to_string()))
        .collect()
}

/// The single quantity whose mention text is `mention`.
fn find<'a>(qs: &'a [Quantity], text: &str, mention: &str) -> &'a Quantity {
    qs.iter()
        .find(|q| q.text(text) == mention)
        .unwrap_or_else(|| panic!("no quantity {mention:?} in {:?}", all(text)))
}

fn one(text: &str, mention: &str) -> Quantity {
    let qs = extract(text);
    find(&qs, text, mention).clone()
}

fn ex(s: &str) -> Exact {
    Exact::parse(s).unwrap()
}

fn id(k: IdKind) -> Kind {
    Kind::Identifier(k)
}

mod figures;
mod identifiers;
mod props;

/// A large document holds millions of quantities (about one per 110 bytes
/// of text), most of a check's memory: keep them small (a 64-bit value,
/// the mention's span in 32 bits and the others as 16-bit distances from
/// it, a two-byte unit symbol, the rare parts in one box). Growing this is
/// a decision, not an accident.
#[test]
fn quantities_stay_small() {
    assert_eq!(std::mem::size_of::<crate::quantity::Exact>(), 20);
    let size = std::mem::size_of::<crate::quantity::Quantity>();
    assert!(size <= 64, "Quantity is {size} bytes");
}

/// Spans too far from the mention for 16 bits (a clause and sentence of
/// more than 32 KB before it) and a value too wide for 64 bits are kept
/// whole with the rare parts: the accessors give the same spans and value.
#[test]
fn far_spans_and_wide_values_are_kept_whole() {
    let lead = "依法行政制度体系不断完善".repeat(3_000);
    let text = format!("{lead}受理行政复议案件26件。");
    let q = one(&text, "26件");
    assert!(q.rare.is_some());
    assert_eq!(q.clause(), Span::new(0, text.len() - "。".len()));
    assert_eq!(q.sentence(), q.clause());
    assert_eq!(q.number_span().slice(&text), "26");
    assert!(
        q.key_text(&text)
            .is_some_and(|k| k.ends_with("受理行政复议案件"))
    );
    assert_eq!(q.key().map(|k| k.end), Some(q.span().start));

    let wide = "共办理12345678901234567890123件。";
    let q = one(wide, "12345678901234567890123件");
    assert_eq!(q.value(), ex("12345678901234567890123"));
    assert_eq!(q.written(), q.value());
    assert!(q.rare.as_ref().is_some_and(|r| r.wide_value.is_some()));
}
