//! Shared arithmetic for the numeric rule kinds (`rate`, `breakdown`,
//! `part_within_total`, `restated_figure`, `growth`, `share`).
//!
//! The kinds read the quantities the engine extracted once per document
//! ([`Context::quantities`]) and compare them exactly ([`Exact`]): a stated
//! rate is consistent with a count over a base when the quotient, rounded
//! half-up **or** truncated to the rate's written decimals, is the stated
//! value — reports do both.

use super::Context;
use crate::quantity::{Bound, Exact, Kind, Quantity, Rounding, UnitClass};
use std::borrow::Cow;

/// Measure words that count things of one family: a total in 件 may be split
/// into parts in 个 and 项 (`345件 = 150件 + 85个 + 110项`).
const ITEM_WORDS: &[&str] = &[
    "件", "个", "项", "份", "条", "起", "宗", "部", "批", "篇", "本", "册", "套", "家", "户", "处",
    "座", "所", "类", "单", "例",
];
/// Measure words for occurrences — sweeps, sessions, rounds: `排查30次` counts
/// sweeps, not the 纠纷 (件) they found.
const OCCURRENCE_WORDS: &[&str] = &["次", "场", "期", "轮"];
/// How many figures back a rule looks for the figures a figure relates to
/// (its numerator, base, whole, year): enough for any real sentence, and a
/// bound on the work when a text without 。 runs on for thousands of figures.
pub(crate) const WINDOW: usize = 64;

/// Measure words for people.
const PEOPLE_WORDS: &[&str] = &["人", "名", "位"];

/// Whether two figures count the same kind of thing, so that one may be a
/// part or the base of the other.
pub(crate) fn same_family(a: &Quantity, b: &Quantity) -> bool {
    match (&a.unit, &b.unit) {
        (Some(x), Some(y)) if x.class == y.class => {
            if x.symbol() == y.symbol() || x.class != UnitClass::Count {
                return true;
            }
            let family = |s: &str| {
                if ITEM_WORDS.contains(&s) {
                    1
                } else if PEOPLE_WORDS.contains(&s) {
                    2
                } else if OCCURRENCE_WORDS.contains(&s) {
                    3
                } else {
                    0
                }
            };
            let (fx, fy) = (family(x.symbol()), family(y.symbol()));
            fx != 0 && fx == fy
        }
        _ => false,
    }
}

/// A count that rules may add up or divide: a numeric count that is not a
/// vague "一批", with a unit.
pub(crate) fn is_count(q: &Quantity) -> bool {
    q.kind == Kind::Count && !q.vague && q.unit.is_some()
}

/// A figure stated exactly (no 余/约/超 …).
pub(crate) fn is_exact(q: &Quantity) -> bool {
    q.is_exact() && q.kind.is_numeric()
}

/// The text of a normalized span as the author wrote it (traditional
/// characters and full-width forms kept), for messages.
pub(crate) fn written<'t>(cx: &Context<'t>, span: crate::span::Span) -> Cow<'t, str> {
    cx.norm.written(span)
}

/// The key phrase of a quantity as written, or "", for messages.
pub(crate) fn written_key<'t>(cx: &Context<'t>, q: &Quantity) -> Cow<'t, str> {
    q.key().map_or(Cow::Borrowed(""), |k| written(cx, k))
}

/// The key phrase of a quantity, or "".
pub(crate) fn key<'t>(cx: &Context<'t>, q: &Quantity) -> &'t str {
    q.key_text(cx.text).unwrap_or("")
}

/// Whether `part / base × 100`, rounded half-up or truncated to `decimals`
/// digits, is `stated` ([`Exact::percent_fits`]).
pub(crate) fn percent_fits(part: Exact, base: Exact, stated: Exact, decimals: u8) -> bool {
    Exact::percent_fits(part, base, stated, decimals)
}

/// The factor that turns a share written in `rate`'s unit into percent terms
/// ([`Quantity::per_hundred`]).
pub(crate) fn per_hundred(rate: &Quantity) -> Option<Exact> {
    rate.per_hundred()
}

