//! Calendar dates written in the text: `2025年2月24日`, `2025-02-24`,
//! `2025/2/24`, `2025.02.24`, and `二〇二五年二月二十四日`.

use super::DateMention;
use super::numeral::chinese_digit;
use super::numeral::parse_chinese_numeral;
use crate::span::Span;

fn valid(year: i32, month: u32, day: u32) -> bool {
    (1900..=2199).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
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
    let rest = &s[i..];
    // 2025年2月24日
    if rest.starts_with('年') {
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
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '/' | '.'))?;
    i += 1;
    let (month, mlen) = digits(&s[i..], 2)?;
    i += mlen;
    if !s[i..].starts_with(sep) {
        return None;
    }
    i += 1;
    let (day, dlen) = digits(&s[i..], 2)?;
    i += dlen;
    mention(year, month, day, i)
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
pub fn find_date(text: &str, span: Span) -> Option<DateMention> {
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
pub fn whole_date(text: &str, span: Span) -> Option<DateMention> {
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
}
