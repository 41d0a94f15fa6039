//! Quantities: every number a report states, with its unit, its kind, how
//! exact it is, and the words it belongs to.
//!
//! [`extract`] reads the *normalized* text (see [`crate::normalize`]: `％` is
//! already `%`, `（` is `(`, `１` is `1`, traditional is simplified) and
//! returns every mention in document order, in one left-to-right pass
//! (linear time; it never panics). All spans are byte ranges of that text.
//!
//! # The model
//!
//! A [`Quantity`] is one mention such as `超1.11万件`:
//! - `span` covers the whole mention (approximation words, number, magnitude,
//!   unit); `number_span` only the numeral (`1.11`).
//! - `written` is the numeral's value (`1.11`), `magnitude` the power of ten of
//!   a following 万/亿 (4), `value` their product (`11100`), exact
//!   ([`Exact`], never `f64`); `decimals` is the written precision (2).
//! - `approx` lists approximation words (余 多 超 约 近 以上 左右 不到 …); an
//!   approximate figure is never exact: use [`Quantity::interval`].
//! - `unit` is the measure word or unit (件, 人次, %, 元, 个工作日 …) and
//!   decides the [`Kind`]: Count, Percent, PercentagePoint, Multiple, Ratio,
//!   Money, Measure, or Bare (no unit).
//! - Numbers that name rather than measure are `Kind::Identifier`
//!   ([`IdKind`]): years (2024年, 2024年度, (2021—2025年)), dates (2月24日,
//!   2025-02-24), times, 文号 (〔2025〕14号), ordinals (第一, 第3批), anything
//!   inside 《》, phone numbers (12345), codes (索引号 115108037/2025-00427),
//!   heading and list markers (一、 (一) 1. 一是), plan names (十四五, 八五).
//!   [`Kind::is_numeric`] is false for them; rules must not add or compare them.
//! - `key` is the metric phrase just before the figure in its `clause`
//!   (`受理行政复议案件26件` → `受理行政复议案件`); `sentence` is the sentence.
//! - `range` links the two ends of `15%～30%`, `2021—2025年`; an end written
//!   without its unit (`15～30%`) borrows it (`Unit::borrowed`), so a rule can
//!   ask for the unit on both ends (GB/T 15835).
//! - `vague` marks a lone 一 with a measure word; `malformed` an ill-formed
//!   identifier (`[2025]1号`, `20212025年`, `3 f 8`).
//! - An [`Interval`] has optional [`Bound`]s that say whether they are
//!   inclusive: `1000余场` is (1000, 2000), `85%以上` is [85, ∞).
//!
//! # Decisions on ambiguous forms
//!
//! - Chinese numerals are quantities only with a unit (七个方面, 二十四项,
//!   三千五百余人) or an approximation word (十余); a bare 一 or 三 inside a word
//!   (一些, 统一, 三中全会, 十大行动) is not a quantity. A lone 一 with a
//!   measure word (一批, 一次, 一件) is kept but marked `vague`: it usually
//!   means "a", not a counted one. Fixed phrases (一件事, 一起, 一站式, 两张皮,
//!   三位一体 …) are skipped.
//! - 一是/二是 and 一、 after a boundary are list markers; elsewhere (统一是) nothing.
//! - 十分 (very), 一度 (once), 一期 are words; 三分之一 is a [`Kind::Ratio`]
//!   (value 1, denominator 3); 第一、二批 makes both ends ordinals.
//! - `1,234` is one number only when every later group has exactly three
//!   digits and no `,digit` follows (`1,2,3`, `3,15` are lists).
//! - A number followed by spaces joins a unit after them (`2024 年`), but
//!   `3 f 8` (a lost 间隔号, i.e. 3·8) is a malformed date, not `3f8`.
//! - `2024年` is a year (4 digits, 1000–2999), `3年` a duration; `20212025年`
//!   is a year range with its dash lost (`malformed`).
//! - A bare 4-digit 1900–2100 number right before a Chinese character is a year
//!   (`2024企业家…`); a bare 5-digit 12xxx is a hotline; 11 digits from 1 a mobile.

#![warn(missing_docs)]

mod approx;
pub mod debug;
mod exact;
mod key;
mod kind;
mod number;
mod scan;
mod unit;
mod words;

pub use approx::{Approx, ApproxWord, Bound, Interval};
pub use exact::{Exact, MAX_SCALE, Rounding};
pub use key::{clause_of, sentence_of};
pub use kind::{IdKind, Kind};
pub use unit::{Unit, UnitClass};

use crate::span::{Span, Span32};
use serde::Serialize;

