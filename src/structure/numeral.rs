//! Chinese numerals and GB/T 9704 heading markers.
//!
//! Markers are parsed on the *normalized* text, where full-width brackets and
//! dots have become ASCII: `（一）` arrives as `(一)`, `１．` as `1.`.

use super::MarkerForm;

/// The characters that may form a Chinese numeral (一 … 九百九十九).
pub(crate) fn is_numeral_char(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '○'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
    )
}

/// The value of a Chinese digit: 〇/零/○ 0, 一 1, 二/两 2 … 九 9. The one
/// table the structure and quantity parsers share.
pub(crate) const fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Parse a whole string as a Chinese numeral: `一` → 1, `十一` → 11,
/// `二十四` → 24, `〇`/`零` → 0, `两` → 2, `一百零五` → 105, `百` → 100.
///
/// Returns `None` for anything that is not exactly one numeral (empty text,
/// other characters, `十十`, values of 1000 or more).
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    let count = chars.clone().take(9).count();
    if count == 0 || count > 8 {
        return None;
    }
    if count == 1 {
        return match chars.next()? {
            '十' => Some(10),
            '百' => Some(100),
            c => chinese_digit(c),
        };
    }
    let mut total = 0u32;
    // The digit waiting for its unit (十 / 百), if any.
    let mut pending: Option<u32> = None;
    // The smallest unit used so far; units must decrease.
    let mut last_unit = 1000u32;
    let mut zero_seen = false;
    for (i, c) in chars.enumerate() {
        let unit = match c {
            '十' => Some(10),
            '百' => Some(100),
            _ => None,
        };
        match unit {
            Some(u) => {
                if u >= last_unit {
                    return None;
                }
                // 十 at the very start means 一十.
                let d = match pending.take() {
                    Some(d) => d,
                    None if i == 0 => 1,
                    None => return None,
                };
                if d == 0 {
                    return None;
                }
                total += d * u;
                last_unit = u;
                zero_seen = false;
            }
            None => {
                let d = chinese_digit(c)?;
                if pending.is_some() {
                    return None;
                }
                if d == 0 {
                    // 一百零五: a zero stands for a skipped unit.
                    if zero_seen || total == 0 {
                        return None;
                    }
                    zero_seen = true;
                    continue;
                }
                pending = Some(d);
            }
        }
    }
    if let Some(d) = pending {
        // A trailing digit after 百 with a zero (一百零五) or after 十 (二十四)
        // counts units; 一百五 is colloquial for 150.
        let value = if last_unit == 100 && !zero_seen {
            d * 10
        } else {
            d
        };
        if last_unit <= 1 {
            return None;
        }
        total += value;
    }
    Some(total)
}

/// Format `n` as a Chinese numeral: 1 → 一, 10 → 十, 24 → 二十四,
/// 105 → 一百零五, 0 → 〇. Numbers of 1000 and more are written in digits.
pub fn format_chinese_numeral(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let d = |x: u32| DIGITS[x as usize];
    match n {
        0..=9 => d(n).to_string(),
        10..=19 if n % 10 == 0 => "十".to_owned(),
        10..=19 => format!("十{}", d(n % 10)),
        20..=99 if n % 10 == 0 => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        100..=999 => {
            let rest = n % 100;
            let mut s = format!("{}百", d(n / 100));
            if rest == 0 {
            } else if rest < 10 {
                s.push('〇');
                s.push(d(rest));
            } else if rest < 20 {
                s.push('一');
                s.push_str(&format_chinese_numeral(rest));
            } else {
                s.push_str(&format_chinese_numeral(rest));
            }
            s
        }
        _ => n.to_string(),
    }
}

