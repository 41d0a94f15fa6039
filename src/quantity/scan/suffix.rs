//! The suffix reader: what follows a numeral (a magnitude 万/亿, 余/多, the
//! unit, 以上 …) and the approximation word before it decide whether the
//! numeral is a quantity and of which [`Kind`].

use super::{
    BARE_YEARS, LowBits, Num, Scanner, char_at, low_bits, may_hold, starts, with_low_bits,
};
use crate::normalize::is_han;
use crate::quantity::Numeral;
use crate::quantity::approx::{self, Approx, ApproxWord};
use crate::quantity::exact::Exact;
use crate::quantity::kind::{IdKind, Kind};
use crate::quantity::unit::{self, Symbol, Unit, UnitClass};
use crate::quantity::words::strip_word_suffix;
use crate::span::Span;

/// Measure word + following text that make a word, not a count, after a
/// Chinese numeral (一轴两翼七支点, 三位一体).
const UNIT_WORDS: &[&str] = &[
    "支点", "位一", "张皮", "条龙", "把手", "门式", "类事", "起来",
];

/// Words before a bare number that make it a ratio (`比值为1.2`).
const RATIO_WORDS: &[&str] = &["比值为", "比值是", "比值", "之比为", "之比", "比率为"];

/// The characters besides the first ones of units that [`Scanner::finish`]
/// may read first after a Chinese numeral that is a quantity: a magnitude
/// (万, 亿, 千万, 百万, 个亿, 千), 余 or 多, and 年 or 月 of a date.
const MEASURE_WORDS: &[char] = &['万', '亿', '千', '百', '个', '余', '多', '年', '月'];

/// Set for every character of [`MEASURE_WORDS`] and the first character of
/// every unit.
const MAY_MEASURE: LowBits = {
    let mut table = with_low_bits([false; 4096], MEASURE_WORDS);
    let mut k = 0;
    while k < unit::UNITS.len() {
        if let [0xE0..=0xEF, second, third, ..] = *unit::UNITS[k].0.as_bytes() {
            table[low_bits(second, third)] = true;
        }
        k += 1;
    }
    table
};

/// Whether [`Scanner::finish`] may read a quantity in a Chinese numeral
/// ending at `end`: not when a three-byte character follows that nothing it
/// reads starts with (一些, 一体化, 三者), as after most numerals inside
/// words; told by one lookup instead of every reader's own search.
pub(super) fn may_measure(text: &str, end: usize) -> bool {
    match text.as_bytes().get(end..) {
        Some(&[lead, second, third, ..]) if lead & 0xF0 == 0xE0 => {
            may_hold(&MAY_MEASURE, second, third)
        }
        _ => true,
    }
}

/// What surrounds a numeral, read so far.
struct Reading {
    /// The start of the mention (an approximation word before the number).
    start: usize,
    /// Where the next word may start.
    at: usize,
    /// The end of the mention so far.
    end: usize,
    /// Power of ten of a 万/亿 … after the number.
    magnitude: u8,
    /// The approximation word before the number.
    before: Option<Approx>,
    /// 余 or 多 right after the number (or its magnitude).
    yu: Option<Approx>,
    /// The approximation word after the unit (以上, 左右 …).
    after: Option<Approx>,
}

/// 万 (4), 亿 (8), 千万 (7), 百万 (6), 万亿 (12), 个亿 (8), 千 (3, not 千米/千克/千瓦):
/// (power of ten, byte length).
fn magnitude_at(text: &str, at: usize) -> Option<(u8, usize)> {
    let rest = text.get(at..)?;
    for (w, m) in [
        ("万亿", 12u8),
        ("千万", 7),
        ("百万", 6),
        ("个亿", 8),
        ("万", 4),
        ("亿", 8),
    ] {
        if rest.starts_with(w) {
            return Some((m, w.len()));
        }
    }
    if rest.starts_with('千') && unit::match_unit(text, at).is_none() {
        return Some((3, '千'.len_utf8()));
    }
    None
}

/// `2024 年`: where a Chinese unit (or `%`) starts after at most two spaces
/// at `at`; `at` itself when none does.
fn skip_spaces_before_unit(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut k = at;
    while b.get(k) == Some(&b' ') && k - at < 2 {
        k += 1;
    }
    if k > at && char_at(text, k).is_some_and(|c| is_han(c) || c == '%' || c == '‰') {
        k
    } else {
        at
    }
}

impl Reading {
    /// Whether an approximation word has been read.
    fn approximate(&self) -> bool {
        self.before.is_some() || self.yu.is_some() || self.after.is_some()
    }

    /// Read a magnitude at the current position, if any.
    fn magnitude(&mut self, text: &str) {
        if let Some((m, len)) = magnitude_at(text, self.at) {
            self.magnitude = m;
            self.at += len;
            self.end = self.at;
        }
    }

