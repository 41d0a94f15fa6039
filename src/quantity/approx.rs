//! Approximation words and the interval a figure then stands for.
//!
//! | word | example | interval |
//! | --- | --- | --- |
//! | 余 / 多 (after the number) | 1000余场, 150多场次 | (1000, 2000), (150, 160): above the figure, below the next step of its last non-zero digit |
//! | 超 / 超过 / 逾 / 多于 | 超1.11万件 | (11100, ∞) |
//! | 以上 | 85%以上 | [85, ∞) |
//! | 约 / 大约 / 左右 | 约14个亿 | [13.5亿, 14.5亿]: ± half a step of the last non-zero digit |
//! | 近 / 将近 / 接近 | 近3年 | (−∞, 3] |
//! | 不到 / 不足 / 未满 | 不足5人 | (−∞, 5) |
//! | 以下 / 以内 | 5人以下 | (−∞, 5] |
//!
//! An approximate figure is never exact: rules compare it through
//! [`Quantity::interval`](super::Quantity::interval).

use super::exact::Exact;
use super::words::{strip_word_prefix, strip_word_suffix};
use crate::span::Span;
use serde::Serialize;

/// An approximation word.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproxWord {
    /// 余 after the number: 1000余场.
    Yu,
    /// 多 after the number: 150多场次.
    Duo,
    /// 超 / 超过 / 逾 / 多于 before the number.
    Over,
    /// 以上 after the unit.
    AtLeast,
    /// 约 / 大约 / 大概 before, 左右 after.
    About,
    /// 近 / 将近 / 接近 before.
    Nearly,
    /// 不到 / 不足 / 未满 before.
    Under,
    /// 以下 / 以内 after.
    AtMost,
}

/// An approximation word and where it is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Approx {
    /// Which word.
    pub word: ApproxWord,
    /// The word as written (`超过`, `余` …).
    pub text: &'static str,
    /// Where.
    pub span: Span,
}

/// One end of an [`Interval`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bound {
    /// The value of the bound.
    pub value: Exact,
    /// Whether the bound itself belongs to the interval.
    pub inclusive: bool,
}

impl Bound {
    /// An inclusive bound.
    pub(crate) const fn incl(value: Exact) -> Bound {
        Bound {
            value,
            inclusive: true,
        }
    }
    /// An exclusive bound.
    pub const fn excl(value: Exact) -> Bound {
        Bound {
            value,
            inclusive: false,
        }
    }
}

/// The values a written figure allows; `None` is unbounded.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Interval {
    /// Lower bound.
    pub lo: Option<Bound>,
    /// Upper bound.
    pub hi: Option<Bound>,
}

impl Interval {
    /// The single value `v`.
    pub(crate) const fn point(v: Exact) -> Interval {
        Interval {
            lo: Some(Bound::incl(v)),
            hi: Some(Bound::incl(v)),
        }
    }

    /// Whether `v` lies in the interval.
    pub fn contains(&self, v: Exact) -> bool {
        let lo_ok = match self.lo {
            None => true,
            Some(b) if b.inclusive => v >= b.value,
            Some(b) => v > b.value,
        };
        let hi_ok = match self.hi {
            None => true,
            Some(b) if b.inclusive => v <= b.value,
            Some(b) => v < b.value,
        };
        lo_ok && hi_ok
    }

    /// Whether the interval is a single value.
    pub(crate) fn is_point(&self) -> bool {
        matches!((self.lo, self.hi), (Some(a), Some(b)) if a.inclusive && b.inclusive && a.value == b.value)
    }
}

/// Words before the number, longest first.
const PREFIXES: &[(&str, ApproxWord)] = &[
    ("超过", ApproxWord::Over),
    ("多于", ApproxWord::Over),
    ("大约", ApproxWord::About),
    ("大概", ApproxWord::About),
    ("将近", ApproxWord::Nearly),
    ("接近", ApproxWord::Nearly),
    ("不到", ApproxWord::Under),
    ("不足", ApproxWord::Under),
    ("未满", ApproxWord::Under),
    ("超", ApproxWord::Over),
    ("逾", ApproxWord::Over),
    ("约", ApproxWord::About),
    ("近", ApproxWord::Nearly),
];

