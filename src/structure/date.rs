//! Calendar dates written in the text: `2025年2月24日`, `2025-02-24`,
//! `2025/2/24`, `2025.02.24`, and `二〇二五年二月二十四日`; and the numeric
//! forms the quantity scanner reads as dates: `2025-02-24 15:21` and `3·8`.

use super::DateMention;
use super::numeral::chinese_digit;
use super::numeral::parse_chinese_numeral;
use crate::span::Span;

/// Years a date of the structure (a publication or closing date) may have.
const DATE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2199;

fn valid(year: i32, month: u32, day: u32) -> bool {
    DATE_YEARS.contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Digits at the start of `s` (at most `max`), their value and byte length.
fn digits(s: &str, max: usize) -> Option<(u32, usize)> {
    let len = s
        .bytes()
        .take(max + 1)
        .take_while(u8::is_ascii_digit)
        .count();
    if len == 0 || len > max {
        return None;
    }
    s[..len].parse().ok().map(|v| (v, len))
}

/// Skip ASCII spaces.
fn spaces(s: &str) -> usize {
    s.bytes().take(4).take_while(|&b| b == b' ').count()
}

/// A digit of a year written in Chinese (二〇二五, also with a letter O typed
/// for 〇); 两 is not a year digit.
fn year_digit(c: char) -> Option<u32> {
    match c {
        'O' | 'o' => Some(0),
        '两' => None,
        c => chinese_digit(c),
    }
}

/// A date starting exactly at the beginning of `s`; returns it with a span
/// relative to `s`.
pub fn parse_date_at(s: &str) -> Option<DateMention> {
    arabic_date(s).or_else(|| chinese_date(s))
}

fn arabic_date(s: &str) -> Option<DateMention> {
    let (year, ylen) = digits(s, 4)?;
    if ylen != 4 {
        return None;
    }
    let mut i = ylen;
    // 2025年2月24日
    if s[i..].starts_with('年') {
        i += '年'.len_utf8();
        i += spaces(&s[i..]);
        let (month, mlen) = digits(&s[i..], 2)?;
        i += mlen;
        i += spaces(&s[i..]);
        i += s[i..].strip_prefix('月').map(|_| '月'.len_utf8())?;
        i += spaces(&s[i..]);
        let (day, dlen) = digits(&s[i..], 2)?;
        i += dlen;
        i += spaces(&s[i..]);
        let day_mark = ['日', '号'].into_iter().find(|&c| s[i..].starts_with(c))?;
        i += day_mark.len_utf8();
        return mention(year, month, day, i);
    }
    // 2025-02-24, 2025/2/24, 2025.02.24
    let (year, month, day, len) = separated(s)?;
    mention(year, month, day, len)
}

/// `2025-02-24`, `2025/2/24`, `2025.02.24` at the start of `s`: year, month,
/// day (none of them checked) and the byte length.
fn separated(s: &str) -> Option<(u32, u32, u32, usize)> {
    let (year, ylen) = digits(s, 4)?;
    if ylen != 4 {
        return None;
    }
    let sep = s[ylen..]
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '/' | '.'))?;
    let mut i = ylen + 1;
    let (month, mlen) = digits(&s[i..], 2)?;
    i += mlen;
    if !s[i..].starts_with(sep) {
        return None;
    }
    i += 1;
    let (day, dlen) = digits(&s[i..], 2)?;
    Some((year, month, day, i + dlen))
}

/// `15:21` or `15:21:08` at the start of `s`; its byte length.
fn clock(s: &str) -> Option<usize> {
    let two = |s: &str| digits(s, 2).is_some_and(|(_, len)| len == 2);
    let (_, hlen) = digits(s, 2)?;
    let minutes = s[hlen..].strip_prefix(':').filter(|m| two(m))?;
    let mut len = s.len() - minutes.len() + 2;
    if s[len..].strip_prefix(':').is_some_and(two) {
        len += 3;
    }
    Some(len)
}

/// A numeric date at the start of `s` as the quantity scanner reads it:
/// `2025-02-24` (or `/`, `.`), with the time when one follows after at most
/// two spaces (`2025-02-24 15:21`); its byte length and the year. The month
/// and day must be possible; the year is not checked.
pub(crate) fn numeric_date(s: &str) -> Option<(usize, i64)> {
    let (year, month, day, mut len) = separated(s)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let gap = s[len..].bytes().take(2).take_while(|&b| b == b' ').count();
    if gap > 0 {
        len += clock(&s[len + gap..]).map_or(0, |t| gap + t);
    }
    Some((len, i64::from(year)))
}

