//! The left-to-right scanner behind [`extract`](super::extract).
//!
//! One pass over the bytes. ASCII bytes other than digits, `[`, `(` and
//! clause ends are skipped without decoding; other characters are decoded
//! once. Every recognizer reads a bounded window (or a run it then
//! consumes), so the scan is linear; every slice goes through `str::get`, so
//! it cannot panic. The clause and sentence ends it passes (also those inside
//! what a recognizer read) place the quantities in their clauses and
//! sentences ([`Context`]).
//!
//! The recognizers live beside this file, one idea each: [`arabic`] numbers
//! (and the codes, dates, times and markers written with them), [`chinese`]
//! numerals, the [`identifier`]s opened by a character of their own (第, 〔,
//! `(`), the [`suffix`] reader that decides what a numeral measures, and the
//! [`range`] linking of two neighbouring mentions.

mod arabic;
mod calendar;
mod chinese;
mod identifier;
mod range;
mod suffix;

use super::exact::Exact;
use super::key::{self, Context};
use super::kind::{IdKind, Kind};
use super::number::{self, is_chinese_start};
use super::{NarrowExact, Near, Numeral, Quantity};
use crate::span::Span;
use std::ops::RangeInclusive;

/// Years a 4-digit number before 年 (`2024年`, `2021—2025年`) is read as; a
/// number outside them before 年 is a duration (`3年`).
const WRITTEN_YEARS: RangeInclusive<i128> = 1000..=2999;

/// Years a 4-digit number is taken for without a 年 of its own: before a
/// Chinese character (`2024企业家`), in a dashed pair (`(2023-2027)`), in a
/// pair whose dash was lost (`20212025年`).
const BARE_YEARS: RangeInclusive<i128> = 1900..=2100;

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// Whether `s` (not empty) is written at byte `i`. Compared as bytes: a
/// word starts with a character's first byte, so it cannot match inside a
/// character, and no boundary needs checking. The word's last byte is
/// compared first: words tried from a table mostly fail on it, without a
/// call to compare the rest.
#[inline]
fn starts(text: &str, i: usize, s: &str) -> bool {
    debug_assert!(!s.is_empty());
    let (b, w) = (text.as_bytes(), s.as_bytes());
    b.get(i + w.len() - 1) == w.last() && b.get(i..).is_some_and(|r| r.starts_with(w))
}

/// The characters the scanner's loop acts on ([`Scanner::run`]): title
/// marks, 文号 brackets, 第, 百 and 千 (百分之, 千分之), the first
/// characters of Chinese numerals, and the clause and sentence ends that
/// are not ASCII. All take three bytes in UTF-8.
const DISPATCHED: &[char] = &[
    '《', '》', '〔', '【', '〖', '第', '百', '千', '十', '〇', '零', '○', '一', '二', '两', '三',
    '四', '五', '六', '七', '八', '九', '。', '，', '；', '：', '！', '？',
];

/// Three-byte characters told apart by the low six bits of their last two
/// bytes (their low 12 bits): a set that may hold characters besides its
/// own, read with one lookup and no decoding.
type LowBits = [bool; 4096];

/// `table` with the low bits of each of `chars` set.
const fn with_low_bits(mut table: LowBits, chars: &[char]) -> LowBits {
    let mut k = 0;
    while k < chars.len() {
        table[chars[k] as usize & 0xFFF] = true;
        k += 1;
    }
    table
}

/// The index in a [`LowBits`] of the three-byte character whose last two
/// bytes are `second` and `third`.
#[inline]
const fn low_bits(second: u8, third: u8) -> usize {
    ((second & 0x3F) as usize) << 6 | (third & 0x3F) as usize
}

/// Whether the three-byte character whose last two bytes are `second` and
/// `third` may be in `set`.
#[inline]
const fn may_hold(set: &LowBits, second: u8, third: u8) -> bool {
    set[low_bits(second, third)]
}

/// Set for every character in [`DISPATCHED`]: most Chinese text is passed
/// over with this one lookup instead of being decoded.
const MAY_DISPATCH: LowBits = with_low_bits([false; 4096], DISPATCHED);

/// The first byte at or after `i` that does not start a three-byte
/// character which [`MAY_DISPATCH`] rules out: the run of Chinese text
/// before the next character the scanner may act on, passed in a tight loop.
#[inline]
fn pass_chinese(b: &[u8], mut i: usize) -> usize {
    while let Some(&[lead, second, third]) = b.get(i..i + 3) {
        if lead & 0xF0 != 0xE0 || may_hold(&MAY_DISPATCH, second, third) {
            break;
        }
        i += 3;
    }
    i
}

/// A numeral read, before its unit is known.
struct Num {
    start: usize,
    end: usize,
    written: Exact,
    decimals: u8,
    numeral: Numeral,
    /// Only digits (Arabic) or digit-by-digit (Chinese).
    plain: bool,
    /// Digits before the point (Arabic), characters (positional Chinese).
    int_digits: usize,
    vague: bool,
}

impl Num {
    /// An Arabic numeral read at `start`.
    fn arabic(start: usize, a: &number::Arabic) -> Num {
        Num {
            start,
            end: a.end,
            written: a.value,
            decimals: a.decimals,
            numeral: Numeral::Arabic,
            plain: a.plain,
            int_digits: a.int_digits,
            vague: false,
        }
    }

    /// A run of ASCII digits `start..end` carrying `value` (the number of a
    /// code, a date or a 文号, read by the recognizer that found it).
    fn digit_run(start: usize, end: usize, value: Exact) -> Num {
        Num {
            start,
            end,
            written: value,
            decimals: 0,
            numeral: Numeral::Arabic,
            plain: true,
            int_digits: end - start,
            vague: false,
        }
    }

