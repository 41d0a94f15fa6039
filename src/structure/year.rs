//! The report year: which year the report is about.
//!
//! In order of preference: a year in the title (`2024年度法治政府建设情况报告`),
//! the first year in the opening paragraph (`2024年,…`), the year before the
//! publication date in the page metadata (a report on year Y is published in
//! Y+1), the year before the closing date. When the title and the year the
//! opening starts with disagree, the dates side with one of them.

use super::date::find_date;
use super::numeral::chinese_digit;
use super::{Document, ReportYear, YearSource};
use crate::span::Span;

/// A digit of a year, Arabic or Chinese (two is 二 in a year, never 两).
fn year_digit(c: char) -> Option<i32> {
    let d = match c {
        '0'..='9' => c.to_digit(10),
        '两' => None,
        c => chinese_digit(c),
    }?;
    i32::try_from(d).ok()
}

/// Years written as `2024年` (or `二〇二四年`) inside `span`, in order; the
/// span covers the year and `年`. Years inside `《》` and the ends of ranges
/// (`2021—2025年`) are left out.
///
/// Found from the `年`s: only the four characters before one can start a
/// year, and between them only `《》` are looked at (the text is not
/// decoded: an opening paragraph may be a whole flattened report).
pub(crate) fn year_mentions(text: &str, span: Span) -> Vec<(i32, Span)> {
    let Some(hay) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    // The nesting of `《》` in `hay[..counted]`.
    let (mut book, mut counted) = (0usize, 0usize);
    for nian in memchr::memmem::find_iter(bytes, "年".as_bytes()) {
        // Four Arabic digits take four bytes, four Chinese ones twelve.
        let width = match nian.checked_sub(1).map(|k| bytes[k]) {
            Some(b) if b.is_ascii_digit() => 4,
            _ => 12,
        };
        // A start before the last one looked at would hold its `年` (or
        // lie inside a year found): no year.
        let Some(pos) = nian
            .checked_sub(width)
            .filter(|&p| p >= counted && hay.is_char_boundary(p))
        else {
            continue;
        };
        book = book_nesting(&bytes[counted..pos], book);
        counted = pos;
        if book > 0 {
            continue;
        }
        if let Some((y, end)) = year_at(&hay[pos..], hay[..pos].chars().next_back()) {
            out.push((y, Span::new(span.start + pos, span.start + pos + end)));
        }
    }
    out
}