/// `3·8` (month and day joined by an 间隔号), or `3 f 8` where the 间隔号
/// was lost in copying; its byte length, the month, and whether it was lost.
pub(crate) fn dotted_date(s: &str) -> Option<(usize, i64, bool)> {
    let (month, mlen) = digits(s, 2)?;
    let after = &s[mlen..];
    let b = after.as_bytes();
    let (sep_len, lost) = match after.chars().next()? {
        c @ ('·' | '•' | '・' | '‧') => (c.len_utf8(), false),
        ' ' if b.get(1).is_some_and(u8::is_ascii_alphabetic) && b.get(2) == Some(&b' ') => {
            (3, true)
        }
        _ => return None,
    };
    let (day, dlen) = digits(&after[sep_len..], 2)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((
        mlen + sep_len + dlen,
        i64::from(month),
        lost,
    ))
}

/// A Chinese numeral between the current position and `unit`, at most 3
/// characters; returns its value and the byte length including the unit.
fn numeral_until(s: &str, unit: char) -> Option<(u32, usize)> {
    let end = s.char_indices().take(4).find(|&(_, c)| c == unit)?.0;
    let value = parse_chinese_numeral(&s[..end])?;
    Some((value, end + unit.len_utf8()))
}

/// A valid date read from the first `len` bytes.
fn mention(year: u32, month: u32, day: u32, len: usize) -> Option<DateMention> {
    let year = i32::try_from(year).ok()?;
    valid(year, month, day).then_some(DateMention {
        span: Span::new(0, len),
        year,
        month,
        day,
    })
}

fn chinese_date(s: &str) -> Option<DateMention> {
    let mut year = 0u32;
    let mut i = 0;
    for c in s.chars().take(4) {
        year = year * 10 + year_digit(c)?;
        i += c.len_utf8();
    }
    if !s[i..].starts_with('年') {
        return None;
    }
    i += '年'.len_utf8();
    let (month, mlen) = numeral_until(&s[i..], '月')?;
    i += mlen;
    let (day, dlen) = numeral_until(&s[i..], '日')?;
    i += dlen;
    mention(year, month, day, i)
}

/// The first date inside `span` of `text`.
pub(crate) fn find_date(text: &str, span: Span) -> Option<DateMention> {
    let hay = text.get(span.start..span.end)?;
    hay.char_indices()
        .filter(|&(i, _)| {
            // Not in the middle of a longer number.
            !hay[..i].ends_with(|c: char| c.is_ascii_digit())
        })
        .find_map(|(i, _)| {
            parse_date_at(&hay[i..]).map(|mut d| {
                d.span = d.span.shift(span.start + i);
                d
            })
        })
}

/// If the whole (trimmed) `span` of `text` is one date, return it.
pub(crate) fn whole_date(text: &str, span: Span) -> Option<DateMention> {
    let hay = text.get(span.start..span.end)?;
    let trimmed = hay.trim();
    let offset = span.start + (hay.len() - hay.trim_start().len());
    let d = parse_date_at(trimmed)?;
    (d.span.end == trimmed.len()).then(|| DateMention {
        span: d.span.shift(offset),
        ..d
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        let d = parse_date_at("2025年2月24日").unwrap();
        assert_eq!((d.year, d.month, d.day), (2025, 2, 24));
        let d = parse_date_at("二〇二五年二月二十四日").unwrap();
        assert_eq!((d.year, d.month, d.day), (2025, 2, 24));
        assert_eq!(d.span.end, "二〇二五年二月二十四日".len());
        let d = parse_date_at("2025-02-24 15:21").unwrap();
        assert_eq!((d.year, d.month, d.day, d.span.end), (2025, 2, 24, 10));
        assert!(parse_date_at("2025年工作计划").is_none());
        assert!(parse_date_at("2025年13月1日").is_none());
        let d = find_date(
            "发布于2024年12月1日。",
            Span::new(0, "发布于2024年12月1日。".len()),
        );
        assert_eq!(d.unwrap().year, 2024);
    }

    #[test]
    fn numeric_dates_as_the_scanner_reads_them() {
        assert_eq!(numeric_date("2025-02-24 15:21:08,"), Some((19, 2025)));
        assert_eq!(numeric_date("2025/2/3  9:05"), Some((14, 2025)));
        // Three spaces: the time is not part of the date; the year is not checked.
        assert_eq!(numeric_date("1066.10.14   9:05"), Some((10, 1066)));
        assert_eq!(numeric_date("2025-13-01"), None);
        assert_eq!(numeric_date("2025-02/24"), None);
        assert_eq!(dotted_date("3·8妇女节"), Some(("3·8".len(), 3, false)));
        assert_eq!(dotted_date("3 f 8"), Some((5, 3, true)));
        assert_eq!(dotted_date("13·8"), None);
        assert_eq!(dotted_date("3 ff 8"), None);
    }
}
