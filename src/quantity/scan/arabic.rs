//! Arabic numbers and what is written with them besides figures: codes
//! (`GB/T 9704-2012`, `5G`), numeric dates and times (`2025-02-24 15:21`,
//! `3·8`), phone numbers, list markers (`1.`, `1、`), `a:b` ratios and a year
//! pair whose dash was lost (`20212025年`). A plain figure goes on to the
//! [suffix reader](super::suffix).

use super::identifier::{line_start, marker_boundary};
use super::{BARE_YEARS, Num, Scanner, char_before, starts};
use crate::quantity::exact::Exact;
use crate::quantity::kind::{IdKind, Kind};
use crate::quantity::number::{self, Arabic};
use crate::span::Span;
use crate::structure::date::{dotted_date, numeric_date};

/// The integer value of the leading digits at `start` (0 if too long).
pub(super) fn leading_int(b: &[u8], start: usize) -> Exact {
    let mut v: i64 = 0;
    let mut i = start;
    while let Some(&d) = b.get(i) {
        if !d.is_ascii_digit() {
            break;
        }
        v = match v
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(d - b'0')))
        {
            Some(v) => v,
            None => return Exact::ZERO,
        };
        i += 1;
    }
    Exact::from_int(v)
}

/// End of an ASCII code-like token (letters, digits, and `/ - _ .` between them), at most 64 bytes.
fn token_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < b.len() && i - start < 64 {
        let c = b[i];
        let joint = matches!(c, b'/' | b'-' | b'_' | b'.')
            && b.get(i + 1).is_some_and(u8::is_ascii_alphanumeric);
        if c.is_ascii_alphanumeric() || joint {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether a token has letters other than an ASCII unit right after the number (`5G`, `A3B`).
fn has_foreign_letters(tok: &str) -> bool {
    let Some(first_letter) = tok.find(|c: char| c.is_ascii_alphabetic()) else {
        return false;
    };
    let (num, rest) = tok.split_at(first_letter);
    let unit_like = [
        "km", "kg", "m", "t", "kW", "kWh", "MW", "GB", "MB", "TB", "KB",
    ]
    .contains(&rest);
    !(unit_like && num.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
}

/// 0825-1234567 (an area code and a 7–8 digit number).
fn landline(b: &[u8], start: usize) -> Option<usize> {
    if b.get(start) != Some(&b'0') {
        return None;
    }
    let mut i = start;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if !(3..=4).contains(&(i - start)) || b.get(i) != Some(&b'-') {
        return None;
    }
    let s = i + 1;
    let mut k = s;
    while b.get(k).is_some_and(u8::is_ascii_digit) {
        k += 1;
    }
    (7..=8).contains(&(k - s)).then_some(k)
}

impl Scanner<'_> {
    /// The mention that starts with the digit at `start`; the end of what was read.
    pub(super) fn arabic(&mut self, start: usize) -> usize {
        if let Some(end) = self.code_or_date(start) {
            return end;
        }
        let text = self.text;
        let Some(a) = number::arabic(text, start) else {
            // Too long to be a figure.
            let run_end = digit_run_end(text.as_bytes(), start);
            let n = Num::digit_run(start, run_end, Exact::ZERO);
            self.ident(Span::new(start, run_end), &n, IdKind::Code, false);
            return run_end;
        };
        let n = Num::arabic(start, &a);
        self.ordinal_continues(&n)
            .or_else(|| self.arabic_marker(&n, &a))
            .or_else(|| self.colon_pair(&n, &a))
            .or_else(|| self.lost_year_dash(&n, &a))
            .unwrap_or_else(|| self.finish(n).unwrap_or(a.end))
    }

    /// A code (`GB/T 9704`, `A12`, `5G`, `115108037/2025-00427`), a numeric
    /// date (`2025-02-24`, `3·8`) or a landline number at `start`.
    fn code_or_date(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let run_end = digit_run_end(b, start);
        // Part of a code: GB/T 9704-2012, A12.
        let after_letter = match char_before(text, start) {
            Some(c) if c.is_ascii_alphabetic() || c == '/' || c == '_' => true,
            // `GB/T 9704`: an upper-case code word, a space, the number.
            Some(' ') => char_before(text, start - 1).is_some_and(|c| c.is_ascii_uppercase()),
            _ => false,
        };
        let rest = text.get(start..).unwrap_or("");
        // What the digit run is followed by, which rules out most readings
        // before they are tried: `2025-02-24` has four digits and an ASCII
        // separator, `3·8` one or two digits and a space or the first byte
        // of a dot (`·` C2, `•` `‧` E2, `・` E3), a code letters or joints
        // after its digits.
        let (run, after_run) = (run_end - start, b.get(run_end).copied());
        let may_be_numeric_date = run == 4 && matches!(after_run, Some(b'-' | b'/' | b'.'));
        let may_be_dotted_date = run <= 2 && matches!(after_run, Some(b' ' | 0xC2 | 0xE2 | 0xE3));
        let may_be_code = after_run
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'_' | b'.'));
        let (span, n, id, malformed) = if after_letter {
            let n = Num::digit_run(start, run_end, leading_int(b, start));
            (
                Span::new(start, token_end(b, start)),
                n,
                IdKind::Code,
                false,
            )
        } else if let Some((len, year)) = may_be_numeric_date.then(|| numeric_date(rest)).flatten()
        {
            let n = Num::digit_run(start, start + 4, Exact::from_int(year));
            (Span::new(start, start + len), n, IdKind::Date, false)
        } else if let Some((len, month, malformed)) =
            may_be_dotted_date.then(|| dotted_date(rest)).flatten()
        {
            let n = Num::digit_run(start, run_end, Exact::from_int(month));
            (Span::new(start, start + len), n, IdKind::Date, malformed)
        } else if let Some(tok_end) = may_be_code.then(|| token_end(b, start)).filter(|&e| {
            e > run_end
                && text
                    .get(start..e)
                    .is_some_and(|tok| tok.contains('/') || has_foreign_letters(tok))
        }) {
            let n = Num::digit_run(start, run_end, leading_int(b, start));
            (Span::new(start, tok_end), n, IdKind::Code, false)
        } else {
            let end = landline(b, start)?;
            let n = Num::digit_run(start, run_end, leading_int(b, start));
            (Span::new(start, end), n, IdKind::Phone, false)
        };
        self.ident(span, &n, id, malformed);
        Some(span.end)
    }

    /// Heading and list markers: `1.` `1、` `1)` after a boundary.
    fn arabic_marker(&mut self, n: &Num, a: &Arabic) -> Option<usize> {
        let (text, start) = (self.text, n.start);
        if !(a.plain && a.int_digits <= 2 && marker_boundary(text, start, false)) {
            return None;
        }
        let b = text.as_bytes();
        let end = if starts(text, a.end, "、") {
            a.end + "、".len()
        } else if line_start(text, start)
            && matches!(b.get(a.end), Some(b'.') | Some(b')'))
            && !b.get(a.end + 1).is_some_and(u8::is_ascii_digit)
        {
            a.end + 1
        } else {
            return None;
        };
        self.ident(Span::new(start, end), n, IdKind::ListMarker, false);
        Some(end)
    }

    /// `15:21` (a time) or `1.04:1` (a ratio).
    fn colon_pair(&mut self, n: &Num, a: &Arabic) -> Option<usize> {
        let (text, start) = (self.text, n.start);
        let b = text.as_bytes();
        if b.get(a.end) != Some(&b':') || !b.get(a.end + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let second = number::arabic(text, a.end + 1)?;
        let is_time = a.plain
            && a.int_digits <= 2
            && second.plain
            && second.int_digits == 2
            && a.value <= Exact::from_int(23)
            && second.value <= Exact::from_int(59);
        if is_time {
            let mut end = second.end;
            if b.get(end) == Some(&b':')
                && b.get(end + 1).is_some_and(u8::is_ascii_digit)
                && b.get(end + 2).is_some_and(u8::is_ascii_digit)
                && !b.get(end + 3).is_some_and(u8::is_ascii_digit)
            {
                end += 3;
            }
            self.ident(Span::new(start, end), n, IdKind::Time, false);
            return Some(end);
        }
        let mut q = self.quantity(Span::new(start, second.end), n, Kind::Ratio);
        q.set_denominator(second.value);
        self.push(q);
        Some(second.end)
    }

    /// `20212025年`: a year range whose dash was lost.
    fn lost_year_dash(&mut self, n: &Num, a: &Arabic) -> Option<usize> {
        let (text, start) = (self.text, n.start);
        if !(a.plain && a.int_digits == 8 && starts(text, a.end, "年")) {
            return None;
        }
        let v = a.value.to_integer()?;
        let (hi, lo) = (v % 10_000, v / 10_000);
        if !(BARE_YEARS.contains(&lo) && BARE_YEARS.contains(&hi) && lo < hi) {
            return None;
        }
        let end = a.end + "年".len();
        let mut q = self.quantity(Span::new(start, end), n, Kind::Identifier(IdKind::Year));
        q.malformed = true;
        q.set_value(Exact::from_int(lo as i64));
        self.push(q);
        Some(end)
    }
}

/// End of the run of ASCII digits at `start`.
fn digit_run_end(b: &[u8], start: usize) -> usize {
    let mut end = start;
    while b.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    end
}