    /// Read 余 (or 多 before a unit) at the current position, if any.
    fn yu(&mut self, text: &str) {
        let j = self.at;
        let (word, t) = if starts(text, j, "余") {
            (ApproxWord::Yu, "余")
        } else if starts(text, j, "多") && unit::unit_follows(text, j + "多".len()) {
            (ApproxWord::Duo, "多")
        } else {
            return;
        };
        self.yu = Some(Approx {
            word,
            text: t,
            span: Span::new(j, j + t.len()),
        });
        self.at += t.len();
        self.end = self.at;
        // 1.8万余件 has the magnitude first; 2万余 too. A magnitude after 余 is odd but read it.
        if self.magnitude == 0 {
            self.magnitude(text);
        }
    }

    /// The unit at the current position: `Ok(None)` when there is none,
    /// `Err(())` when what follows makes the numeral part of a word.
    fn unit(&mut self, text: &str, numeral: Numeral) -> Result<Option<Unit>, ()> {
        let j = self.at;
        if numeral == Numeral::Chinese && UNIT_WORDS.iter().any(|w| starts(text, j, w)) {
            return Err(());
        }
        let (symbol, class, e) = if let Some(found) = unit::match_unit(text, j) {
            // 十分重视, 一度: with Chinese numerals these are words, not units.
            if numeral == Numeral::Chinese && matches!(found.0.text(), "分" | "度" | "期" | "门")
            {
                return Err(());
            }
            found
        } else if starts(text, j, "年") {
            (Symbol::YEAR, UnitClass::Duration, j + "年".len())
        } else {
            return Ok(None);
        };
        let mut u = Unit::new(symbol, class, Span::new(j, e));
        self.at = e;
        // 454条(次), 31.4万户(次)
        if starts(text, self.at, "(次)") && u.per_time(self.at + "(次)".len()) {
            self.at += "(次)".len();
        }
        self.end = self.at;
        Ok(Some(u))
    }
}

impl Scanner<'_> {
    /// Read what follows a numeral (magnitude, 余/多, unit, 以上 …), decide the
    /// kind and push. `None` when the numeral is not a quantity (a Chinese
    /// numeral with no unit).
    pub(super) fn finish(&mut self, n: Num) -> Option<usize> {
        let text = self.text;
        let mut r = Reading {
            start: n.start,
            at: skip_spaces_before_unit(text, n.end),
            end: n.end,
            magnitude: 0,
            before: None,
            yu: None,
            after: None,
        };
        r.magnitude(text);
        if let Some(p) = approx::prefix_before(text, n.start, self.last_end) {
            r.start = p.span.start;
            r.before = Some(p);
        }
        r.yu(text);
        if !r.approximate() && r.magnitude == 0 {
            if let Some(e) = self.calendar(&n, r.at) {
                return Some(e);
            }
        }
        let unit = r.unit(text, n.numeral).ok()?;
        if unit.is_some() || r.yu.is_some() || r.magnitude > 0 {
            if let Some(s) = approx::suffix_at(text, r.end) {
                r.end = s.span.end;
                r.after = Some(s);
            }
        }
        let kind = match &unit {
            Some(u) => u.class.kind(),
            None => unitless_kind(text, &n, &r)?,
        };
        let mut q = self.quantity(Span::new(r.start, r.end), &n, kind);
        q.magnitude = r.magnitude;
        if r.magnitude > 0 {
            q.set_value(
                n.written
                    .shifted(i32::from(r.magnitude))
                    .map_or(n.written, Exact::normalized),
            );
        }
        q.set_approx([r.before, r.yu, r.after]);
        q.unit = unit;
        self.push(q);
        Some(r.end)
    }
}

/// The kind of a numeral with no unit: a ratio after 比值, a hotline (12345)
/// or mobile number, a year before a Chinese character (`2024企业家`), or a
/// bare number. `None` for a Chinese numeral without 余: not a quantity.
fn unitless_kind(text: &str, n: &Num, r: &Reading) -> Option<Kind> {
    if n.numeral == Numeral::Chinese && r.yu.is_none() {
        return None;
    }
    let before = text.get(..r.start).unwrap_or("");
    if RATIO_WORDS
        .iter()
        .any(|w| strip_word_suffix(before, w).is_some())
    {
        return Some(Kind::Ratio);
    }
    if !(n.plain && !r.approximate() && r.magnitude == 0 && n.numeral == Numeral::Arabic) {
        return Some(Kind::Bare);
    }
    let digits = text.get(n.start..n.end).unwrap_or("");
    let phone = (n.int_digits == 5 && digits.starts_with("12"))
        || (n.int_digits == 11 && digits.starts_with('1'));
    let year = n.int_digits == 4
        && n.decimals == 0
        && n.written
            .to_integer()
            .is_some_and(|v| BARE_YEARS.contains(&v))
        && char_at(text, n.end).is_some_and(is_han);
    Some(if phone {
        Kind::Identifier(IdKind::Phone)
    } else if year {
        Kind::Identifier(IdKind::Year)
    } else {
        Kind::Bare
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_makes_a_quantity_may_measure() {
        let firsts = unit::UNITS.iter().filter_map(|(u, _)| u.chars().next());
        for c in firsts.chain(MEASURE_WORDS.iter().copied()) {
            let text = format!("一{c}");
            assert!(may_measure(&text, "一".len()), "{c}");
        }
        assert!(!may_measure("一些", "一".len()));
        assert!(may_measure("一", "一".len()));
        assert!(may_measure("一 个", "一".len()));
    }
}