/// Whether the numeral was written in Arabic or Chinese digits.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Numeral {
    /// 26, 37.5, 1,234.
    Arabic,
    /// 七, 二十四, 百分之三十.
    Chinese,
}

/// Which end of a range a quantity is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeRole {
    /// The first end (`15` in `15%～30%`).
    Lo,
    /// The second end.
    Hi,
}

/// Membership of a range such as `15%～30%` or `2021—2025年`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RangeEnd {
    /// Which end this quantity is.
    pub role: RangeRole,
    /// The whole range, both ends and the connector.
    pub span: Span,
    /// The value of the low end.
    pub lo: Exact,
    /// The value of the high end.
    pub hi: Exact,
}

/// One numeric mention; see the [module documentation](self) for the model.
///
/// Spans are read through methods ([`Quantity::span`] …): the mention's
/// in 32 bits, the others ([`Near`]) as 16-bit distances from it, and the
/// rare parts (approximation words, a range, a denominator, a span too far
/// for 16 bits) in one box, so that a large document's quantities take
/// less than half the memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    /// The whole mention: approximation words, number, magnitude, unit.
    span: Span32,
    /// The numeral only.
    number_span: Near,
    /// See [`Quantity::value`]; the value as written, when it differs, is
    /// kept with the rare parts ([`Quantity::written`]), and so is a
    /// value too wide for a [`NarrowExact`].
    value: NarrowExact,
    /// Digits written after the decimal point (`99.93%` → 2).
    pub decimals: u8,
    /// Power of ten of a 万 (4), 亿 (8), 千万 (7) … following the number; 0 if none.
    pub magnitude: u8,
    /// Arabic or Chinese digits.
    pub numeral: Numeral,
    /// The unit or measure word, if any.
    pub unit: Option<Unit>,
    /// What the quantity measures, or which identifier it is.
    pub kind: Kind,
    /// A lone 一 with a measure word (一批, 一次): "a", seldom a counted one.
    pub vague: bool,
    /// An ill-formed identifier or figure: `20212025年`, `3 f 8`, `[2025]1号`, `〔25〕`, `014号`.
    pub malformed: bool,
    /// Approximation words, range, denominator: few quantities have any.
    rare: Option<Box<Rare>>,
    /// The metric phrase before the figure in its clause.
    key: Option<Near>,
    /// The clause (bounded by `,;。:!?` and line breaks).
    clause: Near,
    /// The sentence (bounded by `。!?` and line breaks).
    sentence: Near,
}

/// A span near a quantity's mention, relative to where the mention starts:
/// 4 bytes instead of 8. A span too far away for 16 bits is [`Near::FAR`]
/// and kept in the rare parts ([`Far`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Near {
    /// The span's start minus the mention's start.
    start: i16,
    /// The span's length.
    len: u16,
}

impl Near {
    /// Stands for a span kept in [`Far`].
    const FAR: Near = Near {
        start: i16::MIN,
        len: u16::MAX,
    };

    /// `span` relative to a mention starting at `anchor`, if it is near enough.
    fn new(anchor: usize, span: Span) -> Option<Near> {
        let start = i64::try_from(span.start).ok()? - i64::try_from(anchor).ok()?;
        let near = Near {
            start: i16::try_from(start).ok()?,
            len: u16::try_from(span.len()).ok()?,
        };
        (near != Near::FAR).then_some(near)
    }

    /// The span, for a mention starting at `anchor` (not for [`Near::FAR`]).
    #[inline]
    fn get(self, anchor: usize) -> Span {
        let start = anchor.saturating_add_signed(isize::from(self.start));
        Span::new(start, start + usize::from(self.len))
    }
}

/// An [`Exact`] with a 64-bit mantissa, in 12 bytes instead of 20 (report
/// figures are far below 2^63); [`NarrowExact::WIDE`] stands for one kept
/// in the rare parts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
#[repr(Rust, packed(4))]
struct NarrowExact {
    mantissa: i64,
    scale: u32,
}

impl NarrowExact {
    /// Stands for a value kept with the rare parts.
    const WIDE: NarrowExact = NarrowExact {
        mantissa: 0,
        scale: u32::MAX,
    };

    fn new(value: Exact) -> Option<NarrowExact> {
        Some(NarrowExact {
            mantissa: i64::try_from(value.mantissa()).ok()?,
            scale: value.scale(),
        })
        .filter(|n| *n != NarrowExact::WIDE)
    }

