//! Chinese numerals: figures with a unit (七个方面, 三千五百余人), list
//! markers (一是, 一、), fractions (三分之一), percent words (百分之三十),
//! plan names (十四五), and the words and fixed phrases that merely contain
//! a numeral (统一, 一站式, 零容忍), which are not quantities.

use super::identifier::marker_boundary;
use super::suffix;
use super::{Num, Scanner, char_at, char_before, starts};
use crate::quantity::Numeral;
use crate::quantity::approx;
use crate::quantity::exact::Exact;
use crate::quantity::kind::{IdKind, Kind};
use crate::quantity::number::{self, Chinese, is_chinese_start};
use crate::quantity::unit::{Symbol, Unit, UnitClass};
use crate::span::Span;

/// Fixed phrases that start with a numeral and a measure word but count nothing.
const IDIOMS: &[&str] = &[
    "一件事",
    "一起",
    "一次性",
    "一条龙",
    "一揽子",
    "一站式",
    "一门式",
    "一把手",
    "一支队伍",
    "一张网",
    "一张图",
    "一张蓝图",
    "一本账",
    "一类事",
    "两张皮",
    "三位一体",
    "一对一",
    "四个全面",
    "四个意识",
    "四个自信",
    "两个维护",
    "两个确立",
    "两个毫不动摇",
];

/// The low six bits of the last byte of each idiom's second character, as
/// a set: a numeral before a character without them starts none of the
/// [`IDIOMS`] (whose first two characters take three bytes each).
const IDIOM_SECOND: u64 = {
    let mut set = 0;
    let mut k = 0;
    while k < IDIOMS.len() {
        set |= 1 << (IDIOMS[k].as_bytes()[5] & 0x3F);
        k += 1;
    }
    set
};

/// Characters that make a following 一 part of a word (统一, 唯一, 进一步 …).
const WORD_BEFORE_ONE: &[char] = &[
    '统', '唯', '进', '逐', '万', '之', '同', '划', '专', '单', '合', '初', '其', '周', '星', '归',
    '如', '某', '任', '另', '整', '纯', '均', '独', '看', '一', '上', '下',
];

/// Plan and 普法 names written as numerals.
const PLANS: &[&str] = &[
    "十一五",
    "十二五",
    "十三五",
    "十四五",
    "十五五",
    "六五",
    "七五",
    "八五",
    "九五",
];

