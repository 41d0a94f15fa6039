//! Lines of a text with their byte spans.

use crate::span::{Span, Span32};

/// One line of the text, in 12 bytes (a 100 MB text has hundreds of
/// thousands of lines, all held while its structure is read).
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// Without leading and trailing whitespace.
    trimmed: Span32,
    /// Where the line ends, before its terminator (`\n`, `\r\n`, `\r`).
    end: u32,
}

impl Line {
    /// The line without leading and trailing whitespace.
    pub(crate) fn trimmed(&self) -> Span {
        self.trimmed.get()
    }

    /// Where the line ends, before its terminator.
    pub(crate) fn end(&self) -> usize {
        self.end as usize
    }

    pub(crate) fn is_blank(&self) -> bool {
        self.trimmed().is_empty()
    }
}

/// Split `text` into lines; `\r\n`, `\n` and a lone `\r` end a line.
pub(crate) fn split(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', bytes);
    while let Some(i) = ends.next() {
        out.push(line(text, start, i));
        start = i + 1;
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            // One line end: skip its `\n`.
            start = i + 2;
            ends.next();
        }
    }
    if start < text.len() || out.is_empty() {
        out.push(line(text, start, text.len()));
    }
    out
}

fn line(text: &str, start: usize, end: usize) -> Line {
    let span = Span::new(start, end);
    Line {
        trimmed: Span32::new(markup(text, trim(text, span))),
        end: u32::try_from(end).unwrap_or(u32::MAX),
    }
}

/// `span` without the Markdown markup that wraps a line of a Markdown draft:
/// an ATX heading prefix (`## 一、主要举措和成效`), block quotes (`> `), and
/// bold or italic around the whole line (`**（一）强化组织领导**`). Drafts
/// kept as Markdown write their GB/T 9704 headings this way.
fn markup(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    // Markup starts with one of these; most lines start otherwise.
    if !s.starts_with(['#', '>', '*', '_']) {
        return span;
    }
    // The kept part of the line, as byte offsets into `s`.
    let (mut lo, mut hi) = (0, s.len());
    let ws = |c: char| c == ' ' || c == '\t';
    loop {
        let rest = &s[lo..hi];
        let hashes = rest.len() - rest.trim_start_matches('#').len();
        if (1..=6).contains(&hashes) && rest[hashes..].starts_with(ws) {
            let after = &rest[hashes..];
            lo += hashes + (after.len() - after.trim_start().len());
            // A closing sequence (`## 标题 ##`).
            let body = &s[lo..hi];
            let closed = body.trim_end_matches('#');
            if closed.len() < body.len() && closed.ends_with(ws) {
                hi = lo + closed.trim_end().len();
            }
        } else if let Some(quoted) = rest.strip_prefix('>') {
            lo += 1 + (quoted.len() - quoted.trim_start().len());
        } else {
            break;
        }
    }
    for wrap in ["**", "__", "*", "_"] {
        let rest = &s[lo..hi];
        if let Some(inner) = rest.strip_prefix(wrap).and_then(|r| r.strip_suffix(wrap)) {
            let trimmed = inner.trim();
            if !trimmed.is_empty() && !inner.starts_with(wrap) {
                lo += wrap.len() + (inner.len() - inner.trim_start().len());
                hi = lo + trimmed.len();
                break;
            }
        }
    }
    if lo >= hi {
        return span;
    }
    Span::new(span.start + lo, span.start + hi)
}

/// `span` without leading and trailing whitespace.
pub(crate) fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let rest = s.trim_start();
    let lead = s.len() - rest.len();
    Span::new(span.start + lead, span.start + lead + rest.trim_end().len())
}

/// `span` with the characters `chars` (and whitespace) stripped at both ends.
pub(crate) fn strip(text: &str, span: Span, chars: &[char]) -> Span {
    let s = &text[span.start..span.end];
    let pred = |c: char| c.is_whitespace() || chars.contains(&c);
    // Most spans (statements) have nothing to strip: two characters tell.
    if !s.chars().next().is_some_and(pred) && !s.chars().next_back().is_some_and(pred) {
        return span;
    }
    let rest = s.trim_start_matches(pred);
    let lead = s.len() - rest.len();
    Span::new(
        span.start + lead,
        span.start + lead + rest.trim_end_matches(pred).len(),
    )
}

/// Whether `s` has more than `n` characters. More than `4n` bytes always
/// are (a character takes at most four) and at most `n` bytes never are,
/// without counting: a report flattened onto one line is not counted
/// through by every test that wants a short line.
pub(crate) fn more_chars_than(s: &str, n: usize) -> bool {
    s.len() > 4 * n || (s.len() > n && s.chars().count() > n)
}

/// Whether `s` (UTF-8) starts with a whitespace character
/// ([`char::is_whitespace`]: U+0009–U+000D, U+0020, U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), told by
/// its bytes without decoding it.
pub(crate) fn starts_with_whitespace(s: &[u8]) -> bool {
    matches!(
        s,
        [b'\t'..=b'\r' | b' ', ..]
            | [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// Whether `s` (UTF-8) ends with a whitespace character, told by its last
/// bytes: whitespace takes one byte, two after `C2` or three.
pub(crate) fn ends_with_whitespace(s: &[u8]) -> bool {
    match *s {
        [.., b] if b.is_ascii() => starts_with_whitespace(&[b]),
        [.., 0xC2, b] => starts_with_whitespace(&[0xC2, b]),
        // Of a shorter character, `a` is no lead byte of whitespace or `b`
        // no second byte of it.
        [.., a, b, c] => starts_with_whitespace(&[a, b, c]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character is told whitespace or not by its bytes alike, at
    /// either end of a text and after or before any other character.
    #[test]
    fn whitespace_is_told_by_its_bytes() {
        let neighbours = ['a', 'é', '\u{C2A0}', '甲', '\u{20021}'];
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let expected = c.is_whitespace();
            for n in neighbours {
                let s = format!("{c}{n}");
                assert_eq!(starts_with_whitespace(s.as_bytes()), expected, "{c:?}");
                let s = format!("{n}{c}");
                assert_eq!(ends_with_whitespace(s.as_bytes()), expected, "{c:?}");
            }
            assert_eq!(ends_with_whitespace(c.to_string().as_bytes()), expected);
        }
        assert!(!starts_with_whitespace(b"") && !ends_with_whitespace(b""));
    }

    #[test]
    fn more_chars_than_counts_only_when_bytes_do_not_tell() {
        for s in ["", "abc", "甲乙丙", "甲a乙", "甲乙丙丁戊"] {
            for n in 0..8 {
                assert_eq!(more_chars_than(s, n), s.chars().count() > n, "{s} {n}");
            }
        }
    }
}
