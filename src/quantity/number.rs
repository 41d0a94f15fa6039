//! Numerals: Arabic (`5907`, `37.5`, `1,234`) and Chinese (`七`, `二十四`,
//! `三千五百`, `两千`, `十二点五`, `二〇二五`).
//!
//! These functions only read a numeral; whether it is a quantity, and of what,
//! is decided by the scanner from what surrounds it.

use super::exact::Exact;

/// An Arabic numeral.
#[derive(Clone, Debug)]
pub(crate) struct Arabic {
    /// Byte end of the numeral.
    pub end: usize,
    /// Its value.
    pub value: Exact,
    /// Digits after the point.
    pub decimals: u8,
    /// Digits before the point (separators not counted).
    pub int_digits: usize,
    /// Only digits: no separators, no point.
    pub plain: bool,
}

/// Read an Arabic numeral at `start` (which must be an ASCII digit).
///
/// A comma joins digit groups only when every group after the first has
/// exactly three digits, the first has at most three, and no further
/// `,digit` follows: `1,234` and `12,345,678` are numbers, `1,2,3`, `3,15`
/// and `26,9` are lists. (Half-width copies use `,` as the Chinese comma, but
/// there it follows a unit — `26件,9件` — and never joins digits.)
pub(crate) fn arabic(text: &str, start: usize) -> Option<Arabic> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = start;
    while digit(i) {
        i += 1;
    }
    let first = i - start;
    if first == 0 {
        return None;
    }
    let mut int_end = i;
    let mut separated = false;
    let after_list = start >= 2 && b[start - 1] == b',' && digit(start - 2);
    if first <= 3 && !after_list {
        let mut k = i;
        let mut groups = 0;
        while b.get(k) == Some(&b',')
            && digit(k + 1)
            && digit(k + 2)
            && digit(k + 3)
            && !digit(k + 4)
        {
            k += 4;
            groups += 1;
        }
        let list_follows = b.get(k) == Some(&b',') && digit(k + 1);
        if groups > 0 && !list_follows {
            int_end = k;
            separated = true;
        }
    }
    let mut end = int_end;
    let mut decimals = 0usize;
    if b.get(int_end) == Some(&b'.') && digit(int_end + 1) {
        let mut k = int_end + 1;
        while digit(k) {
            k += 1;
        }
        decimals = k - int_end - 1;
        end = k;
    }
    if decimals > 18 {
        return None;
    }
    let mut m: i128 = 0;
    let mut int_digits = 0;
    let mut seen_point = false;
    for &c in &b[start..end] {
        match c {
            b'0'..=b'9' => {
                m = m.checked_mul(10)?.checked_add(i128::from(c - b'0'))?;
                if !seen_point {
                    int_digits += 1;
                }
            }
            b'.' => seen_point = true,
            _ => {}
        }
    }
    if m > 10i128.pow(30) {
        return None;
    }
    Some(Arabic {
        end,
        value: Exact::new(m, decimals as u32)?,
        decimals: decimals as u8,
        int_digits,
        plain: !separated && decimals == 0,
    })
}

pub(crate) use crate::structure::numeral::chinese_digit;

const fn small_unit(c: char) -> Option<i128> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

