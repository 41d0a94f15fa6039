//! Identifiers opened by a sign of their own: ordinals (`第3批`, `第一、二批`),
//! 文号 (`〔2025〕14号`), and markers in brackets (`(一)`, `(1)`); and where a
//! list marker may start at all.

use super::arabic::leading_int;
use super::{Num, Scanner, char_at, char_before, starts};
use crate::quantity::exact::Exact;
use crate::quantity::kind::{IdKind, Kind};
use crate::quantity::number::{self, is_chinese_start};
use crate::span::Span;

/// Measure words an ordinal may carry (第3批, 第73次).
const ORDINAL_UNITS: &[&str] = &[
    "季度", "阶段", "部分", "批", "次", "届", "条", "项", "号", "名", "期", "个", "章", "节", "款",
    "轮", "位", "种", "类", "年", "天", "步", "场", "家",
];

/// Whether a marker may start at `start`: at the text start, after a line
/// break, whitespace, or sentence punctuation (and `,` for 一是).
pub(super) fn marker_boundary(text: &str, start: usize, comma_ok: bool) -> bool {
    let Some(prev) = char_before(text, start) else {
        return true;
    };
    if prev.is_whitespace() {
        return true;
    }
    matches!(prev, '。' | ';' | ':' | '!' | '?' | '|' | '；' | '：')
        || (comma_ok && matches!(prev, ',' | '，' | ')' | '”'))
}

/// Whether only spaces separate `start` from the start of its line.
pub(super) fn line_start(text: &str, start: usize) -> bool {
    let head = text.get(..start).unwrap_or("");
    let t = head.trim_end_matches([' ', '\t', '\u{3000}']);
    t.is_empty() || t.ends_with('\n') || t.ends_with('\r') || t.ends_with('|')
}

/// The end of an ordinal's measure word at `end`, or `end` when none follows.
fn ordinal_unit_end(text: &str, end: usize) -> usize {
    ORDINAL_UNITS
        .iter()
        .find(|u| starts(text, end, u))
        .map_or(end, |u| end + u.len())
}

impl Scanner<'_> {
    /// `第一、二批`, `第3至5批`: a numeral right after an ordinal and 、/至/- is an ordinal too.
    pub(super) fn ordinal_continues(&mut self, n: &Num) -> Option<usize> {
        let last = self.out.last()?;
        if last.kind != Kind::Identifier(IdKind::Ordinal) {
            return None;
        }
        let gap = self.text.get(last.span().end..n.start)?;
        if !matches!(gap, "、" | "至" | "-" | "—" | "～" | "~" | "和" | "及") {
            return None;
        }
        let end = ordinal_unit_end(self.text, n.end);
        self.ident(Span::new(n.start, end), n, IdKind::Ordinal, false);
        Some(end)
    }

    /// 第一, 第3批, 第73次.
    pub(super) fn ordinal(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let at = start + '第'.len_utf8();
        let c = char_at(text, at)?;
        let n = if c.is_ascii_digit() {
            let a = number::arabic(text, at)?;
            Num::arabic(at, &a)
        } else if is_chinese_start(c) {
            let z = number::chinese(text, at)?;
            if !z.valid {
                return Some(z.end);
            }
            Num {
                plain: z.positional,
                ..Num::chinese(at, &z)
            }
        } else {
            return None;
        };
        let end = ordinal_unit_end(text, n.end);
        self.ident(Span::new(start, end), &n, IdKind::Ordinal, false);
        Some(end)
    }

    /// `〔2025〕14号`, `[2025]1号`, `【2025】3号`.
    pub(super) fn doc_number(&mut self, start: usize, open: char, close: char) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let ys = start + open.len_utf8();
        let mut ye = ys;
        while b.get(ye).is_some_and(u8::is_ascii_digit) && ye - ys < 5 {
            ye += 1;
        }
        if !(2..=4).contains(&(ye - ys)) || char_at(text, ye) != Some(close) {
            return None;
        }
        let mut at = ye + close.len_utf8();
        let with_di = starts(text, at, "第");
        if with_di {
            at += "第".len();
        }
        let ss = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) && at - ss < 8 {
            at += 1;
        }
        if at == ss || !starts(text, at, "号") {
            return None;
        }
        let end = at + "号".len();
        let malformed = open != '〔' || ye - ys != 4 || b[ss] == b'0' || with_di;
        let n = Num::digit_run(ss, at, leading_int(b, ss));
        self.ident(Span::new(start, end), &n, IdKind::DocNumber, malformed);
        Some(end)
    }

    /// (一) (1) as heading or list markers.
    pub(super) fn paren_marker(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let at = start + 1;
        let c = char_at(text, at)?;
        let n = if c.is_ascii_digit() {
            let a = number::arabic(text, at)?;
            if !a.plain || a.int_digits > 2 {
                return None;
            }
            Num::arabic(at, &a)
        } else if is_chinese_start(c) {
            let z = number::chinese(text, at)?;
            if !z.valid || z.positional || z.value > Exact::from_int(99) {
                return None;
            }
            Num::chinese(at, &z)
        } else {
            return None;
        };
        if text.as_bytes().get(n.end) != Some(&b')') {
            return None;
        }
        let end = n.end + 1;
        self.ident(Span::new(start, end), &n, IdKind::ListMarker, false);
        Some(end)
    }
}
