//! [`Exact`]: a small exact decimal number (`i128` mantissa, decimal scale).
//!
//! Report figures are compared with this type, never with `f64`: `37.5%` is
//! the mantissa 375 at scale 1, and `9 / 24` rounded half-up to one decimal of
//! a percentage is computed with integer arithmetic only.

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The largest scale (digits after the decimal point) an [`Exact`] may have.
pub const MAX_SCALE: u32 = 18;

/// How a quotient or a value is cut to a number of decimals.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// Round half away from zero (四舍五入): 0.125 → 0.13.
    HalfUp,
    /// Drop the extra digits (toward zero): 0.129 → 0.12.
    Truncate,
}

/// An exact decimal: `mantissa × 10^-scale`.
///
/// Equality, ordering and hashing are by numeric value (`1.50 == 1.5`);
/// [`fmt::Display`] keeps the written scale (`1.50` prints as `1.50`).
///
/// Stored with 4-byte alignment (`packed(4)`: 20 bytes instead of 32): every
/// [`Quantity`](super::Quantity) holds two, and a large document millions.
/// The fields are only ever copied out, never borrowed.
#[derive(Copy, Clone, Debug, Default)]
#[repr(Rust, packed(4))]
pub struct Exact {
    mantissa: i128,
    scale: u32,
}

/// `10^e` for every `e` an `i128` holds (0 to 38), looked up rather than
/// multiplied out: figures are aligned, compared and turned into integers
/// at every quantity.
const POW10: [i128; 39] = {
    let mut table = [1i128; 39];
    let mut e = 1;
    while e < table.len() {
        table[e] = table[e - 1] * 10;
        e += 1;
    }
    table
};

const fn pow10(e: u32) -> Option<i128> {
    if e as usize >= POW10.len() {
        return None;
    }
    Some(POW10[e as usize])
}

impl Exact {
    /// Zero.
    pub(crate) const ZERO: Exact = Exact {
        mantissa: 0,
        scale: 0,
    };
    /// One.
    pub(crate) const ONE: Exact = Exact {
        mantissa: 1,
        scale: 0,
    };

    /// `mantissa × 10^-scale`; `None` when `scale` exceeds [`MAX_SCALE`].
    pub const fn new(mantissa: i128, scale: u32) -> Option<Exact> {
        if scale > MAX_SCALE {
            None
        } else {
            Some(Exact { mantissa, scale })
        }
    }

    /// An integer.
    pub(crate) const fn from_int(v: i64) -> Exact {
        Exact {
            mantissa: v as i128,
            scale: 0,
        }
    }

    /// `10^e` (e may be negative, down to `-MAX_SCALE`).
    pub(crate) fn pow10(e: i32) -> Option<Exact> {
        if e >= 0 {
            Some(Exact {
                mantissa: pow10(e as u32)?,
                scale: 0,
            })
        } else {
            Exact::new(1, e.unsigned_abs())
        }
    }

    /// Whether the two are the same number written the same way (`1.5` and
    /// `1.50` are equal, [`PartialEq`], but not identical).
    pub(crate) fn is_identical(self, other: Exact) -> bool {
        let (a, b) = (self.mantissa, other.mantissa);
        let (s, t) = (self.scale, other.scale);
        a == b && s == t
    }

    /// The mantissa as stored (`1.50` → 150).
    pub(crate) const fn mantissa(self) -> i128 {
        self.mantissa
    }

    /// The number of digits after the decimal point as stored.
    pub(crate) const fn scale(self) -> u32 {
        self.scale
    }

    /// Whether the value is zero.
    pub(crate) const fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The value as an integer when it is one.
    pub(crate) fn to_integer(self) -> Option<i128> {
        if self.scale == 0 {
            // Most figures: no division by a power of ten (an `i128` one is a call).
            return Some(self.mantissa);
        }
        let p = pow10(self.scale)?;
        (self.mantissa % p == 0).then_some(self.mantissa / p)
    }

