//! The left-to-right scanner behind [`extract`](super::extract).
//!
//! One pass over the bytes. ASCII bytes other than digits, `[` and `(` are
//! skipped without decoding; other characters are decoded once. Every
//! recognizer reads a bounded window (or a run it then consumes), so the scan
//! is linear; every slice goes through `str::get`, so it cannot panic.

use super::approx::{self, Approx, ApproxWord};
use super::exact::Exact;
use super::kind::{IdKind, Kind};
use super::number::{self, is_chinese_start};
use super::unit::{self, Unit, UnitClass};
use super::{Numeral, Quantity, RangeEnd, RangeRole};
use crate::span::Span;

#[inline]
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

#[inline]
fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

#[inline]
fn starts(text: &str, i: usize, s: &str) -> bool {
    text.get(i..).is_some_and(|r| r.starts_with(s))
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Connectors between the two ends of a range.
const RANGE_CONNECTORS: &[&str] = &["～", "~", "—", "——", "–", "-", "−", "至", "到", "〜"];

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

/// Measure words an ordinal may carry (第3批, 第73次).
const ORDINAL_UNITS: &[&str] = &[
    "季度", "阶段", "部分", "批", "次", "届", "条", "项", "号", "名", "期", "个", "章", "节", "款",
    "轮", "位", "种", "类", "年", "天", "步", "场", "家",
];

/// Measure word + following text that make a word, not a count, after a
/// Chinese numeral (一轴两翼七支点, 三位一体).
const UNIT_WORDS: &[&str] = &[
    "支点", "位一", "张皮", "条龙", "把手", "门式", "类事", "起来",
];

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
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Scanner {
            text,
            out: Vec::new(),
            title_depth: 0,
            last_end: 0,
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
                        None
                    }
                    _ => None,
                };
                i = match next {
                    Some(n) if n > i => n,
                    _ => i + 1,
                };
                continue;
            }
            let Some(c) = char_at(text, i) else { break };
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
            i = match next {
                Some(n) if n > i => n,
                _ => i + c.len_utf8(),
            };
        }
        self.out
    }

    // ---------------------------------------------------------------- output

    fn quantity(&self, span: Span, n: &Num, kind: Kind) -> Quantity {
        Quantity {
            span,
            number_span: Span::new(n.start, n.end),
            written: n.written,
            value: n.written,
            decimals: n.decimals,
            magnitude: 0,
            numeral: n.numeral,
            approx: Vec::new(),
            unit: None,
            kind,
            vague: n.vague,
            malformed: false,
            range: None,
            denominator: None,
            key: None,
            clause: Span::default(),
            sentence: Span::default(),
        }
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
            link_range(self.text, prev, &mut q);
        }
        self.last_end = q.span.end;
        self.out.push(q);
    }

    // ---------------------------------------------------------------- Arabic

    fn arabic(&mut self, start: usize) -> usize {
        let text = self.text;
        let b = text.as_bytes();
        let mut run_end = start;
        while b.get(run_end).is_some_and(u8::is_ascii_digit) {
            run_end += 1;
        }
        let tok_end = token_end(b, start);
        let simple = |end: usize, value: Exact| Num {
            start,
            end,
            written: value,
            decimals: 0,
            numeral: Numeral::Arabic,
            plain: true,
            int_digits: end - start,
            vague: false,
        };
        let lead = leading_int(b, start);

        // Part of a code: GB/T 9704-2012, A12.
        let prev = char_before(text, start);
        let after_letter = match prev {
            Some(c) if c.is_ascii_alphabetic() || c == '/' || c == '_' => true,
            // `GB/T 9704`: an upper-case code word, a space, the number.
            Some(' ') => char_before(text, start - 1).is_some_and(|c| c.is_ascii_uppercase()),
            _ => false,
        };
        if after_letter {
            let n = simple(run_end, lead);
            self.ident(Span::new(start, tok_end), &n, IdKind::Code, false);
            return tok_end;
        }
        if let Some((end, year)) = iso_date(b, start) {
            let n = simple(start + 4, Exact::from_int(year));
            self.ident(Span::new(start, end), &n, IdKind::Date, false);
            return end;
        }
        if let Some((end, month, malformed)) = dotted_date(text, start) {
            let n = simple(run_end, Exact::from_int(month));
            self.ident(Span::new(start, end), &n, IdKind::Date, malformed);
            return end;
        }
        let tok = text.get(start..tok_end).unwrap_or("");
        if tok.contains('/') || has_foreign_letters(tok) {
            let n = simple(run_end, lead);
            self.ident(Span::new(start, tok_end), &n, IdKind::Code, false);
            return tok_end;
        }
        if let Some(end) = landline(b, start) {
            let n = simple(run_end, lead);
            self.ident(Span::new(start, end), &n, IdKind::Phone, false);
            return end;
        }
        let Some(a) = number::arabic(text, start) else {
            // Too long to be a figure.
            let n = simple(run_end, Exact::ZERO);
            self.ident(Span::new(start, run_end), &n, IdKind::Code, false);
            return run_end;
        };
        let n = Num::arabic(start, &a);
        if let Some(e) = self.ordinal_continues(&n) {
            return e;
        }
        // Heading and list markers: 1. 1、 1)
        if a.plain && a.int_digits <= 2 && marker_boundary(text, start, false) {
            let line_start = line_start(text, start);
            let marker_end = if starts(text, a.end, "、") {
                Some(a.end + "、".len())
            } else if line_start
                && matches!(b.get(a.end), Some(b'.') | Some(b')'))
                && !b.get(a.end + 1).is_some_and(u8::is_ascii_digit)
            {
                Some(a.end + 1)
            } else {
                None
            };
            if let Some(end) = marker_end {
                self.ident(Span::new(start, end), &n, IdKind::ListMarker, false);
                return end;
            }
        }
        // 15:21 (a time) or 1.04:1 (a ratio)
        if b.get(a.end) == Some(&b':') && b.get(a.end + 1).is_some_and(u8::is_ascii_digit) {
            if let Some(second) = number::arabic(text, a.end + 1) {
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
                    self.ident(Span::new(start, end), &n, IdKind::Time, false);
                    return end;
                }
                let mut q = self.quantity(Span::new(start, second.end), &n, Kind::Ratio);
                q.denominator = Some(Box::new(second.value));
                self.push(q);
                return second.end;
            }
        }
        // 20212025年: a year range whose dash was lost.
        if a.plain && a.int_digits == 8 && starts(text, a.end, "年") {
            if let Some(v) = lead.to_integer() {
                let (hi, lo) = (v % 10_000, v / 10_000);
                if (1900..=2100).contains(&lo) && (1900..=2100).contains(&hi) && lo < hi {
                    let end = a.end + "年".len();
                    let mut q =
                        self.quantity(Span::new(start, end), &n, Kind::Identifier(IdKind::Year));
                    q.malformed = true;
                    q.value = Exact::from_int(lo as i64);
                    self.push(q);
                    return end;
                }
            }
        }
        self.finish(n).unwrap_or(a.end)
    }

    // ---------------------------------------------------------------- Chinese

    fn chinese(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let c = number::chinese(text, start)?;
        let end = c.end;
        let raw = text.get(start..end)?;
        let prev = char_before(text, start);
        let next = char_at(text, end);
        let n = Num {
            start,
            end,
            written: c.value,
            decimals: c.decimals,
            numeral: Numeral::Chinese,
            plain: c.positional,
            int_digits: raw.chars().count(),
            vague: raw == "一",
        };
        if let Some(e) = self.ordinal_continues(&n) {
            return Some(e);
        }
        if PLANS.contains(&raw) {
            let quoted = matches!(prev, Some('“' | '"' | '‘'));
            let named = ["普法", "规划", "时期", "期间", "末", "以来"]
                .iter()
                .any(|w| starts(text, end, w));
            if quoted || named {
                self.ident(Span::new(start, end), &n, IdKind::Plan, false);
                return Some(end);
            }
        }
        if !c.valid {
            return Some(end);
        }
        // 一是 / 二是 and 一、 after a boundary: list markers.
        if next == Some('是') {
            if !c.positional && c.value <= Exact::from_int(20) && marker_boundary(text, start, true)
            {
                let e = end + '是'.len_utf8();
                self.ident(Span::new(start, e), &n, IdKind::ListMarker, false);
                return Some(e);
            }
            return Some(end);
        }
        if next == Some('、') && !c.positional && marker_boundary(text, start, false) {
            let e = end + '、'.len_utf8();
            self.ident(Span::new(start, e), &n, IdKind::ListMarker, false);
            return Some(e);
        }
        // 三分之一: a fraction (a ratio 1 : 3).
        if starts(text, end, "分之") {
            let at = end + "分之".len();
            if let Some(num) = char_at(text, at)
                .filter(|&c| is_chinese_start(c))
                .and_then(|_| number::chinese(text, at))
                .filter(|z| z.valid && !z.positional)
            {
                let numer = Num::chinese(at, &num);
                let prefix = approx::prefix_before(text, start, self.last_end);
                let span_start = prefix.as_ref().map_or(start, |a| a.span.start);
                let mut q = self.quantity(Span::new(span_start, num.end), &numer, Kind::Ratio);
                q.denominator = Some(Box::new(c.value));
                q.approx.extend(prefix);
                self.push(q);
                return Some(num.end);
            }
            return Some(end);
        }
        // 零件 (parts), 零容忍: a lone zero is a word.
        if raw == "零" || raw == "〇" {
            return Some(end);
        }
        if let Some(idiom) = IDIOMS.iter().find(|w| starts(text, start, w)) {
            return Some(start + idiom.len());
        }
        if (raw == "一" || raw == "两") && prev.is_some_and(|p| WORD_BEFORE_ONE.contains(&p)) {
            return Some(end);
        }
        Some(self.finish(n).unwrap_or(end))
    }

    /// `第一、二批`, `第3至5批`: a numeral right after an ordinal and 、/至/- is an ordinal too.
    fn ordinal_continues(&mut self, n: &Num) -> Option<usize> {
        let last = self.out.last()?;
        if last.kind != Kind::Identifier(IdKind::Ordinal) {
            return None;
        }
        let gap = self.text.get(last.span.end..n.start)?;
        if !matches!(gap, "、" | "至" | "-" | "—" | "～" | "~" | "和" | "及") {
            return None;
        }
        let mut end = n.end;
        if let Some(u) = ORDINAL_UNITS.iter().find(|u| starts(self.text, end, u)) {
            end += u.len();
        }
        self.ident(Span::new(n.start, end), n, IdKind::Ordinal, false);
        Some(end)
    }

    /// 第一, 第3批, 第73次.
    fn ordinal(&mut self, start: usize) -> Option<usize> {
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
        let mut end = n.end;
        if let Some(u) = ORDINAL_UNITS.iter().find(|u| starts(text, end, u)) {
            end += u.len();
        }
        self.ident(Span::new(start, end), &n, IdKind::Ordinal, false);
        Some(end)
    }

    /// 百分之三十, 百分之十二点五, 百分之百, 千分之五.
    fn percent_words(&mut self, start: usize) -> Option<usize> {
        let text = self.text;
        let (word, class) = if starts(text, start, "百分之") {
            ("百分之", UnitClass::Percent)
        } else if starts(text, start, "千分之") {
            ("千分之", UnitClass::Permille)
        } else {
            return None;
        };
        let at = start + word.len();
        let c = char_at(text, at)?;
        let n = if c.is_ascii_digit() {
            let a = number::arabic(text, at)?;
            Num::arabic(at, &a)
        } else if c == '百' && class == UnitClass::Percent {
            Num {
                start: at,
                end: at + c.len_utf8(),
                written: Exact::from_int(100),
                decimals: 0,
                numeral: Numeral::Chinese,
                plain: false,
                int_digits: 1,
                vague: false,
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
        let mut approx = Vec::new();
        if let Some(p) = approx::prefix_before(text, start, self.last_end) {
            approx.push(p);
        }
        let span_start = approx.first().map_or(start, |a: &Approx| a.span.start);
        let mut end = n.end;
        if let Some(s) = approx::suffix_at(text, end) {
            end = s.span.end;
            approx.push(s);
        }
        let mut q = self.quantity(Span::new(span_start, end), &n, Kind::Percent);
        q.unit = Some(Unit {
            symbol: word.to_string(),
            class,
            span: Span::new(start, at),
            borrowed: false,
        });
        q.approx = approx;
        self.push(q);
        Some(end)
    }

    /// `〔2025〕14号`, `[2025]1号`, `【2025】3号`.
    fn doc_number(&mut self, start: usize, open: char, close: char) -> Option<usize> {
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
        let seq = leading_int(b, ss);
        let malformed = open != '〔' || ye - ys != 4 || b[ss] == b'0' || with_di;
        let n = Num {
            start: ss,
            end: at,
            written: seq,
            decimals: 0,
            numeral: Numeral::Arabic,
            plain: true,
            int_digits: at - ss,
            vague: false,
        };
        self.ident(Span::new(start, end), &n, IdKind::DocNumber, malformed);
        Some(end)
    }

    /// (一) (1) as heading or list markers.
    fn paren_marker(&mut self, start: usize) -> Option<usize> {
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

    // ---------------------------------------------------------------- suffixes

    /// Read what follows a numeral (magnitude, 余/多, unit, 以上 …), decide the
    /// kind and push. `None` when the numeral is not a quantity (a Chinese
    /// numeral with no unit).
    fn finish(&mut self, n: Num) -> Option<usize> {
        let text = self.text;
        let b = text.as_bytes();
        let mut j = n.end;
        let mut end = n.end;
        // `2024 年`: spaces before a Chinese unit.
        {
            let mut k = j;
            while b.get(k) == Some(&b' ') && k - j < 2 {
                k += 1;
            }
            if k > j && char_at(text, k).is_some_and(|c| is_han(c) || c == '%' || c == '‰') {
                j = k;
            }
        }
        let mut magnitude = 0u8;
        if let Some((m, len)) = magnitude_at(text, j) {
            magnitude = m;
            j += len;
            end = j;
        }
        let mut approx: Vec<Approx> = Vec::new();
        if let Some(p) = approx::prefix_before(text, n.start, self.last_end) {
            approx.push(p);
        }
        let span_start = approx.first().map_or(n.start, |a| a.span.start);
        let mut suffix_yu = false;
        if starts(text, j, "余") || (starts(text, j, "多") && unit::unit_follows(text, j + 3)) {
            let (word, t) = if starts(text, j, "余") {
                (ApproxWord::Yu, "余")
            } else {
                (ApproxWord::Duo, "多")
            };
            approx.push(Approx {
                word,
                text: t,
                span: Span::new(j, j + t.len()),
            });
            j += t.len();
            end = j;
            suffix_yu = true;
            // 1.8万余件 has the magnitude first; 2万余 too. A magnitude after 余 is odd but read it.
            if magnitude == 0 {
                if let Some((m, len)) = magnitude_at(text, j) {
                    magnitude = m;
                    j += len;
                    end = j;
                }
            }
        }
        let value_int = if n.decimals == 0 {
            n.written.to_integer()
        } else {
            None
        };
        // Calendar words: 2024年(度)(2月24日), 2月24日, 24日.
        if approx.is_empty() && magnitude == 0 {
            if let Some(v) = value_int {
                let year_shaped = n.plain && n.int_digits == 4 && (1000..=2999).contains(&v);
                if starts(text, j, "年") && year_shaped {
                    let mut e = j + "年".len();
                    if starts(text, e, "度") {
                        e += "度".len();
                    }
                    let (e, id) = match month_day(text, e) {
                        Some(me) => (me, IdKind::Date),
                        None => (e, IdKind::Year),
                    };
                    self.ident(Span::new(n.start, e), &n, id, false);
                    return Some(e);
                }
                if starts(text, j, "月") && (1..=12).contains(&v) {
                    let after = j + "月".len();
                    let day = day_at(text, after);
                    if n.numeral == Numeral::Arabic || day.is_some() {
                        let e = day.unwrap_or(after);
                        self.ident(Span::new(n.start, e), &n, IdKind::Date, false);
                        return Some(e);
                    }
                }
                if n.numeral == Numeral::Arabic && starts(text, j, "日") && (1..=31).contains(&v) {
                    let e = j + "日".len();
                    self.ident(Span::new(n.start, e), &n, IdKind::Date, false);
                    return Some(e);
                }
                if n.numeral == Numeral::Arabic && starts(text, j, "号") {
                    let e = j + "号".len();
                    self.ident(Span::new(n.start, e), &n, IdKind::Code, false);
                    return Some(e);
                }
            }
        }
        // The unit.
        let mut unit: Option<Unit> = None;
        if n.numeral == Numeral::Chinese && UNIT_WORDS.iter().any(|w| starts(text, j, w)) {
            return None;
        }
        if let Some((u, class, e)) = unit::match_unit(text, j) {
            // 十分重视, 一度: with Chinese numerals these are words, not units.
            if n.numeral == Numeral::Chinese && matches!(u, "分" | "度" | "期" | "门") {
                return None;
            }
            unit = Some(Unit {
                symbol: u.to_string(),
                class,
                span: Span::new(j, e),
                borrowed: false,
            });
            j = e;
        } else if starts(text, j, "年") {
            let e = j + "年".len();
            unit = Some(Unit {
                symbol: "年".to_string(),
                class: UnitClass::Duration,
                span: Span::new(j, e),
                borrowed: false,
            });
            j = e;
        }
        if let Some(u) = unit.as_mut() {
            // 454条(次), 31.4万户(次)
            if starts(text, j, "(次)") {
                u.symbol.push_str("(次)");
                j += "(次)".len();
                u.span.end = j;
            }
            end = j;
        }
        if unit.is_some() || suffix_yu || magnitude > 0 {
            if let Some(s) = approx::suffix_at(text, end) {
                end = s.span.end;
                approx.push(s);
            }
        }
        let kind = match &unit {
            Some(u) => u.class.kind(),
            None => {
                if n.numeral == Numeral::Chinese && !suffix_yu {
                    return None;
                }
                if ends_with_any(
                    text,
                    span_start,
                    &["比值为", "比值是", "比值", "之比为", "之比", "比率为"],
                ) {
                    Kind::Ratio
                } else if n.plain
                    && approx.is_empty()
                    && magnitude == 0
                    && n.numeral == Numeral::Arabic
                {
                    let digits = text.get(n.start..n.end).unwrap_or("");
                    let next = char_at(text, n.end);
                    if (n.int_digits == 5 && digits.starts_with("12"))
                        || (n.int_digits == 11 && digits.starts_with('1'))
                    {
                        Kind::Identifier(IdKind::Phone)
                    } else if n.int_digits == 4
                        && value_int.is_some_and(|v| (1900..=2100).contains(&v))
                        && next.is_some_and(is_han)
                    {
                        Kind::Identifier(IdKind::Year)
                    } else {
                        Kind::Bare
                    }
                } else {
                    Kind::Bare
                }
            }
        };
        let mut q = self.quantity(Span::new(span_start, end), &n, kind);
        q.magnitude = magnitude;
        if magnitude > 0 {
            q.value = n
                .written
                .shifted(i32::from(magnitude))
                .map_or(n.written, Exact::normalized);
        }
        q.approx = approx;
        q.unit = unit;
        self.push(q);
        Some(end)
    }
}

/// Link `q` to `prev` when a range connector is all that separates them; an
/// end without a unit borrows the other's (`15～30%`), and a bare 4-digit end
/// before a year becomes a year (`2021—2025年`).
fn link_range(text: &str, prev: &mut Quantity, q: &mut Quantity) {
    if prev.span.end > q.span.start {
        return;
    }
    let Some(gap) = text.get(prev.span.end..q.span.start) else {
        return;
    };
    if !RANGE_CONNECTORS.contains(&gap.trim()) {
        return;
    }
    if prev.kind == Kind::Bare && prev.unit.is_none() {
        if let Some(u) = &q.unit {
            if q.kind.is_numeric() {
                prev.unit = Some(Unit {
                    borrowed: true,
                    ..u.clone()
                });
                prev.kind = q.kind;
                if prev.magnitude == 0 && q.magnitude > 0 {
                    prev.magnitude = q.magnitude;
                    prev.value = prev
                        .written
                        .shifted(i32::from(q.magnitude))
                        .map_or(prev.written, Exact::normalized);
                }
            }
        } else if q.kind == Kind::Identifier(IdKind::Year)
            && prev.decimals == 0
            && prev.number_span.len() == 4
            && prev
                .value
                .to_integer()
                .is_some_and(|v| (1000..=2999).contains(&v))
        {
            prev.kind = q.kind;
        } else if q.kind == Kind::Identifier(IdKind::Date)
            && prev.decimals == 0
            && prev.number_span.len() <= 2
            && prev
                .value
                .to_integer()
                .is_some_and(|v| (1..=31).contains(&v))
        {
            // 1-11月, 3至5日
            prev.kind = q.kind;
        }
    }
    // (2023-2027): two bare 4-digit years joined by a dash.
    let year_like = |x: &Quantity| {
        x.kind == Kind::Bare
            && x.unit.is_none()
            && x.approx.is_empty()
            && x.decimals == 0
            && x.number_span.len() == 4
            && x.value
                .to_integer()
                .is_some_and(|v| (1900..=2100).contains(&v))
    };
    if year_like(prev) && year_like(q) && prev.value < q.value && gap.trim() != "到" {
        prev.kind = Kind::Identifier(IdKind::Year);
        q.kind = Kind::Identifier(IdKind::Year);
    }
    let both_identifiers = prev.kind.is_identifier() && q.kind.is_identifier();
    if prev.kind != q.kind && !both_identifiers {
        return;
    }
    if both_identifiers
        && !matches!(
            (prev.kind, q.kind),
            (
                Kind::Identifier(IdKind::Year | IdKind::Date | IdKind::LawTitle),
                Kind::Identifier(IdKind::Year | IdKind::Date | IdKind::LawTitle)
            )
        )
    {
        return;
    }
    let span = Span::new(prev.span.start, q.span.end);
    prev.range = Some(Box::new(RangeEnd {
        role: RangeRole::Lo,
        span,
        lo: prev.value,
        hi: q.value,
    }));
    q.range = Some(Box::new(RangeEnd {
        role: RangeRole::Hi,
        span,
        lo: prev.value,
        hi: q.value,
    }));
}

fn ends_with_any(text: &str, end: usize, words: &[&str]) -> bool {
    text.get(..end)
        .is_some_and(|h| words.iter().any(|w| h.ends_with(w)))
}

/// The integer value of the leading digits at `start` (0 if too long).
fn leading_int(b: &[u8], start: usize) -> Exact {
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

/// YYYY-MM-DD (or `/`, `.`), optionally followed by ` HH:MM(:SS)`; (end, year).
fn iso_date(b: &[u8], start: usize) -> Option<(usize, i64)> {
    let digits = |from: usize, max: usize| {
        let mut i = from;
        while i < b.len() && b[i].is_ascii_digit() && i - from < max + 1 {
            i += 1;
        }
        i - from
    };
    if digits(start, 4) != 4 {
        return None;
    }
    let sep = *b.get(start + 4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        return None;
    }
    let ms = start + 5;
    let ml = digits(ms, 2);
    if !(1..=2).contains(&ml) || b.get(ms + ml) != Some(&sep) {
        return None;
    }
    let ds = ms + ml + 1;
    let dl = digits(ds, 2);
    if !(1..=2).contains(&dl) {
        return None;
    }
    let num = |s: usize, l: usize| {
        b[s..s + l]
            .iter()
            .fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'))
    };
    let (y, m, d) = (num(start, 4), num(ms, ml), num(ds, dl));
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut end = ds + dl;
    // time
    let mut t = end;
    while b.get(t) == Some(&b' ') && t - end < 2 {
        t += 1;
    }
    if t > end {
        let hl = digits(t, 2);
        if (1..=2).contains(&hl) && b.get(t + hl) == Some(&b':') && digits(t + hl + 1, 2) == 2 {
            end = t + hl + 3;
            if b.get(end) == Some(&b':') && digits(end + 1, 2) == 2 {
                end += 3;
            }
        }
    }
    Some((end, y))
}

/// `3·8` or `3 f 8` (an 间隔号 lost in copying): (end, month, malformed).
fn dotted_date(text: &str, start: usize) -> Option<(usize, i64, bool)> {
    let b = text.as_bytes();
    let mut i = start;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    if i - start > 2 {
        return None;
    }
    let month = b[start..i]
        .iter()
        .fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'));
    let (after_sep, malformed) = match char_at(text, i)? {
        '·' | '•' | '・' | '‧' => (i + char_at(text, i)?.len_utf8(), false),
        ' ' if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) && b.get(i + 2) == Some(&b' ') => {
            (i + 3, true)
        }
        _ => return None,
    };
    let mut k = after_sep;
    while b.get(k).is_some_and(u8::is_ascii_digit) {
        k += 1;
    }
    let dl = k - after_sep;
    if !(1..=2).contains(&dl) {
        return None;
    }
    let day = b[after_sep..k]
        .iter()
        .fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'));
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((k, month, malformed))
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

/// Whether a marker may start at `start`: at the text start, after a line
/// break, whitespace, or sentence punctuation (and `,` for 一是).
fn marker_boundary(text: &str, start: usize, comma_ok: bool) -> bool {
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
fn line_start(text: &str, start: usize) -> bool {
    let head = text.get(..start).unwrap_or("");
    let t = head.trim_end_matches([' ', '\t', '\u{3000}']);
    t.is_empty() || t.ends_with('\n') || t.ends_with('\r') || t.ends_with('|')
}
