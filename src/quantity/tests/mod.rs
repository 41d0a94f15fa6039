//! Unit tests for [`extract`]: one sentence per form, written for these tests
//! in the style of the reports (normalized: half-width punctuation). The
//! helpers are here; the cases are in [`figures`] and [`identifiers`], the
//! generated inputs in [`props`].

use super::*;

/// (mention text, kind, value) of every quantity.
fn all(text: &str) -> Vec<(String, Kind, String)> {
    extract(text)
        .iter()
        .map(|q| (q.text(text).to_string(), q.kind, q.value.to_string()))
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
/// of text), most of a check's memory: keep them small (the packed
/// [`Exact`](crate::quantity::Exact), 32-bit spans, a two-byte unit
/// symbol, the rare parts in one box). Growing this is a decision, not an
/// accident.
#[test]
fn quantities_stay_small() {
    assert_eq!(std::mem::size_of::<crate::quantity::Exact>(), 20);
    let size = std::mem::size_of::<crate::quantity::Quantity>();
    assert!(size <= 96, "Quantity is {size} bytes");
}