/// The longest prefix of `s` made of numeral characters (at most 6), parsed.
/// Returns the value and the prefix length in bytes.
pub(crate) fn chinese_numeral_prefix(s: &str) -> Option<(u32, usize)> {
    let mut len = 0;
    for (count, c) in s.chars().enumerate() {
        if count >= 6 || !is_numeral_char(c) {
            break;
        }
        len += c.len_utf8();
    }
    if len == 0 {
        return None;
    }
    parse_chinese_numeral(&s[..len]).map(|n| (n, len))
}

/// The longest prefix of ASCII digits (at most 3, no leading zero), parsed.
fn arabic_prefix(s: &str) -> Option<(u32, usize)> {
    // At most 4 bytes are looked at, so scanning a long run of digits stays linear.
    let len = s.bytes().take(4).take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 3 || s.starts_with('0') {
        return None;
    }
    s[..len].parse().ok().map(|n| (n, len))
}

/// Whether `s` starts like heading text after `(一` with its `)` missing: a
/// Chinese character that is not a numeral and not a measure word (`(一年`,
/// `(一次` are running text).
fn starts_heading_text(s: &str) -> bool {
    s.chars().next().is_some_and(|c| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            && !is_numeral_char(c)
            && !"是年月日个次项件条名人家份批期天周号届类种处所级部位季轮场起".contains(c)
    })
}

/// A marker recognised at the start of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParsedMarker {
    /// 1 = 一、 2 = (一) 3 = 1. 4 = (1)
    pub level: u8,
    /// The number the marker states.
    pub number: u32,
    /// Standard GB/T 9704 form or a malformed variant.
    pub form: MarkerForm,
    /// Length of the marker in bytes.
    pub len: usize,
}

/// Parse a heading marker at the start of `s` (normalized text).
///
/// Returns `(level, number, form, len)`: `一、` → (1, 1, Standard, 4),
/// `(二)` → (2, 2, Standard, 5), `3.` → (3, 3, Standard, 2), `(4)` →
/// (4, 4, Standard, 3). Malformed forms that still state a level and a number:
/// `一.` (1), `一)` `(一)、` `(一).` (2), `1、` (3), `1)` `(1)、` `(1).` (4).
/// `(一` with its `)` missing, before heading text, is a malformed level 2.
/// `1.5`, `一是`, `(2021—2025年)`, `十四五`, `(一年` are not markers; numbers
/// are 1–99.
pub fn parse_marker(s: &str) -> Option<(u8, u32, MarkerForm, usize)> {
    parse_marker_full(s).map(|m| (m.level, m.number, m.form, m.len))
}

/// [`parse_marker`] returning a [`ParsedMarker`].
pub(crate) fn parse_marker_full(s: &str) -> Option<ParsedMarker> {
    let marker = |level, number: u32, form, len| {
        (1..=99).contains(&number).then_some(ParsedMarker {
            level,
            number,
            form,
            len,
        })
    };
    // A '.' is a marker dot unless a digit follows (1.5万).
    let dot_ok = |rest: &str| !rest.starts_with(|c: char| c.is_ascii_digit());
    if let Some(inner) = s.strip_prefix('(') {
        let (number, nlen, level) = if let Some((n, l)) = chinese_numeral_prefix(inner) {
            (n, l, 2)
        } else if let Some((n, l)) = arabic_prefix(inner) {
            (n, l, 4)
        } else {
            return None;
        };
        let after = &inner[nlen..];
        let Some(after) = after.strip_prefix(')') else {
            // `(一加强领导`: the closing bracket is missing.
            return (level == 2 && starts_heading_text(after))
                .then(|| marker(2, number, MarkerForm::Malformed, 1 + nlen))
                .flatten();
        };
        let base = 1 + nlen + 1;
        if after.starts_with('、') {
            return marker(level, number, MarkerForm::Malformed, base + '、'.len_utf8());
        }
        if let Some(rest) = after.strip_prefix('.') {
            if dot_ok(rest) {
                return marker(level, number, MarkerForm::Malformed, base + 1);
            }
        }
        return marker(level, number, MarkerForm::Standard, base);
    }
    if let Some((number, nlen)) = chinese_numeral_prefix(s) {
        let after = &s[nlen..];
        if after.starts_with('、') {
            return marker(1, number, MarkerForm::Standard, nlen + '、'.len_utf8());
        }
        // No decimal is written with a Chinese numeral: `一.2024年…` is a heading.
        if after.starts_with('.') && !after.starts_with("..") {
            return marker(1, number, MarkerForm::Malformed, nlen + 1);
        }
        if after.starts_with(')') {
            return marker(2, number, MarkerForm::Malformed, nlen + 1);
        }
        return None;
    }
    if let Some((number, nlen)) = arabic_prefix(s) {
        let after = &s[nlen..];
        if let Some(rest) = after.strip_prefix('.') {
            // `1.` then a digit is a decimal; `1..` or `1.)` is not a heading.
            if dot_ok(rest) && !rest.starts_with(['.', ')', '%']) {
                return marker(3, number, MarkerForm::Standard, nlen + 1);
            }
            return None;
        }
        if after.starts_with('、') {
            return marker(3, number, MarkerForm::Malformed, nlen + '、'.len_utf8());
        }
        if after.starts_with(')') {
            return marker(4, number, MarkerForm::Malformed, nlen + 1);
        }
    }
    None
}