impl Scanner<'_> {
    /// The mention that starts with the Chinese numeral at `start`; the end of
    /// what was read, `None` when nothing was.
    pub(super) fn chinese(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let c = number::chinese(text, start)?;
        let end = c.end;
        let raw = text.get(start..end)?;
        let n = Num {
            plain: c.positional,
            int_digits: raw.chars().count(),
            vague: raw == "一",
            ..Num::chinese(start, &c)
        };
        if let Some(e) = self.ordinal_continues(&n) {
            return Some(e);
        }
        if let Some(e) = self.plan_name(&n, raw) {
            return Some(e);
        }
        if !c.valid {
            return Some(end);
        }
        if let Some(e) = self.chinese_marker(&n, &c) {
            return Some(e);
        }
        if starts(text, end, "分之") {
            return Some(self.fraction(start, &c).unwrap_or(end));
        }
        if let Some(e) = word_with_numeral(text, start, raw) {
            return Some(e);
        }
        if !suffix::may_measure(text, end) {
            return Some(end);
        }
        Some(self.finish(n).unwrap_or(end))
    }

    /// `十四五`, `“八五”普法`: a plan name, when quoted or named as one.
    fn plan_name(&mut self, n: &Num, raw: &str) -> Option<usize> {
        let (text, start, end) = (self.text, n.start, n.end);
        if !PLANS.contains(&raw) {
            return None;
        }
        let quoted = matches!(char_before(text, start), Some('“' | '"' | '‘'));
        let named = ["普法", "规划", "时期", "期间", "末", "以来"]
            .iter()
            .any(|w| starts(text, end, w));
        if !(quoted || named) {
            return None;
        }
        self.ident(Span::new(start, end), n, IdKind::Plan, false);
        Some(end)
    }

    /// 一是 / 二是 and 一、 after a boundary: list markers. A 是 elsewhere
    /// (统一是) ends the numeral with nothing read.
    fn chinese_marker(&mut self, n: &Num, c: &Chinese) -> Option<usize> {
        let (text, start, end) = (self.text, n.start, n.end);
        let marker = |suffix: char, comma_ok: bool| {
            char_at(text, end) == Some(suffix)
                && !c.positional
                && marker_boundary(text, start, comma_ok)
        };
        let e = if marker('是', true) && c.value <= Exact::from_int(20) {
            end + '是'.len_utf8()
        } else if char_at(text, end) == Some('是') {
            return Some(end);
        } else if marker('、', false) {
            end + '、'.len_utf8()
        } else {
            return None;
        };
        self.ident(Span::new(start, e), n, IdKind::ListMarker, false);
        Some(e)
    }

    /// 三分之一: a fraction (a ratio 1 : 3), the denominator `c` read at `start`.
    fn fraction(&mut self, start: usize, c: &Chinese) -> Option<usize> {
        let text = self.text;
        let at = c.end + "分之".len();
        let num = char_at(text, at)
            .filter(|&c| is_chinese_start(c))
            .and_then(|_| number::chinese(text, at))
            .filter(|z| z.valid && !z.positional)?;
        let numer = Num::chinese(at, &num);
        let prefix = approx::prefix_before(text, start, self.last_end);
        let span_start = prefix.as_ref().map_or(start, |a| a.span.start);
        let mut q = self.quantity(Span::new(span_start, num.end), &numer, Kind::Ratio);
        q.set_denominator(c.value);
        q.set_approx([prefix]);
        self.push(q);
        Some(num.end)
    }

    /// 百分之三十, 百分之十二点五, 百分之百, 千分之五.
    pub(super) fn percent_words(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let (word, class) = if starts(text, start, "百分之") {
            (Symbol::PERCENT_WORD, UnitClass::Percent)
        } else if starts(text, start, "千分之") {
            (Symbol::PERMILLE_WORD, UnitClass::Permille)
        } else {
            return None;
        };
        let at = start + word.text().len();
        let c = char_at(text, at)?;
        let n = if c.is_ascii_digit() {
            let a = number::arabic(text, at)?;
            Num::arabic(at, &a)
        } else if c == '百' && class == UnitClass::Percent {
            Num {
                numeral: Numeral::Chinese,
                plain: false,
                int_digits: 1,
                ..Num::digit_run(at, at + c.len_utf8(), Exact::from_int(100))
            }
        } else if is_chinese_start(c) {
            let z = number::chinese(text, at)?;
            if !z.valid {
                return Some(z.end);
            }
            Num::chinese(at, &z)
        } else {
            return None;
        };
        let prefix = approx::prefix_before(text, start, self.last_end);
        let span_start = prefix.as_ref().map_or(start, |a| a.span.start);
        let suffix = approx::suffix_at(text, n.end);
        let end = suffix.as_ref().map_or(n.end, |s| s.span.end);
        let mut q = self.quantity(Span::new(span_start, end), &n, Kind::Percent);
        q.unit = Some(Unit::new(word, class, Span::new(start, at)));
        q.set_approx([prefix, suffix]);
        self.push(q);
        Some(end)
    }
}

/// Where a word that merely contains the numeral `raw` at `start` ends: a
/// lone zero (零件, 零容忍), a fixed phrase (一站式), 一 or 两 inside a word
/// (统一, 唯一).
fn word_with_numeral(text: &str, start: usize, raw: &str) -> Option<usize> {
    let end = start + raw.len();
    if raw == "零" || raw == "〇" {
        return Some(end);
    }
    let second = text.as_bytes().get(start + 5);
    if second.is_some_and(|&b| (IDIOM_SECOND >> (b & 0x3F)) & 1 == 1) {
        if let Some(idiom) = IDIOMS.iter().find(|w| starts(text, start, w)) {
            return Some(start + idiom.len());
        }
    }
    let inside_word = || char_before(text, start).is_some_and(|p| WORD_BEFORE_ONE.contains(&p));
    ((raw == "一" || raw == "两") && inside_word()).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idioms_start_with_two_three_byte_characters() {
        for w in IDIOMS {
            let mut chars = w.chars();
            assert_eq!(chars.next().map(char::len_utf8), Some(3), "{w}");
            assert_eq!(chars.next().map(char::len_utf8), Some(3), "{w}");
        }
    }
}
