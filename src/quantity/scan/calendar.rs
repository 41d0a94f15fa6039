//! Calendar words after a numeral: a year (`2024年`, `2024年度`), a date
//! (`2024年2月24日`, `2月24日`, `24日`) and a numbered day (`5号`). Numeric
//! dates (`2025-02-24`, `3·8`) are read with the dates of the structure, in
//! [`crate::structure::date`].

use super::{Num, Scanner, WRITTEN_YEARS, char_at, starts};
use crate::quantity::Numeral;
use crate::quantity::kind::IdKind;
use crate::quantity::number::{self, is_chinese_start};
use crate::span::Span;

/// `M月` (and `D日`/`D号`) at `at`, Arabic or Chinese; the end.
fn month_day(text: &str, at: usize) -> Option<usize> {
    let (v, e) = small_number(text, at)?;
    if !(1..=12).contains(&v) || !starts(text, e, "月") {
        return None;
    }
    let after = e + "月".len();
    Some(day_at(text, after).unwrap_or(after))
}

/// `D日` or `D号` at `at`; the end.
fn day_at(text: &str, at: usize) -> Option<usize> {
    let (v, e) = small_number(text, at)?;
    if !(1..=31).contains(&v) {
        return None;
    }
    ["日", "号"]
        .iter()
        .find(|w| starts(text, e, w))
        .map(|w| e + w.len())
}

/// A small integer (Arabic ≤ 2 digits or Chinese) at `at`: (value, end).
fn small_number(text: &str, at: usize) -> Option<(i128, usize)> {
    let c = char_at(text, at)?;
    if c.is_ascii_digit() {
        let a = number::arabic(text, at)?;
        (a.plain && a.int_digits <= 2).then(|| (a.value.to_integer().unwrap_or(0), a.end))
    } else if is_chinese_start(c) {
        let z = number::chinese(text, at)?;
        (z.valid && !z.positional).then(|| (z.value.to_integer().unwrap_or(0), z.end))
    } else {
        None
    }
}

impl Scanner<'_> {
    /// The numeral `n` as the start of a calendar word at `at` (right after
    /// it): 2024年(度)(2月24日), 2月24日, 24日, 5号. Pushes the identifier and
    /// returns its end; `None` when no calendar word follows.
    pub(super) fn calendar(&mut self, n: &Num, at: usize) -> Option<usize> {
        let text = self.text;
        let v = if n.decimals == 0 {
            n.written.to_integer()?
        } else {
            return None;
        };
        let arabic = n.numeral == Numeral::Arabic;
        let (end, id) =
            if starts(text, at, "年") && n.plain && n.int_digits == 4 && WRITTEN_YEARS.contains(&v)
            {
                let mut e = at + "年".len();
                if starts(text, e, "度") {
                    e += "度".len();
                }
                match month_day(text, e) {
                    Some(me) => (me, IdKind::Date),
                    None => (e, IdKind::Year),
                }
            } else if let Some(e) = month(text, arabic, v, at) {
                (e, IdKind::Date)
            } else if arabic && starts(text, at, "日") && (1..=31).contains(&v) {
                (at + "日".len(), IdKind::Date)
            } else if arabic && starts(text, at, "号") {
                (at + "号".len(), IdKind::Code)
            } else {
                return None;
            };
        self.ident(Span::new(n.start, end), n, id, false);
        Some(end)
    }
}

/// `2月` (Arabic) or `二月二十四日` (Chinese only with its day) at `at`,
/// after the month number `v`; the end.
fn month(text: &str, arabic: bool, v: i128, at: usize) -> Option<usize> {
    if !starts(text, at, "月") || !(1..=12).contains(&v) {
        return None;
    }
    let after = at + "月".len();
    let day = day_at(text, after);
    (arabic || day.is_some()).then(|| day.unwrap_or(after))
}