    /// The value (`None` for [`NarrowExact::WIDE`], whose scale no
    /// [`Exact`] has).
    #[inline]
    fn get(self) -> Option<Exact> {
        let (mantissa, scale) = (self.mantissa, self.scale);
        Exact::new(i128::from(mantissa), scale)
    }
}

/// The spans of a [`Quantity`] too far from its mention for a [`Near`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Far {
    number_span: Option<Span32>,
    key: Option<Span32>,
    clause: Option<Span32>,
    sentence: Option<Span32>,
}

/// The parts of a [`Quantity`] that few quantities have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Rare {
    /// The value as written, when it is not `value` (a magnitude, an
    /// identifier's number).
    written: Option<Exact>,
    approx: Box<[Approx]>,
    range: Option<RangeEnd>,
    denominator: Option<Exact>,
    /// The value, when it is too wide for a [`NarrowExact`].
    wide_value: Option<Exact>,
    /// Spans too far from the mention for a [`Near`] (in a second box: they
    /// almost never are).
    far: Option<Box<Far>>,
}

impl Quantity {
    /// The whole mention: approximation words, number, magnitude, unit.
    #[inline]
    pub fn span(&self) -> Span {
        self.span.get()
    }

    /// The numeral only.
    #[inline]
    pub fn number_span(&self) -> Span {
        self.near(self.number_span, |f| f.number_span)
    }

    /// `written × 10^magnitude` (`18000`); for identifiers the number they carry
    /// (the year, the day, the sequence number of a 文号, the marker's number).
    #[inline]
    pub fn value(&self) -> Exact {
        self.value
            .get()
            .or_else(|| self.rare.as_ref().and_then(|r| r.wide_value))
            .unwrap_or_default()
    }

    /// The value as written, before the magnitude (`1.8` in `1.8万余件`).
    pub fn written(&self) -> Exact {
        self.rare
            .as_ref()
            .and_then(|r| r.written)
            .unwrap_or_else(|| self.value())
    }

    /// Set the value; the value as written stays what it was.
    pub(crate) fn set_value(&mut self, value: Exact) {
        let written = self.written();
        if !written.is_identical(value) {
            self.rare_mut().written = Some(written);
        }
        self.store_value(value);
    }

    /// Keep `value` in the quantity, or with the rare parts when it is wide.
    pub(crate) fn store_value(&mut self, value: Exact) {
        match NarrowExact::new(value) {
            Some(narrow) => {
                self.value = narrow;
                if let Some(rare) = &mut self.rare {
                    rare.wide_value = None;
                }
            }
            None => {
                self.value = NarrowExact::WIDE;
                self.rare_mut().wide_value = Some(value);
            }
        }
    }

    /// Approximation words, in text order.
    pub fn approx(&self) -> &[Approx] {
        self.rare.as_ref().map_or(&[], |r| &r.approx)
    }

    /// The range this quantity is an end of.
    pub fn range(&self) -> Option<&RangeEnd> {
        self.rare.as_ref().and_then(|r| r.range.as_ref())
    }

    /// For `a:b` ratios, `b` (`value` is `a`).
    pub fn denominator(&self) -> Option<Exact> {
        self.rare.as_ref().and_then(|r| r.denominator)
    }

    /// The metric phrase before the figure in its clause.
    #[inline]
    pub fn key(&self) -> Option<Span> {
        self.key.map(|k| self.near(k, |f| f.key))
    }

    /// The clause (bounded by `,;。:!?` and line breaks).
    #[inline]
    pub fn clause(&self) -> Span {
        self.near(self.clause, |f| f.clause)
    }

    /// The sentence (bounded by `。!?` and line breaks).
    #[inline]
    pub fn sentence(&self) -> Span {
        self.near(self.sentence, |f| f.sentence)
    }

    /// The span `near` stands for; when it is [`Near::FAR`], the one `far`
    /// picks from the rare parts.
    #[inline]
    fn near(&self, near: Near, far: impl Fn(&Far) -> Option<Span32>) -> Span {
        let start = self.span.get().start;
        match near == Near::FAR {
            false => near.get(start),
            true => self
                .rare
                .as_ref()
                .and_then(|r| r.far.as_deref())
                .and_then(far)
                .map_or(Span::new(start, start), Span32::get),
        }
    }

    /// `span` as a [`Near`] of this mention; a far one is put with the rare
    /// parts by `far`.
    fn keep_near(&mut self, span: Span, far: impl Fn(&mut Far) -> &mut Option<Span32>) -> Near {
        let start = self.span.get().start;
        Near::new(start, span).unwrap_or_else(|| {
            let rare = self.rare_mut();
            *far(rare.far.get_or_insert_with(Box::default)) = Some(span.into());
            Near::FAR
        })
    }