    /// The same value with trailing fractional zeros removed (`1.50` → `1.5`).
    pub(crate) fn normalized(self) -> Exact {
        let mut e = self;
        while e.scale > 0 && e.mantissa % 10 == 0 {
            e.mantissa /= 10;
            e.scale -= 1;
        }
        e
    }

    /// The power of ten of the least significant non-zero digit:
    /// `1000` → 3, `150` → 1, `1.8` → -1, `0` → 0.
    pub(crate) fn lowest_place(self) -> i32 {
        if self.mantissa == 0 {
            return 0;
        }
        let mut m = self.mantissa;
        let mut tz = 0i32;
        while m % 10 == 0 {
            m /= 10;
            tz += 1;
        }
        tz - self.scale as i32
    }

    /// The same value at a larger scale (`None` on overflow or a smaller scale).
    pub(crate) fn with_scale(self, scale: u32) -> Option<Exact> {
        if scale < self.scale || scale > MAX_SCALE {
            return None;
        }
        if scale == self.scale {
            return Some(self);
        }
        let m = self.mantissa.checked_mul(pow10(scale - self.scale)?)?;
        Some(Exact { mantissa: m, scale })
    }

    fn aligned(self, other: Exact) -> Option<(i128, i128, u32)> {
        let s = self.scale.max(other.scale);
        Some((
            self.with_scale(s)?.mantissa,
            other.with_scale(s)?.mantissa,
            s,
        ))
    }

    /// `self + other`, `None` on overflow.
    pub(crate) fn checked_add(self, other: Exact) -> Option<Exact> {
        let (a, b, s) = self.aligned(other)?;
        Exact::new(a.checked_add(b)?, s)
    }

    /// `self - other`, `None` on overflow.
    pub(crate) fn checked_sub(self, other: Exact) -> Option<Exact> {
        let (a, b, s) = self.aligned(other)?;
        Exact::new(a.checked_sub(b)?, s)
    }

    /// `self × other`, `None` on overflow or when the scale would exceed [`MAX_SCALE`].
    pub(crate) fn checked_mul(self, other: Exact) -> Option<Exact> {
        let m = self.mantissa.checked_mul(other.mantissa)?;
        let mut e = Exact {
            mantissa: m,
            scale: self.scale + other.scale,
        };
        while e.scale > MAX_SCALE {
            if e.mantissa % 10 != 0 {
                return None;
            }
            e.mantissa /= 10;
            e.scale -= 1;
        }
        Some(e)
    }

    /// `self × 10^e` exactly (e may be negative).
    pub(crate) fn shifted(self, e: i32) -> Option<Exact> {
        self.checked_mul(Exact::pow10(e)?)
    }

    /// `self / other` cut to `decimals` digits after the point with `mode`;
    /// `None` when `other` is zero or on overflow.
    pub(crate) fn checked_div(self, other: Exact, decimals: u32, mode: Rounding) -> Option<Exact> {
        if other.mantissa == 0 || decimals > MAX_SCALE {
            return None;
        }
        // self/other = (a·10^-sa)/(b·10^-sb); result mantissa q = a·10^(decimals+sb) / (b·10^sa)
        let num = self
            .mantissa
            .checked_mul(pow10(decimals.checked_add(other.scale)?)?)?;
        let den = other.mantissa.checked_mul(pow10(self.scale)?)?;
        Exact::new(div_round(num, den, mode)?, decimals)
    }

    /// `part / whole × 100` cut to `decimals` digits: the percentage a rate
    /// over a base states, as a report writer would compute it.
    pub(crate) fn percent_of(
        part: Exact,
        whole: Exact,
        decimals: u32,
        mode: Rounding,
    ) -> Option<Exact> {
        part.checked_mul(Exact::from_int(100))?
            .checked_div(whole, decimals, mode)
    }

