//! Numbered headings per GB/T 9704: `一、` (level 1), `(一)` (2), `1.` (3),
//! `(1)` (4), and malformed markers that still state a level and a number.
//!
//! A marker at the start of a line is a heading whatever its number (the
//! numbering rules report gaps). Inside a long line — a report flattened onto
//! one line from a web table — a marker is a heading only at a sentence
//! boundary (after `。!?;:`, whitespace, or the end of the previous heading's
//! text; levels 2–4 not after `:`/`;`, where `(一)` or `1.` start a list
//! inside a sentence) **and** when it carries the next number expected at its level, so
//! that `一是`, `(一)` in running text, `1.5万` or `(2021—2025年)` are not
//! mistaken for headings.
//!
//! Hints from a Word document's styles ([`LineHint`]) add to this: a line
//! in a table, note, text box or table of contents is never a heading; a
//! paragraph with a heading outline level is a heading even without a
//! marker ([`MarkerForm::Unnumbered`]), at the level that other headings of
//! that outline level have (else outline level + 1, at most 4).

use super::lines::Line;
use super::numeral::{ParsedMarker, parse_marker_full};
use super::{Heading, LineHint, Marker, MarkerForm};
use crate::byteset::{ByteSet, Finder};
use crate::span::Span;

/// Lines at least this long are scanned for headings inside the line.
const LONG_LINE: usize = 300;
/// The longest heading text accepted inside a long line, in bytes.
const MAX_INLINE_TEXT: usize = 300;

/// Characters after which a new sentence (and so a heading) may begin.
fn is_boundary_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '。' | '!' | '?' | ';' | ':')
}

/// Characters that end a heading's text.
fn is_stop(c: char) -> bool {
    matches!(c, '。' | '!' | '?')
}

/// Tracks the last number seen at each level, to tell which number comes next.
#[derive(Default)]
struct Sequence {
    last: [Option<u32>; 5],
    /// The last level-3 number anywhere: `1.`–`n.` may run on across `(一)` `(二)`.
    last_level3: Option<u32>,
}

impl Sequence {
    /// Whether `number` is a next number at `level`.
    fn expects(&self, level: u8, number: u32) -> bool {
        let slot = self.last[usize::from(level.min(4))];
        match slot {
            Some(n) => number == n + 1,
            None if level == 3 => number == 1 || Some(number) == self.last_level3.map(|n| n + 1),
            None => number == 1,
        }
    }

    fn accept(&mut self, level: u8, number: u32) {
        let l = usize::from(level.min(4));
        self.last[l] = Some(number);
        for x in &mut self.last[l + 1..] {
            *x = None;
        }
        if level == 3 {
            self.last_level3 = Some(number);
        }
    }
}

/// Find the headings in the lines of `body`.
pub(crate) fn find(text: &str, lines: &[Line], body: Span, hints: &[LineHint]) -> Vec<Heading> {
    // Room for a heading every other line, allocated once (a large text
    // would otherwise leave copies behind as the list grows); the pages
    // not written take no memory.
    let mut out = Vec::with_capacity(lines.len() / 2);
    let mut seq = Sequence::default();
    let outline_levels = outline_levels(text, lines, body, hints);
    // One finder for all long lines (a finder per line marked its last
    // block apart, from a copy).
    let mut boundaries = MAY_START_BOUNDARY.finder(text.as_bytes());
    for (i, line) in lines.iter().enumerate() {
        let start = line.trimmed().start.max(body.start);
        let end = line.trimmed().end.min(body.end);
        let hint = hints.get(i).copied().unwrap_or(LineHint::Text);
        if start >= end || hint == LineHint::Aside {
            continue;
        }
        let long = end - start >= LONG_LINE;
        let mut pos = start;
        if let Some(m) = parse_marker_full(&text[start..end]) {
            let h = heading_at(text, start, end, m, long);
            seq.accept(h.level, h.number);
            pos = h.span.end;
            out.push(h);
        } else if let LineHint::Heading(outline) = hint {
            let level = outline_levels[usize::from(outline.min(8))];
            let unnumbered = ParsedMarker {
                level,
                number: 0,
                form: MarkerForm::Unnumbered,
                len: 0,
            };
            out.push(heading_at(text, start, end, unnumbered, false));
            continue;
        }
        if !long {
            continue;
        }
        // Inside a long line: boundary + expected number. Only positions
        // right after a boundary character (or the line start, or the end of
        // the previous heading) can start one.
        let mut prev_end = pos;
        let mut prev_char: Option<char> = text[..pos].chars().next_back();
        let mut i = pos;
        while i < end {
            let Some(c) = text[i..end].chars().next() else {
                break;
            };
            let at_boundary =
                i == start || i == prev_end || prev_char.is_some_and(is_boundary_char);
            if at_boundary && (c == '(' || c.is_ascii_digit() || super::numeral::is_numeral_char(c))
            {
                if let Some(m) = parse_marker_full(&text[i..end]) {
                    // `(二)` / `1.` after `:` or `;` is a list inside a sentence.
                    let list_item = m.level >= 2
                        && i != prev_end
                        && i != start
                        && matches!(prev_char, Some(':' | ';'));
                    if !list_item && seq.expects(m.level, m.number) {
                        let h = heading_at(text, i, end, m, true);
                        seq.accept(h.level, h.number);
                        i = h.span.end;
                        prev_end = i;
                        prev_char = text[..i].chars().next_back();
                        out.push(h);
                        continue;
                    }
                }
            }
            // On to the character after the next boundary character.
            let (b, after) = next_boundary(text, &mut boundaries, i, end);
            prev_char = b;
            i = after;
        }
    }
    out
}