/// Whether the percentage or per-mille `rate` is `part / base` at its
/// written precision ([`Quantity::is_rate_of`]).
pub(crate) fn rate_fits(rate: &Quantity, part: Exact, base: Exact) -> bool {
    rate.is_rate_of(part, base) == Some(true)
}

/// `part / base` in the unit of `rate` (percent or per-mille), rounded half-up
/// to the rate's decimals (at least one), for messages.
pub(crate) fn rate_of(rate: &Quantity, part: Exact, base: Exact) -> Option<Exact> {
    percent(part.checked_mul(per_hundred(rate)?)?, base, rate.decimals)
}

/// `part / base × 100` rounded half-up to `decimals` (one more than written
/// when nothing is written, for messages).
pub(crate) fn percent(part: Exact, base: Exact, decimals: u8) -> Option<Exact> {
    Exact::percent_of(part, base, u32::from(decimals.max(1)), Rounding::HalfUp)
}

/// The whole-number bases `b` for which `part / b` gives the stated rate:
/// the base the rate implies. Empty when no whole number fits.
pub(crate) fn implied_bases(part: Exact, stated: Exact, decimals: u8) -> Vec<i128> {
    let Some(fraction) = stated.shifted(-2) else {
        return Vec::new();
    };
    if fraction <= Exact::ZERO {
        return Vec::new();
    }
    let Some(centre) = part
        .checked_div(fraction, 0, Rounding::Truncate)
        .and_then(Exact::to_integer)
    else {
        return Vec::new();
    };
    // The fitting bases form a small interval around part/fraction; a rate
    // written with d decimals pins it to within part / (10^-d %) .
    let reach = 3 + (centre / 200).clamp(0, 10_000);
    let (lo, hi) = (
        centre.saturating_sub(reach).max(1),
        centre.saturating_add(reach).min(i128::from(i64::MAX)),
    );
    if lo > hi {
        return Vec::new();
    }
    // part/b falls as b grows, and so does its rounded or truncated value:
    // for each way of cutting, the fitting bases are one interval, found by
    // bisection (a scan of the window cost ~10⁴ divisions per misfit).
    let mut ranges: Vec<(i128, i128)> = Vec::new();
    for mode in [Rounding::HalfUp, Rounding::Truncate] {
        let value = |b: i128| {
            i64::try_from(b).ok().and_then(|b| {
                Exact::percent_of(part, Exact::from_int(b), u32::from(decimals), mode)
            })
        };
        // The first b whose value is at most `stated`.
        let first = partition_point(lo, hi, |b| value(b).is_some_and(|v| v > stated));
        // The first b whose value is below `stated`.
        let past = partition_point(lo, hi, |b| value(b).is_some_and(|v| v >= stated));
        if first < past {
            ranges.push((first, past));
        }
    }
    ranges.sort_unstable();
    // Both intervals contain (or lie next to) part/fraction: merge them.
    let mut fitting: Vec<i128> = Vec::new();
    let mut next = i128::MIN;
    for (a, z) in ranges {
        fitting.extend(a.max(next)..z);
        next = next.max(z);
    }
    fitting
}

/// The first `b` in `lo..=hi` for which `before(b)` is false (`hi + 1` when
/// none), for a `before` that is true on a prefix of the range.
fn partition_point(lo: i128, hi: i128, before: impl Fn(i128) -> bool) -> i128 {
    let (mut a, mut z) = (lo, hi.saturating_add(1));
    while a < z {
        let mid = a + (z - a) / 2;
        if before(mid) {
            a = mid + 1;
        } else {
            z = mid;
        }
    }
    a
}

/// The smallest value a figure allows.
pub(crate) fn low(q: &Quantity) -> Option<Exact> {
    let i = q.interval();
    match i.lo {
        Some(Bound { value, .. }) => Some(value),
        None => Some(Exact::ZERO),
    }
}

/// The largest value a figure allows (`None`: unbounded).
pub(crate) fn high(q: &Quantity) -> Option<Exact> {
    q.interval().hi.map(|b| b.value)
}

/// Format a number for a message: `36400`, `37.5`.
pub(crate) fn show(v: Exact) -> String {
    v.normalized().to_string()
}