    fn rare_mut(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    /// The approximation words, in text order; the missing ones are
    /// `None`. Kept in one allocation of their number (a list grown word by
    /// word would be shrunk, copied, as it is stored).
    pub(crate) fn set_approx<const N: usize>(&mut self, words: [Option<Approx>; N]) {
        let count = words.iter().flatten().count();
        if count > 0 || self.rare.is_some() {
            let mut approx = Vec::with_capacity(count);
            approx.extend(words.into_iter().flatten());
            self.rare_mut().approx = approx.into_boxed_slice();
        }
    }

    pub(crate) fn set_range(&mut self, range: Option<RangeEnd>) {
        if range.is_some() || self.rare.is_some() {
            self.rare_mut().range = range;
        }
    }

    pub(crate) fn set_denominator(&mut self, denominator: Exact) {
        self.rare_mut().denominator = Some(denominator);
    }

    /// The clause the quantity stands in, and its key phrase there.
    pub(crate) fn set_clause(&mut self, key: Option<Span>, clause: Span) {
        self.key = key.map(|k| self.keep_near(k, |f| &mut f.key));
        self.clause = self.keep_near(clause, |f| &mut f.clause);
    }

    /// The sentence the quantity stands in.
    pub(crate) fn set_sentence(&mut self, sentence: Span) {
        self.sentence = self.keep_near(sentence, |f| &mut f.sentence);
    }

    /// Set the numeral's span (once, when the quantity is made).
    pub(crate) fn set_number_span(&mut self, span: Span) {
        self.number_span = self.keep_near(span, |f| &mut f.number_span);
    }

    /// Whether the quantity measures something (false for identifiers).
    pub fn is_numeric(&self) -> bool {
        self.kind.is_numeric()
    }

    /// Whether an approximation word qualifies the figure.
    pub fn is_approx(&self) -> bool {
        !self.approx().is_empty()
    }

    /// Whether the figure is stated exactly (no approximation word, not vague).
    pub(crate) fn is_exact(&self) -> bool {
        self.approx().is_empty() && !self.vague
    }

    /// The values the figure allows (a single point when exact).
    pub fn interval(&self) -> Interval {
        approx::interval(self.value(), self.written(), self.magnitude, self.approx())
    }

    /// A percentage or per-mille as a fraction: `37.5%` → `0.375` exactly.
    /// `None` for other kinds.
    pub fn fraction(&self) -> Option<Exact> {
        let shift = match self.unit.as_ref()?.class {
            UnitClass::Percent => -2,
            UnitClass::Permille => -3,
            _ => return None,
        };
        self.value().shifted(shift)
    }

    /// The factor that turns a share written in this quantity's unit into
    /// percent terms: 1 for `%`, 10 for `‰` (`1.5‰` of 2000 is 3: `3×10/2000
    /// × 100 = 1.5`). `None` for other units.
    pub(crate) fn per_hundred(&self) -> Option<Exact> {
        match self.unit.as_ref()?.class {
            UnitClass::Percent => Some(Exact::from_int(1)),
            UnitClass::Permille => Some(Exact::from_int(10)),
            _ => None,
        }
    }

    /// For a percentage or per-mille: whether `part / whole` gives it at its
    /// written precision (rounded half-up or truncated to `decimals`).
    /// `纠错率37.5%` fits 9 of 24 but not 9 of 26. `None` for other kinds or
    /// a zero `whole`.
    pub(crate) fn is_rate_of(&self, part: Exact, whole: Exact) -> Option<bool> {
        let factor = self.per_hundred()?;
        if whole.is_zero() {
            return None;
        }
        Some(
            part.checked_mul(factor)
                .is_some_and(|p| Exact::percent_fits(p, whole, self.value(), self.decimals)),
        )
    }

    /// The text of the mention.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        let span = self.span();
        text.get(span.start..span.end).unwrap_or("")
    }

    /// The key phrase's text, if any.
    pub fn key_text<'a>(&self, text: &'a str) -> Option<&'a str> {
        self.key().and_then(|k| text.get(k.start..k.end))
    }
}

/// Every quantity in `text` (normalized), in document order. A text longer
/// than [`MAX_TEXT_LEN`](crate::span::MAX_TEXT_LEN) (which no reader
/// accepts) has none: its offsets would not fit.
pub fn extract(text: &str) -> Vec<Quantity> {
    if !crate::span::fits_32_bits(text.len()) {
        return Vec::new();
    }
    scan::Scanner::new(text).run()
}

#[cfg(test)]
mod tests;