    /// A Chinese numeral read at `start` (not digit-by-digit).
    fn chinese(start: usize, z: &number::Chinese) -> Num {
        Num {
            start,
            end: z.end,
            written: z.value,
            decimals: z.decimals,
            numeral: Numeral::Chinese,
            plain: false,
            int_digits: 0,
            vague: false,
        }
    }
}

pub(crate) struct Scanner<'a> {
    text: &'a str,
    out: Vec<Quantity>,
    /// Nesting of 《》; reset at line breaks so an unclosed 《 cannot swallow a document.
    title_depth: u32,
    /// End of the last mention: the next one (and its prefix words) starts at or after it.
    last_end: usize,
    /// The clauses and sentences of the quantities read.
    context: Context,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Scanner {
            text,
            // Reports state about one figure per 110 bytes: room for more,
            // reserved once (capacity never written takes no memory), so
            // that a large document's list is not copied as it grows.
            out: Vec::with_capacity(text.len() / 64),
            title_depth: 0,
            last_end: 0,
            context: Context::default(),
        }
    }

    pub(crate) fn run(mut self) -> Vec<Quantity> {
        let text = self.text;
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let byte = b[i];
            if byte < 0x80 {
                let next = match byte {
                    b'0'..=b'9' => Some(self.arabic(i)),
                    b'[' => self.doc_number(i, '[', ']'),
                    b'(' => self.paren_marker(i),
                    b'\n' => {
                        self.title_depth = 0;
                        self.boundary(i);
                        None
                    }
                    b',' | b':' | b';' | b'|' | b'!' | b'?' | b'\r' => {
                        self.boundary(i);
                        None
                    }
                    _ => None,
                };
                i = self.advance(i, next, 1);
                continue;
            }
            let passed = pass_chinese(b, i);
            if passed > i {
                i = passed;
                continue;
            }
            // A full-width clause or sentence end (。 ， …) is noted
            // without decoding it.
            let (level, len) = key::boundary_at(b, i);
            if level > 0 {
                self.context
                    .boundary(text, &mut self.out, i, len, level == 2);
                i += len;
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
            // Every character acted on here is in `DISPATCHED`.
            let next = match c {
                '《' => {
                    self.title_depth += 1;
                    None
                }
                '》' => {
                    self.title_depth = self.title_depth.saturating_sub(1);
                    None
                }
                '〔' => self.doc_number(i, '〔', '〕'),
                '【' => self.doc_number(i, '【', '】'),
                '〖' => self.doc_number(i, '〖', '〗'),
                '第' => self.ordinal(i),
                '百' | '千' => self.percent_words(i),
                c if is_chinese_start(c) => self.chinese(i),
                _ => None,
            };
            i = self.advance(i, next, c.len_utf8());
        }
        self.context.close_all(text, &mut self.out);
        self.out
    }

    /// Where the loop goes on from the character at `i`, `len` bytes long:
    /// after what a recognizer read up to `next` (whose clause ends it
    /// notes, as the loop does not see them), else after the character.
    #[inline]
    fn advance(&mut self, i: usize, next: Option<usize>, len: usize) -> usize {
        match next {
            Some(n) if n > i => {
                let text = self.text;
                let read = text.as_bytes().get(i..n).unwrap_or_default();
                for (k, &byte) in (i..).zip(read) {
                    if key::may_start_boundary(byte) {
                        self.boundary(k);
                    }
                }
                n
            }
            _ => i + len,
        }
    }

    /// Note the clause or sentence end at `i` (a character's first byte),
    /// if it is one.
    #[inline]
    fn boundary(&mut self, i: usize) {
        let (level, len) = key::boundary_at(self.text.as_bytes(), i);
        if level > 0 {
            self.context
                .boundary(self.text, &mut self.out, i, len, level == 2);
        }
    }

    /// A quantity of `kind` for the numeral `n` over `span`, nothing else known yet.
    fn quantity(&self, span: Span, n: &Num, kind: Kind) -> Quantity {
        let mut q = Quantity {
            span: span.into(),
            number_span: Near::FAR,
            value: NarrowExact::WIDE,
            decimals: n.decimals,
            magnitude: 0,
            numeral: n.numeral,
            unit: None,
            kind,
            vague: n.vague,
            malformed: false,
            rare: None,
            key: None,
            clause: Near::FAR,
            sentence: Near::FAR,
        };
        q.set_number_span(Span::new(n.start, n.end));
        q.store_value(n.written);
        q
    }

    fn ident(&mut self, span: Span, n: &Num, id: IdKind, malformed: bool) {
        let mut q = self.quantity(span, n, Kind::Identifier(id));
        q.malformed = malformed;
        q.vague = false;
        self.push(q);
    }

    fn push(&mut self, mut q: Quantity) {
        if self.title_depth > 0 {
            q.kind = Kind::Identifier(IdKind::LawTitle);
        }
        if let Some(prev) = self.out.last_mut() {
            range::link(self.text, prev, &mut q);
        }
        self.last_end = q.span().end;
        self.out.push(q);
        self.context.opened(&self.out, self.out.len() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dispatched_character_passes_the_table() {
        let arms = [
            '《', '》', '〔', '【', '〖', '第', '百', '千', '。', '，', '；', '：', '！', '？',
        ];
        for c in ('\u{800}'..='\u{FFFF}').filter(|&c| arms.contains(&c) || is_chinese_start(c)) {
            assert!(DISPATCHED.contains(&c), "{c}");
            let mut buf = [0; 4];
            assert_eq!(
                pass_chinese(c.encode_utf8(&mut buf).as_bytes(), 0),
                0,
                "{c}"
            );
        }
        for c in DISPATCHED {
            assert_eq!(c.len_utf8(), 3);
        }
    }
}