/// The nesting of `《》` after `s`, from `depth` before it (a `》` too many
/// closes nothing).
fn book_nesting(s: &[u8], mut depth: usize) -> usize {
    // 《 is E3 80 8A, 》 E3 80 8B.
    for at in memchr::memchr_iter(0xE3, s) {
        match s.get(at + 1..at + 3) {
            Some([0x80, 0x8A]) => depth += 1,
            Some([0x80, 0x8B]) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The year `s` starts with (four digits of one kind and `年`, after `prev`,
/// which is neither a digit nor a range mark) and the length of the year
/// with its `年`.
fn year_at(s: &str, prev: Option<char>) -> Option<(i32, usize)> {
    let mut chars = s.char_indices();
    let mut digits = [(0, '0'); 4];
    for d in &mut digits {
        *d = chars.next()?;
    }
    let (nian_at, nian) = chars.next()?;
    let first = digits[0].1;
    let same_kind = digits
        .iter()
        .all(|&(_, ch)| ch.is_ascii_digit() == first.is_ascii_digit());
    let prev_ok = prev.is_none_or(|p| {
        year_digit(p).is_none() && !matches!(p, '—' | '-' | '~' | '～' | '至' | '到' | '–')
    });
    if nian != '年' || !same_kind || !prev_ok {
        return None;
    }
    let y = digits
        .iter()
        .try_fold(0, |a, &(_, ch)| Some(a * 10 + year_digit(ch)?))?;
    (1949..=2199)
        .contains(&y)
        .then_some((y, nian_at + '年'.len_utf8()))
}

/// Metadata keys whose date tells when the report was published, by preference.
const PUBLICATION_KEYS: &[&str] = &[
    "成文日期",
    "发布日期",
    "公开日期",
    "印发日期",
    "发文日期",
    "发布时间",
    "日期",
    "更新时间",
];

/// The publication dates of `doc` that imply a report year (the year
/// before): the first metadata date by [`PUBLICATION_KEYS`], then the
/// closing date.
pub(crate) fn dated_years(text: &str, doc: &Document) -> Vec<ReportYear> {
    let mut out = Vec::new();
    if let Some(d) = PUBLICATION_KEYS.iter().find_map(|key| {
        doc.metadata
            .iter()
            .filter(|f| f.key == *key)
            .find_map(|f| find_date(text, f.value))
    }) {
        out.push(ReportYear {
            year: d.year - 1,
            span: d.span,
            source: YearSource::Metadata,
        });
    }
    if let Some(d) = doc.closing.as_ref().and_then(|c| c.date) {
        out.push(ReportYear {
            year: d.year - 1,
            span: d.span,
            source: YearSource::Closing,
        });
    }
    out
}

/// The year the opening paragraph starts with (`2024年，…`, `2024年以来`):
/// at most two characters before it.
pub(crate) fn opening_lead_year(text: &str, doc: &Document) -> Option<(i32, Span)> {
    let (first, opening) = (doc.opening_years.first()?, doc.opening?);
    let lead = text.get(opening.start..first.1.start)?;
    (first.1.start >= opening.start && lead.chars().count() <= 2).then_some(*first)
}

/// Decide the report year of `doc`.
///
/// When the title and the year the opening starts with disagree, the
/// publication and closing dates decide between them (the odd one out is the
/// one no date supports); without such a date the title wins.
pub(crate) fn determine(text: &str, doc: &Document) -> Option<ReportYear> {
    let title = doc.title_years.first().map(|&(year, span)| ReportYear {
        year,
        span,
        source: YearSource::Title,
    });
    let dated = dated_years(text, doc);
    if let (Some(t), Some((year, span))) = (title, opening_lead_year(text, doc)) {
        if year != t.year
            && dated.iter().any(|d| d.year == year)
            && dated.iter().all(|d| d.year != t.year)
        {
            return Some(ReportYear {
                year,
                span,
                source: YearSource::Opening,
            });
        }
    }
    if title.is_some() {
        return title;
    }
    if let Some(&(year, span)) = doc.opening_years.first() {
        return Some(ReportYear {
            year,
            span,
            source: YearSource::Opening,
        });
    }
    dated.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The years of `hay` by the definition, one character at a time.
    fn by_definition(hay: &str) -> Vec<(i32, Span)> {
        let chars: Vec<(usize, char)> = hay.char_indices().collect();
        let mut out = Vec::new();
        let mut book = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let (pos, c) = chars[i];
            match c {
                '《' => book += 1,
                '》' => book = book.saturating_sub(1),
                _ => {}
            }
            let prev = i.checked_sub(1).map(|k| chars[k].1);
            let year = chars.get(i..i + 5).filter(|w| {
                let digits = w[..4].iter().all(|&(_, d)| year_digit(d).is_some());
                let kind = w[..4]
                    .iter()
                    .all(|&(_, d)| d.is_ascii_digit() == c.is_ascii_digit());
                let prev_ok =
                    prev.is_none_or(|p| year_digit(p).is_none() && !"—-~～至到–".contains(p));
                book == 0 && digits && kind && prev_ok && w[4].1 == '年'
            });
            if let Some(w) = year {
                let y = w[..4]
                    .iter()
                    .fold(0, |a, &(_, d)| a * 10 + year_digit(d).unwrap());
                if (1949..=2199).contains(&y) {
                    out.push((y, Span::new(pos, w[4].0 + '年'.len_utf8())));
                    i += 5;
                    continue;
                }
            }
            i += 1;
        }
        out
    }

    #[test]
    fn years_as_the_definition_finds_them() {
        let text = "2024年,二〇二四年《2023年规划》12024年 2021—2025年,\
                    2024年2025年1900年二〇2四年《《x》2022年》2019年~2020年度20245年";
        let years = year_mentions(text, Span::new(0, text.len()));
        let found: Vec<i32> = years.iter().map(|y| y.0).collect();
        assert_eq!(found, [2024, 2024, 2024, 2025, 2019]);
        // Every piece of the text, at every character boundary.
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (k, &from) in bounds.iter().enumerate() {
            for &to in &bounds[k..] {
                let expected: Vec<_> = by_definition(&text[from..to])
                    .into_iter()
                    .map(|(y, s)| (y, s.shift(from)))
                    .collect();
                assert_eq!(year_mentions(text, Span::new(from, to)), expected);
            }
        }
    }
}
