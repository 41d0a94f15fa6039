//! LSP positions ↔ byte offsets: a document's text with its line index.
//!
//! LSP counts lines from 0 and columns in UTF-16 code units: a CJK character
//! is one unit, a character outside the Basic Multilingual Plane (𠀀) two,
//! while the engine reports byte offsets of the UTF-8 text. Lines end at
//! `\n`, `\r\n` or a lone `\r`, as the protocol says. The index is built once
//! per document version; conversions clamp, as the protocol asks: a column
//! past the end of its line means the line's end, a line past the end of the
//! text means the text's end, and a position inside a surrogate pair or a
//! line break falls back to the character before it.

use crate::span::Span;
use lsp_types::{Position, Range};

/// A document's text and the byte offsets where its lines start.
#[derive(Debug, Clone)]
pub(crate) struct IndexedText {
    text: String,
    /// Byte offset of the start of every line; the first is 0.
    starts: Vec<usize>,
}

impl IndexedText {
    pub(super) fn new(text: String) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while let Some(n) = bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r') {
            i += n;
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            i += 1;
            starts.push(i);
        }
        IndexedText { text, starts }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range of line `line`'s content, without its line break.
    fn line_bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let mut end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text.as_bytes()[start..end];
        if content.ends_with(b"\r\n") {
            end -= 2;
        } else if content.ends_with(b"\n") || content.ends_with(b"\r") {
            end -= 1;
        }
        (start, end)
    }

    /// The position of a byte offset.
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let (start, end) = self.line_bounds(line);
        let character: usize = self.text[start..offset.min(end)]
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return self.text.len();
        }
        let (start, end) = self.line_bounds(line);
        let mut units = 0;
        for (i, c) in self.text[start..end].char_indices() {
            units += c.len_utf16();
            if units > position.character as usize {
                return start + i;
            }
        }
        end
    }

    pub(crate) fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte span of a range (its ends in order).
    pub(crate) fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }

    /// The range of the first line: where a finding about the whole
    /// document is shown.
    pub(crate) fn first_line(&self) -> Range {
        let (start, end) = self.line_bounds(0);
        self.range(Span::new(start, end))
    }

    /// The text with a change applied: `range` replaced by `new`, or the
    /// whole text when there is no range.
    pub(crate) fn edited(&self, range: Option<Range>, new: &str) -> IndexedText {
        let Some(range) = range else {
            return IndexedText::new(new.to_owned());
        };
        let span = self.span(range);
        let mut text = String::with_capacity(self.text.len() - span.len() + new.len());
        text.push_str(&self.text[..span.start]);
        text.push_str(new);
        text.push_str(&self.text[span.end..]);
        IndexedText::new(text)
    }
}

/// Lines and columns beyond `u32` cannot be sent; such a text (4 GiB) is
/// never read.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn columns_are_utf16_units() {
        // 𠀀 (U+20000) is two UTF-16 units and four UTF-8 bytes.
        let t = IndexedText::new("标题\n𠀀法制政府\nab".to_owned());
        let at = t.as_str().find("法制").unwrap();
        assert_eq!(t.position(at), pos(1, 2));
        assert_eq!(t.offset(pos(1, 2)), at);
        assert_eq!(t.position(t.as_str().find("ab").unwrap()), pos(2, 0));
        assert_eq!(t.position(t.as_str().len()), pos(2, 2));
        // Inside the surrogate pair: the character's start.
        assert_eq!(t.offset(pos(1, 1)), t.as_str().find('𠀀').unwrap());
        // Inside a UTF-8 sequence: the character's start.
        assert_eq!(t.position(at + 1), pos(1, 2));
    }

    #[test]
    fn every_kind_of_line_break() {
        let t = IndexedText::new("一\r\n二\r三\n四".to_owned());
        for (c, line) in [('一', 0), ('二', 1), ('三', 2), ('四', 3)] {
            let at = t.as_str().find(c).unwrap();
            assert_eq!(t.position(at), pos(line, 0));
            assert_eq!(t.offset(pos(line, 0)), at);
        }
        // The end of a line is before its break, also for a column past it.
        assert_eq!(t.position(t.as_str().find('\n').unwrap()), pos(0, 1));
        assert_eq!(t.offset(pos(0, 99)), t.as_str().find('\r').unwrap());
        assert_eq!(t.offset(pos(9, 0)), t.as_str().len());
        assert_eq!(IndexedText::new("a\n".into()).position(2), pos(1, 0));
    }

    #[test]
    fn round_trip_over_every_boundary() {
        let text = "\u{feff}一、总体情况\r\n　　𠀀𠀁年，法治\n\n末行🙂x";
        let t = IndexedText::new(text.to_owned());
        for (i, _) in text.char_indices() {
            let p = t.position(i);
            let at_break = matches!(text.as_bytes()[i], b'\r' | b'\n');
            if !at_break {
                assert_eq!(t.offset(p), i, "offset {i} → {p:?}");
            }
        }
        let line = text.lines().nth(1).unwrap();
        let units: u32 = line.encode_utf16().count() as u32;
        assert_eq!(t.position(text.find("\n\n").unwrap()), pos(1, units));
    }

    #[test]
    fn edits_replace_ranges() {
        let t = IndexedText::new("𠀀法制政府\n第二行".to_owned());
        let e = t.edited(Some(Range::new(pos(0, 3), pos(0, 4))), "治");
        assert_eq!(e.as_str(), "𠀀法治政府\n第二行");
        let e = e.edited(Some(Range::new(pos(1, 3), pos(1, 3))), "。");
        assert_eq!(e.as_str(), "𠀀法治政府\n第二行。");
        assert_eq!(e.edited(None, "x").as_str(), "x");
        assert_eq!(e.first_line(), Range::new(pos(0, 0), pos(0, 6)));
    }
}