/// The GB/T 9704 marker for `number` at `level`, as a message shows it
/// (full-width brackets): `一、` `（一）` `1.` `（1）`.
pub(crate) fn standard_marker(level: u8, number: u32) -> String {
    match level {
        1 => format!("{}、", format_chinese_numeral(number)),
        2 => format!("（{}）", format_chinese_numeral(number)),
        3 => format!("{number}."),
        _ => format!("（{number}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十四", 24),
            ("九十九", 99),
            ("〇", 0),
            ("零", 0),
            ("两", 2),
            ("百", 100),
            ("一百", 100),
            ("一百零五", 105),
            ("一百二十三", 123),
        ] {
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
        for s in ["", "十十", "一二", "是", "二十四五", "百百"] {
            assert_eq!(parse_chinese_numeral(s), None, "{s}");
        }
        for n in 0..1000 {
            assert_eq!(
                parse_chinese_numeral(&format_chinese_numeral(n)),
                Some(n),
                "{n}"
            );
        }
    }

    #[test]
    fn markers() {
        use MarkerForm::*;
        let cases = [
            ("一、学习", Some((1, 1, Standard, 6))),
            ("十二、学习", Some((1, 12, Standard, 9))),
            ("(三)学习", Some((2, 3, Standard, 5))),
            ("3.学习", Some((3, 3, Standard, 2))),
            ("(4)学习", Some((4, 4, Standard, 3))),
            ("一.学习", Some((1, 1, Malformed, 4))),
            ("二)学习", Some((2, 2, Malformed, 4))),
            ("(二)、学习", Some((2, 2, Malformed, 8))),
            ("1、学习", Some((3, 1, Malformed, 4))),
            ("1)学习", Some((4, 1, Malformed, 2))),
            ("(1)、学习", Some((4, 1, Malformed, 6))),
            ("1.5万", None),
            ("一是", None),
            ("(2021—2025年)", None),
            ("十四五", None),
            ("2024年", None),
            ("(其中", None),
            ("0.", None),
            ("一.2024年工作", Some((1, 1, Malformed, 4))),
            ("1.2024年", None),
            ("(一加强领导", Some((2, 1, Malformed, 4))),
            ("(一年来", None),
            ("(一", None),
        ];
        for (s, want) in cases {
            assert_eq!(parse_marker(s), want, "{s}");
        }
    }

    #[test]
    fn standard_markers() {
        assert_eq!(standard_marker(1, 3), "三、");
        assert_eq!(standard_marker(2, 12), "（十二）");
        assert_eq!(standard_marker(3, 2), "2.");
        assert_eq!(standard_marker(4, 5), "（5）");
    }
}