/// Bytes that can start a boundary character: ASCII whitespace and
/// `!?;:`; U+0085/U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2), U+3000 and
/// `。` (E3).
const MAY_START_BOUNDARY: ByteSet = ByteSet::new(b"\t\n\x0B\x0C\r !?;:\xC2\xE1\xE2\xE3");

/// The length of the boundary character (see [`is_boundary_char`]) that
/// `s` starts with, told by its UTF-8 bytes: whitespace (U+0009–U+000D,
/// U+0020, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F,
/// U+205F, U+3000) or `。!?;:`.
fn boundary_len(s: &[u8]) -> Option<usize> {
    match s {
        [b'\t'..=b'\r' | b' ' | b'!' | b'?' | b';' | b':', ..] => Some(1),
        [0xC2, 0x85 | 0xA0, ..] => Some(2),
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80 | 0x82, ..] => Some(3),
        _ => None,
    }
}

/// The first boundary character at or after `from` (before `end`) and the
/// position after it; `(None, end)` when there is none. Only bytes that can
/// start a boundary character are looked at (`boundaries` finds them in
/// `text`), and only a boundary character is decoded.
fn next_boundary(
    text: &str,
    boundaries: &mut Finder<'_, '_>,
    from: usize,
    end: usize,
) -> (Option<char>, usize) {
    let bytes = &text.as_bytes()[..end];
    let mut k = from;
    while let Some(at) = boundaries.find(k).filter(|&at| at < end) {
        if let Some(len) = boundary_len(&bytes[at..]) {
            return (text[at..].chars().next(), at + len);
        }
        k = at + 1;
    }
    (None, end)
}

/// The heading level of each outline level (0–8): the level of the first
/// marked heading with that outline level, else outline level + 1 (at most 4).
fn outline_levels(text: &str, lines: &[Line], body: Span, hints: &[LineHint]) -> [u8; 9] {
    let mut levels: [Option<u8>; 9] = [None; 9];
    for (line, hint) in lines.iter().zip(hints) {
        let (start, end) = (
            line.trimmed().start.max(body.start),
            line.trimmed().end.min(body.end),
        );
        if let (LineHint::Heading(o), true) = (hint, start < end) {
            let slot = &mut levels[usize::from((*o).min(8))];
            if slot.is_none() {
                *slot = parse_marker_full(&text[start..end]).map(|m| m.level);
            }
        }
    }
    let mut out = [4u8; 9];
    for (o, level) in levels.iter().enumerate() {
        out[o] = level.unwrap_or((o as u8 + 1).min(4));
    }
    out
}

/// The heading whose marker `m` starts at `start`; its text runs to the line
/// end `end`, or to the first `。` (then the `。` belongs to the span but not to
/// the text), or — in a long line — to whitespace or a length limit.
fn heading_at(text: &str, start: usize, end: usize, m: ParsedMarker, long: bool) -> Heading {
    let marker_end = start + m.len;
    let rest = &text[marker_end..end];
    let lead = rest.len() - rest.trim_start().len();
    let text_start = marker_end + lead;
    let mut text_end = end;
    // The end of the `。` that closes the text, if one does.
    let mut stop_end = None;
    for (j, c) in text[text_start..end].char_indices() {
        let at = text_start + j;
        if is_stop(c) {
            text_end = at;
            stop_end = Some(at + c.len_utf8());
            break;
        }
        if long && (c.is_whitespace() || j >= MAX_INLINE_TEXT) {
            text_end = at;
            break;
        }
    }
    let t = text[text_start..text_end].trim_end();
    // An empty text sits right after the marker, not after trailing spaces.
    let text_start = if t.is_empty() { marker_end } else { text_start };
    let text_end = text_start + t.len();
    // The span never ends in whitespace, so it nests inside trimmed sections.
    let span_end = stop_end.unwrap_or(text_end);
    Heading {
        level: m.level,
        number: m.number,
        marker: Marker {
            span: Span::new(start, marker_end),
            form: m.form,
        },
        text: Span::new(text_start, text_end),
        span: Span::new(start, span_end.max(marker_end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_told_by_their_bytes() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            let by_bytes = boundary_len(s.as_bytes());
            assert_eq!(by_bytes, is_boundary_char(c).then_some(s.len()), "{c:?}");
            let found = next_boundary(&s, &mut MAY_START_BOUNDARY.finder(s.as_bytes()), 0, s.len());
            let expected = if is_boundary_char(c) {
                (Some(c), s.len())
            } else {
                (None, s.len())
            };
            assert_eq!(found, expected, "{c:?}");
        }
    }
}