/// For each byte: whether some word of [`PREFIXES`] ends with it. A number
/// after any other byte (most often the last byte of another Chinese
/// character) has no prefix, which one lookup tells.
const PREFIX_LAST_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < PREFIXES.len() {
        let w = PREFIXES[k].0.as_bytes();
        table[w[w.len() - 1] as usize] = true;
        k += 1;
    }
    table
};

/// Words after the unit.
const SUFFIXES: &[(&str, ApproxWord)] = &[
    ("以上", ApproxWord::AtLeast),
    ("左右", ApproxWord::About),
    ("以下", ApproxWord::AtMost),
    ("以内", ApproxWord::AtMost),
];

/// The approximation word that ends at `end` (not before `floor`).
pub(crate) fn prefix_before(text: &str, end: usize, floor: usize) -> Option<Approx> {
    let last = *text.as_bytes().get(end.checked_sub(1)?)?;
    if !PREFIX_LAST_BYTE[usize::from(last)] {
        return None;
    }
    let head = text.get(..end)?;
    for &(w, word) in PREFIXES {
        if strip_word_suffix(head, w).is_some() && end - w.len() >= floor {
            let start = end - w.len();
            // 最近3年 / 附近 / 临近: 近 is part of another word.
            if w == "近"
                && text
                    .get(..start)
                    .and_then(|h| h.chars().next_back())
                    .is_some_and(|c| matches!(c, '最' | '附' | '临' | '靠' | '亲' | '就'))
            {
                continue;
            }
            return Some(Approx {
                word,
                text: w,
                span: Span::new(start, end),
            });
        }
    }
    None
}

/// The approximation word starting at `at` after the unit.
pub(crate) fn suffix_at(text: &str, at: usize) -> Option<Approx> {
    let rest = text.get(at..)?;
    SUFFIXES.iter().find_map(|&(w, word)| {
        strip_word_prefix(rest, w).is_some().then(|| Approx {
            word,
            text: w,
            span: Span::new(at, at + w.len()),
        })
    })
}

/// The interval for `value` (written as `written` × 10^`magnitude`) under the words.
pub(super) fn interval(value: Exact, written: Exact, magnitude: u8, words: &[Approx]) -> Interval {
    let mut iv = Interval::point(value);
    if words.is_empty() {
        return iv;
    }
    let value = value.normalized();
    // The step of the last written non-zero digit, in the value's unit.
    let step = Exact::pow10(written.lowest_place() + i32::from(magnitude)).unwrap_or(Exact::ONE);
    let half = step
        .checked_div(
            Exact::from_int(2),
            step.scale() + 1,
            super::exact::Rounding::HalfUp,
        )
        .unwrap_or(step);
    for a in words {
        match a.word {
            ApproxWord::Yu | ApproxWord::Duo => {
                iv.lo = Some(Bound::excl(value));
                iv.hi = value.checked_add(step).map(Bound::excl);
            }
            ApproxWord::Over => {
                iv.lo = Some(Bound::excl(value));
                iv.hi = None;
            }
            ApproxWord::AtLeast => {
                if iv.is_point() {
                    iv.lo = Some(Bound::incl(value));
                }
                iv.hi = None;
            }
            ApproxWord::About => {
                iv.lo = value.checked_sub(half).map(Bound::incl);
                iv.hi = value.checked_add(half).map(Bound::incl);
            }
            ApproxWord::Nearly => {
                iv.lo = None;
                iv.hi = Some(Bound::incl(value));
            }
            ApproxWord::Under => {
                iv.lo = None;
                iv.hi = Some(Bound::excl(value));
            }
            ApproxWord::AtMost => {
                if iv.is_point() {
                    iv.hi = Some(Bound::incl(value));
                }
                iv.lo = None;
            }
        }
    }
    let norm = |b: Option<Bound>| {
        b.map(|b| Bound {
            value: b.value.normalized(),
            inclusive: b.inclusive,
        })
    };
    Interval {
        lo: norm(iv.lo),
        hi: norm(iv.hi),
    }
}
