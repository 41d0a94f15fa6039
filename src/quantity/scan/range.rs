//! Range linking: two mentions joined by nothing but a connector
//! (`15%～30%`, `2021—2025年`, `1-11月`) become the two ends of a range.

use super::{BARE_YEARS, WRITTEN_YEARS};
use crate::quantity::exact::Exact;
use crate::quantity::kind::{IdKind, Kind};
use crate::quantity::{Quantity, RangeEnd, RangeRole};

/// Connectors between the two ends of a range.
const RANGE_CONNECTORS: &[&str] = &["～", "~", "—", "——", "–", "-", "−", "至", "到", "〜"];

/// Whether `c` starts one of the [`RANGE_CONNECTORS`].
fn starts_connector(c: char) -> bool {
    matches!(c, '～' | '~' | '—' | '–' | '-' | '−' | '至' | '到' | '〜')
}

/// Link `q` to `prev` when a range connector is all that separates them; an
/// end without a unit borrows the other's (`15～30%`), and a bare 4-digit end
/// before a year becomes a year (`2021—2025年`).
pub(super) fn link(text: &str, prev: &mut Quantity, q: &mut Quantity) {
    if prev.span().end > q.span().start {
        return;
    }
    let Some(gap) = text.get(prev.span().end..q.span().start) else {
        return;
    };
    // Most neighbours are apart by words: a gap that starts with neither
    // white space nor a connector's first character is no connector, trimmed
    // or not, and need not be trimmed.
    if gap
        .chars()
        .next()
        .is_none_or(|c| !c.is_whitespace() && !starts_connector(c))
    {
        return;
    }
    let gap = gap.trim();
    if !RANGE_CONNECTORS.contains(&gap) {
        return;
    }
    if prev.kind == Kind::Bare && prev.unit.is_none() {
        take_from_high_end(prev, q);
    }
    // (2023-2027): two bare 4-digit years joined by a dash.
    if is_bare_year(prev) && is_bare_year(q) && prev.value() < q.value() && gap != "到" {
        prev.kind = Kind::Identifier(IdKind::Year);
        q.kind = Kind::Identifier(IdKind::Year);
    }
    if !same_range_kind(prev.kind, q.kind) {
        return;
    }
    let span = prev.span().cover(q.span());
    let end = |role| {
        Some(RangeEnd {
            role,
            span,
            lo: prev.value(),
            hi: q.value(),
        })
    };
    let (lo, hi) = (end(RangeRole::Lo), end(RangeRole::Hi));
    prev.set_range(lo);
    q.set_range(hi);
}

/// A bare low end takes what the high end says: its unit and magnitude
/// (`15～30%`, `1-2万件`), or its identity as a year (`2021—2025年`) or a
/// date (`1-11月`, `3至5日`).
fn take_from_high_end(prev: &mut Quantity, q: &Quantity) {
    if let Some(u) = &q.unit {
        if q.kind.is_numeric() {
            let mut unit = *u;
            unit.borrowed = true;
            prev.unit = Some(unit);
            prev.kind = q.kind;
            if prev.magnitude == 0 && q.magnitude > 0 {
                prev.magnitude = q.magnitude;
                let written = prev.written();
                prev.set_value(
                    written
                        .shifted(i32::from(q.magnitude))
                        .map_or(written, Exact::normalized),
                );
            }
        }
    } else {
        // 2021—2025年
        let year = q.kind == Kind::Identifier(IdKind::Year)
            && prev.decimals == 0
            && prev.number_span().len() == 4
            && prev
                .value()
                .to_integer()
                .is_some_and(|v| WRITTEN_YEARS.contains(&v));
        // 1-11月, 3至5日
        let day = q.kind == Kind::Identifier(IdKind::Date)
            && prev.decimals == 0
            && prev.number_span().len() <= 2
            && prev
                .value()
                .to_integer()
                .is_some_and(|v| (1..=31).contains(&v));
        if year || day {
            prev.kind = q.kind;
        }
    }
}

/// A bare, exact 4-digit whole number that may be a year.
fn is_bare_year(x: &Quantity) -> bool {
    x.kind == Kind::Bare
        && x.unit.is_none()
        && x.approx().is_empty()
        && x.decimals == 0
        && x.number_span().len() == 4
        && x.value()
            .to_integer()
            .is_some_and(|v| BARE_YEARS.contains(&v))
}

/// Whether ends of these kinds make a range: figures of one kind, or years,
/// dates and titles (`2024年1月至2025年`).
fn same_range_kind(a: Kind, b: Kind) -> bool {
    let calendar = |k| {
        matches!(
            k,
            Kind::Identifier(IdKind::Year | IdKind::Date | IdKind::LawTitle)
        )
    };
    if a.is_identifier() && b.is_identifier() {
        calendar(a) && calendar(b)
    } else {
        a == b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connector_starts_with_a_listed_character() {
        for w in RANGE_CONNECTORS {
            assert!(w.chars().next().is_some_and(starts_connector), "{w}");
        }
    }
}