    /// Whether `part / whole × 100`, rounded half-up or truncated to
    /// `decimals` digits, is `stated`: whether a writer who divided `part` by
    /// `whole` could have written the percentage `stated`.
    pub(crate) fn percent_fits(part: Exact, whole: Exact, stated: Exact, decimals: u8) -> bool {
        [Rounding::HalfUp, Rounding::Truncate]
            .into_iter()
            .any(|mode| Exact::percent_of(part, whole, u32::from(decimals), mode) == Some(stated))
    }

    /// Whether `self`, cut to `decimals` digits half-up or by truncation,
    /// equals `written` — i.e. whether a writer who computed `self` could
    /// have written `written` (reports round or truncate to the written decimals).
    pub(crate) fn could_be_written_as(self, written: Exact, decimals: u32) -> bool {
        [Rounding::HalfUp, Rounding::Truncate]
            .into_iter()
            .any(|mode| self.round(decimals, mode) == Some(written))
    }

    /// The value cut to `decimals` digits after the point.
    pub(crate) fn round(self, decimals: u32, mode: Rounding) -> Option<Exact> {
        if decimals >= self.scale {
            return self.with_scale(decimals);
        }
        let p = pow10(self.scale - decimals)?;
        Exact::new(div_round(self.mantissa, p, mode)?, decimals)
    }

    /// Parse `-?digits(.digits)?`.
    pub fn parse(s: &str) -> Option<Exact> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            if !b.is_ascii_digit() {
                return None;
            }
            m = m.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Exact::new(if neg { -m } else { m }, frac.len() as u32)
    }
}

fn div_round(num: i128, den: i128, mode: Rounding) -> Option<i128> {
    let q = num.checked_div(den)?;
    let r = num.checked_rem(den)?;
    match mode {
        Rounding::Truncate => Some(q),
        Rounding::HalfUp => {
            if r == 0 {
                return Some(q);
            }
            let twice = r.unsigned_abs().checked_mul(2)?;
            if twice >= den.unsigned_abs() {
                let sign = if (num < 0) != (den < 0) { -1 } else { 1 };
                q.checked_add(sign)
            } else {
                Some(q)
            }
        }
    }
}

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Exact {}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        if let Some((a, b, _)) = self.aligned(*other) {
            return a.cmp(&b);
        }
        // Alignment overflowed: compare integer parts, then fractions (scale ≤ 18,
        // so the fractions rescaled to 18 digits fit easily).
        let (pa, pb) = (
            pow10(self.scale).unwrap_or(1),
            pow10(other.scale).unwrap_or(1),
        );
        let (ia, ib) = (self.mantissa.div_euclid(pa), other.mantissa.div_euclid(pb));
        if ia != ib {
            return ia.cmp(&ib);
        }
        let fa = self.mantissa.rem_euclid(pa) * pow10(MAX_SCALE - self.scale).unwrap_or(1);
        let fb = other.mantissa.rem_euclid(pb) * pow10(MAX_SCALE - other.scale).unwrap_or(1);
        fa.cmp(&fb)
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Hash for Exact {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let Exact { mantissa, scale } = self.normalized();
        mantissa.hash(state);
        scale.hash(state);
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let s = self.scale as usize;
        if s == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = if digits.len() <= s {
            format!("{}{}", "0".repeat(s + 1 - digits.len()), digits)
        } else {
            digits
        };
        let (i, fr) = padded.split_at(padded.len() - s);
        write!(f, "{sign}{i}.{fr}")
    }
}

impl FromStr for Exact {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Exact::parse(s).ok_or(())
    }
}

