//! The closing: the issuing organ's name (signature) and the date, at the end.

use super::date::whole_date;
use super::front_matter::meta_fields;
use super::lines::Line;
use super::numeral::parse_marker;
use super::{Closing, DateMention};
use crate::span::Span;

/// How many non-blank lines at the end are searched for the date.
const TAIL_LINES: usize = 10;

/// How the names of issuing organs end (simplified and traditional).
const ORGAN_ENDINGS: &[&str] = &[
    "政府",
    "委员会",
    "委員會",
    "委",
    "局",
    "办公室",
    "辦公室",
    "办",
    "辦",
    "厅",
    "廳",
    "院",
    "部",
    "组",
    "組",
    "处",
    "處",
    "中心",
    "党委",
    "党工委",
    "黨委",
    "支部",
    "所",
    "站",
    "队",
    "隊",
    "会",
    "會",
    "街道",
    "镇",
    "鎮",
    "乡",
    "鄉",
    "公司",
    "司法局",
];

/// A signature line: short, no sentence punctuation, not a heading, ends
/// like the name of an organ.
fn is_signature(s: &str) -> bool {
    let n = s.chars().count();
    (2..=50).contains(&n)
        && !s.contains(['。', ',', ';', ':', '!', '?', '、'])
        && parse_marker(s).is_none()
        && ORGAN_ENDINGS.iter().any(|e| s.ends_with(e))
}

/// Find the closing among the lines starting at or after `from` and ending
/// by `until` (where the page's own tail begins). A date that is the value of
/// a metadata field (`发布日期：` on the line above) is not a closing, nor is a
/// date with headings after it: the document goes on.
pub(crate) fn find(text: &str, lines: &[Line], from: usize, until: usize) -> Option<Closing> {
    let candidates: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.is_blank() && l.trimmed().start >= from && l.trimmed().end <= until)
        .collect();
    let tail = candidates.len().saturating_sub(TAIL_LINES);
    for idx in (tail..candidates.len()).rev() {
        let line = candidates[idx];
        if parse_marker(line.trimmed().slice(text)).is_some() {
            // A heading: the closing, if any, comes after it.
            break;
        }
        if let Some(date) = whole_date(text, line.trimmed()) {
            let below_key = idx.checked_sub(1).is_some_and(|i| {
                let above = candidates[i].trimmed();
                meta_fields(text, above)
                    .first()
                    .is_some_and(|f| f.key_span.start == above.start && f.value.is_empty())
            });
            if below_key {
                continue;
            }
            let signature = idx
                .checked_sub(1)
                .map(|i| candidates[i].trimmed())
                .filter(|s| s.start >= from && is_signature(s.slice(text)));
            return Some(closing(signature, date));
        }
    }
    // A flattened text: `… 某区人民政府 2025年2月24日` at the very end.
    let last = candidates.last()?;
    flattened(text, last.trimmed())
}

fn closing(signature: Option<Span>, date: DateMention) -> Closing {
    let start = signature.map_or(date.span.start, |s| s.start);
    Closing {
        signature,
        date: Some(date),
        span: Span::new(start, date.span.end),
    }
}

/// The date at the end of a long line, after whitespace, and the organ name
/// before it.
fn flattened(text: &str, line: Span) -> Option<Closing> {
    let s = line.slice(text);
    // Candidate date starts: after each of the last few spaces.
    let (space, _) = s
        .char_indices()
        .rev()
        .take(40)
        .find(|&(_, c)| c.is_whitespace())?;
    let date_start = line.start + space + 1;
    let date = whole_date(text, Span::new(date_start, line.end))?;
    // The organ name: the text between the previous whitespace or full stop
    // (or the line start) and the date.
    let before = s[..space].trim_end();
    let sig_start = before
        .char_indices()
        .rev()
        .take(51)
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '。' | '!' | '?' | ';' | '|'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sig = Span::new(line.start + sig_start, line.start + before.len());
    let sig = super::lines::trim(text, sig);
    let signature = (!sig.is_empty() && is_signature(sig.slice(text))).then_some(sig);
    Some(closing(signature, date))
}