const fn big_unit(c: char) -> Option<i128> {
    Some(match c {
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

/// Whether `c` may be part of a Chinese numeral: a digit, 十百千 or 万亿.
const fn is_numeral_char(c: char) -> bool {
    chinese_digit(c).is_some() || small_unit(c).is_some() || big_unit(c).is_some()
}

/// Whether a Chinese numeral can start with `c` (a digit or 十).
pub(crate) const fn is_chinese_start(c: char) -> bool {
    chinese_digit(c).is_some() || c == '十'
}

/// A Chinese numeral.
#[derive(Clone, Debug)]
pub(crate) struct Chinese {
    /// Byte end of the numeral.
    pub end: usize,
    /// Its value (0 when not `valid`).
    pub value: Exact,
    /// Digits after 点.
    pub decimals: u8,
    /// Digit by digit with no 十百千万亿 (二〇二五, 八五).
    pub positional: bool,
    /// Whether the characters form a well-made number (十四五 does not).
    pub valid: bool,
}

/// Most characters of a Chinese numeral read: longer runs are not numbers.
const MAX_RUN: usize = 41;

/// The characters of a Chinese numeral: digits, 十百千万亿, and one 点
/// followed by a digit. A stack buffer avoids an allocation per numeral (一
/// is everywhere in Chinese text).
struct Run {
    chars: [char; MAX_RUN],
    len: usize,
    /// Index of 点 in `chars`.
    point_at: Option<usize>,
    /// Byte length of the run, a trailing 点 not counted.
    bytes: usize,
}

impl Run {
    /// The run at the start of `rest`, at most [`MAX_RUN`] characters
    /// (which keeps the scan linear).
    fn read(rest: &str) -> Run {
        let mut run = Run {
            chars: ['\0'; MAX_RUN],
            len: 0,
            point_at: None,
            bytes: 0,
        };
        let mut it = rest.char_indices().peekable();
        while let Some((off, c)) = it.next() {
            if is_numeral_char(c) {
                run.bytes = off + c.len_utf8();
            } else if c == '点'
                && run.point_at.is_none()
                && run.len > 0
                && it.peek().is_some_and(|&(_, n)| chinese_digit(n).is_some())
            {
                run.point_at = Some(run.len);
            } else {
                break;
            }
            run.chars[run.len] = c;
            run.len += 1;
            if run.len == MAX_RUN {
                break;
            }
        }
        run
    }

    /// The characters before and after 点.
    fn parts(&self) -> (&[char], &[char]) {
        let chars = &self.chars[..self.len];
        match self.point_at {
            Some(p) => (&chars[..p], &chars[p + 1..]),
            None => (chars, &[][..]),
        }
    }
}

/// The value of digits written one by one (二〇二五, 八五); not valid when
/// longer than 30 or with 两 in a longer run.
fn digit_by_digit(int_part: &[char]) -> (i128, bool) {
    let mut value: i128 = 0;
    for &c in int_part.iter().take(30) {
        value = value * 10 + i128::from(chinese_digit(c).unwrap_or(0));
    }
    let valid = int_part.len() <= 30 && !(int_part.len() >= 2 && int_part.contains(&'两'));
    (value, valid)
}

/// The value of a numeral with 十百千万亿 (三千五百, 两千五, 三亿五千万), and
/// whether it is well made (十四五 and 百百 are not).
fn with_units(int_part: &[char]) -> (i128, bool) {
    let mut valid = true;
    let mut total: i128 = 0;
    let mut section: i128 = 0;
    let mut number: Option<i128> = None;
    let mut prev_digit_nonzero = false;
    let mut last_unit: i128 = 0;
    let mut after_zero = false;
    for (idx, &c) in int_part.iter().enumerate() {
        if let Some(d) = chinese_digit(c) {
            if prev_digit_nonzero {
                valid = false;
            }
            after_zero |= d == 0;
            prev_digit_nonzero = d != 0;
            number = Some(i128::from(d));
            // 两千五 / 一万五: a last digit right after a unit is one step below it.
            if idx + 1 == int_part.len() && d != 0 && !after_zero && last_unit >= 100 {
                number = Some(i128::from(d) * (last_unit / 10));
            }
            continue;
        }
        if let Some(u) = small_unit(c) {
            let n = number.unwrap_or(1);
            valid &= number.is_some() || u == 10;
            section = section.saturating_add(n.saturating_mul(u));
            last_unit = u;
        } else if let Some(u) = big_unit(c) {
            let part = section + number.unwrap_or(0);
            valid &= part != 0 || total != 0;
            total = if u == 10_000 {
                total.saturating_add(part.saturating_mul(u))
            } else {
                total.saturating_add(part).saturating_mul(u)
            };
            section = 0;
            last_unit = u;
        }
        number = None;
        prev_digit_nonzero = false;
        after_zero = false;
        if total > 10i128.pow(24) || section > 10i128.pow(24) {
            valid = false;
            break;
        }
    }
    let value = total
        .saturating_add(section)
        .saturating_add(number.unwrap_or(0));
    (value, valid)
}

/// Read a Chinese numeral at `start`. The run always ends at a character
/// boundary after `start` when the first character is a numeral start.
pub(crate) fn chinese(text: &str, start: usize) -> Option<Chinese> {
    let rest = text.get(start..)?;
    let first = rest.chars().next()?;
    if !is_chinese_start(first) {
        return None;
    }
    // Most numerals are one character in a word (一些, 统一): one that no
    // numeral character or 点 follows is read without a run.
    let len = first.len_utf8();
    let next = rest.get(len..).and_then(|r| r.chars().next());
    if !next.is_some_and(|c| is_numeral_char(c) || c == '点') {
        let value = chinese_digit(first).map_or(10, i128::from);
        return Some(Chinese {
            end: start + len,
            value: Exact::new(value, 0).unwrap_or(Exact::ZERO),
            decimals: 0,
            positional: false,
            valid: true,
        });
    }
    let run = Run::read(rest);
    let (int_part, frac_part) = run.parts();
    let has_units = int_part
        .iter()
        .any(|&c| small_unit(c).is_some() || big_unit(c).is_some());
    let positional = !has_units && int_part.len() >= 2;
    let (mut value, mut valid) = if has_units {
        with_units(int_part)
    } else {
        digit_by_digit(int_part)
    };
    let mut decimals = 0u8;
    for &c in frac_part.iter().take(19) {
        value = value
            .saturating_mul(10)
            .saturating_add(i128::from(chinese_digit(c).unwrap_or(0)));
        decimals += 1;
    }
    if decimals > 18 || value > 10i128.pow(36) {
        valid = false;
        decimals = 0;
    }
    if !valid {
        value = 0;
    }
    Some(Chinese {
        end: start + run.bytes,
        value: Exact::new(value, u32::from(decimals)).unwrap_or(Exact::ZERO),
        decimals,
        positional,
        valid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ar(s: &str) -> (String, usize, bool) {
        let a = arabic(s, 0).unwrap();
        (a.value.to_string(), a.end, a.plain)
    }

    fn zh(s: &str) -> (i128, bool) {
        let c = chinese(s, 0).unwrap();
        (c.value.to_integer().unwrap_or(-1), c.valid)
    }

    #[test]
    fn arabic_forms() {
        assert_eq!(ar("5907件"), ("5907".into(), 4, true));
        assert_eq!(ar("37.5%"), ("37.5".into(), 4, false));
        assert_eq!(ar("1,234件"), ("1234".into(), 5, false));
        assert_eq!(ar("12,345,678元"), ("12345678".into(), 10, false));
        assert_eq!(ar("1,234.56元"), ("1234.56".into(), 8, false));
        // lists are not numbers
        assert_eq!(ar("1,2,3"), ("1".into(), 1, true));
        assert_eq!(ar("3,15"), ("3".into(), 1, true));
        assert_eq!(ar("123,456,7"), ("123".into(), 3, true));
        assert_eq!(ar("1234,567"), ("1234".into(), 4, true));
        // a trailing point is not a decimal point
        assert_eq!(ar("1.标题"), ("1".into(), 1, true));
    }

    #[test]
    fn chinese_forms() {
        assert_eq!(zh("七个"), (7, true));
        assert_eq!(zh("二十四项"), (24, true));
        assert_eq!(zh("两千"), (2000, true));
        assert_eq!(zh("一百二十三"), (123, true));
        assert_eq!(zh("三千五百余"), (3500, true));
        assert_eq!(zh("十余"), (10, true));
        assert_eq!(zh("十"), (10, true));
        assert_eq!(zh("一百零五"), (105, true));
        assert_eq!(zh("三万"), (30000, true));
        assert_eq!(zh("三亿五千万"), (350_000_000, true));
        assert_eq!(zh("两千五"), (2500, true));
        assert_eq!(zh("一万五"), (15000, true));
        assert_eq!(zh("二〇二五"), (2025, true));
        assert_eq!(zh("〇"), (0, true));
        assert!(!zh("十四五").1);
        let c = chinese("十二点五", 0).unwrap();
        assert_eq!(c.value.to_string(), "12.5");
        assert_eq!(c.decimals, 1);
        // 点 not followed by a digit ends the numeral
        assert_eq!(chinese("三点钟", 0).unwrap().end, 3);
    }
}