impl Serialize for Exact {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: &str) -> Exact {
        Exact::parse(s).unwrap()
    }

    #[test]
    fn parse_and_display() {
        assert_eq!(e("37.5").to_string(), "37.5");
        assert_eq!(e("0.05").to_string(), "0.05");
        assert_eq!(e("1.50").to_string(), "1.50");
        assert_eq!(e("-2.25").to_string(), "-2.25");
        assert_eq!(e("7").to_string(), "7");
        assert!(Exact::parse("").is_none());
        assert!(Exact::parse("1.2.3").is_none());
        assert!(Exact::parse("1a").is_none());
    }

    #[test]
    fn equality_by_value() {
        assert_eq!(e("1.50"), e("1.5"));
        assert!(e("99.93") < e("100"));
        assert!(e("-1") < e("0.5"));
        assert_eq!(e("3.64").shifted(4).unwrap(), e("36400"));
    }

    #[test]
    fn arithmetic() {
        assert_eq!(e("0.1").checked_add(e("0.2")).unwrap(), e("0.3"));
        assert_eq!(e("5907").checked_sub(e("5903")).unwrap(), e("4"));
        assert_eq!(e("1.8").checked_mul(e("10000")).unwrap(), e("18000"));
        assert_eq!(
            e("37.5")
                .checked_div(e("100"), 3, Rounding::HalfUp)
                .unwrap(),
            e("0.375")
        );
    }

    #[test]
    fn rounding() {
        // 4812 / 4819 = 0.998547… → 99.85%
        let p = Exact::percent_of(e("4812"), e("4819"), 2, Rounding::HalfUp).unwrap();
        assert_eq!(p, e("99.85"));
        // 2/3 = 66.666…% → 66.67 half-up, 66.66 truncated
        assert_eq!(
            Exact::percent_of(e("2"), e("3"), 2, Rounding::HalfUp).unwrap(),
            e("66.67")
        );
        assert_eq!(
            Exact::percent_of(e("2"), e("3"), 2, Rounding::Truncate).unwrap(),
            e("66.66")
        );
        assert_eq!(e("0.125").round(2, Rounding::HalfUp).unwrap(), e("0.13"));
        assert_eq!(e("-0.125").round(2, Rounding::HalfUp).unwrap(), e("-0.13"));
        assert_eq!(e("0.129").round(2, Rounding::Truncate).unwrap(), e("0.12"));
        assert_eq!(
            e("1.5").round(3, Rounding::Truncate).unwrap().to_string(),
            "1.500"
        );
        assert!(
            e("1")
                .checked_div(Exact::ZERO, 2, Rounding::HalfUp)
                .is_none()
        );
    }

    #[test]
    fn written_precision() {
        let exact = e("5903")
            .checked_div(e("5907"), 10, Rounding::Truncate)
            .unwrap();
        let pct = exact.shifted(2).unwrap();
        assert!(pct.could_be_written_as(e("99.93"), 2));
        assert!(!pct.could_be_written_as(e("99.94"), 2));
        // 2/3 → 66.67 (half-up) or 66.66 (truncated): both plausible
        let p = e("200")
            .checked_div(e("3"), 10, Rounding::Truncate)
            .unwrap();
        assert!(p.could_be_written_as(e("66.67"), 2) && p.could_be_written_as(e("66.66"), 2));
        assert!(!p.could_be_written_as(e("66.7"), 2));
    }

    #[test]
    fn lowest_place() {
        assert_eq!(e("1000").lowest_place(), 3);
        assert_eq!(e("150").lowest_place(), 1);
        assert_eq!(e("1.8").lowest_place(), -1);
        assert_eq!(e("1.80").lowest_place(), -1);
        assert_eq!(e("1043").lowest_place(), 0);
    }

    #[test]
    fn overflow_is_none_not_panic() {
        let big = Exact::new(i128::MAX / 2, 0).unwrap();
        assert!(big.checked_mul(e("10")).is_none());
        assert!(big.checked_add(big).is_some() || big.checked_add(big).is_none());
        let tiny = Exact::new(1, MAX_SCALE).unwrap();
        assert!(big > tiny);
        assert!(tiny.checked_mul(tiny).is_none());
    }
}
