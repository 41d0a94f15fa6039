//! Byte offsets → 1-based lines and character columns, in logarithmic time.
//!
//! A [`LineIndex`] is built once per document (one `memchr` pass for the line
//! starts) and then answers every position of every finding by binary search.
//! Character columns on long lines (a web page flattened to one line) come
//! from a table of character counts at fixed byte intervals, built on first
//! need, so no query ever counts more than one interval's characters.

use std::cell::OnceCell;

/// A 1-based line and column; columns count characters (a leading BOM is not
/// counted, as editors do not show it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Bytes between two entries of the character-count table.
const BLOCK: usize = 256;

/// Line starts of a text, for converting offsets.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Characters starting before byte `k * BLOCK`, for every `k`; built
    /// when a column on a line longer than a block is asked for.
    chars_before_block: OnceCell<Vec<usize>>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Characters that start in `bytes`. Counted in chunks of at most 255
/// bytes into a `u8`, which the compiler turns into wide vector adds.
fn chars_in(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().map(|&b| u8::from(starts_char(b))).sum::<u8>()))
        .sum()
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        // Counted first (a vectorized count), so the list is never copied
        // as it grows.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(lines + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            chars_before_block: OnceCell::new(),
        }
    }

    /// The text this index is about.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// `offset` clamped to the text and moved back to a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 0-based line holding byte `offset` (clamped to the text).
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of 0-based line `line`, without its `\n`.
    pub(crate) fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let end = self
            .starts
            .get(line + 1)
            .map_or(self.text.len(), |&s| s - 1);
        start..end.max(start)
    }

    /// Characters that start in `text[from..to]` (`from <= to`, any bytes).
    pub(crate) fn chars_between(&self, from: usize, to: usize) -> usize {
        let bytes = self.text.as_bytes();
        if to - from <= 2 * BLOCK {
            return chars_in(&bytes[from..to]);
        }
        self.chars_before(to) - self.chars_before(from)
    }

    /// Characters that start before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let table = self.chars_before_block.get_or_init(|| {
            let mut table = Vec::with_capacity(bytes.len() / BLOCK + 1);
            let mut total = 0;
            table.push(0);
            for block in bytes.chunks(BLOCK) {
                total += chars_in(block);
                table.push(total);
            }
            table
        });
        let k = offset / BLOCK;
        table[k] + chars_in(&bytes[k * BLOCK..offset])
    }

    /// Line and column of a byte offset (clamped to the text, on a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let mut start = self.starts[line];
        if line == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        LineCol {
            line: line + 1,
            column: self.chars_between(start, offset) + 1,
        }
    }

    /// Lines and columns of both ends of `span`. The end, most often on the
    /// start's line, is counted on from the start rather than from the line's
    /// beginning: the same answer as [`LineIndex::line_col`] of each end.
    pub fn span_line_cols(&self, span: crate::span::Span) -> (LineCol, LineCol) {
        let start = self.line_col(span.start);
        let (from, to) = (self.clamp(span.start), self.clamp(span.end));
        let in_bom = from < 3 && self.text.starts_with('\u{feff}');
        if to < from || in_bom || self.line_of(to) + 1 != start.line {
            return (start, self.line_col(span.end));
        }
        let end = LineCol {
            line: start.line,
            column: start.column + self.chars_between(from, to),
        };
        (start, end)
    }

    /// Line and column of a byte offset, the column counting **bytes** from 1
    /// (rdjson); the offset is clamped to the text.
    pub(crate) fn line_byte_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        LineCol {
            line: line + 1,
            column: offset - self.starts[line] + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let t = "标题\n纠错率37.5%";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(0), LineCol { line: 1, column: 1 });
        let off = t.find("37").unwrap();
        assert_eq!(idx.line_col(off), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_col(t.len()), LineCol { line: 2, column: 9 });
        let bom = "\u{feff}报告";
        assert_eq!(
            LineIndex::new(bom).line_col(3),
            LineCol { line: 1, column: 1 }
        );
        assert_eq!(
            LineIndex::new(bom).line_col(0),
            LineCol { line: 1, column: 1 }
        );
        assert_eq!(
            idx.line_byte_col(off),
            LineCol {
                line: 2,
                column: 10
            }
        );
    }

    /// Both ends of a span agree with asking for each end, on short and
    /// long lines, across lines, with a BOM, and for spans past the text.
    #[test]
    fn span_ends_agree_with_each_offset() {
        let t = format!("\u{feff}标题a\n{}\n\n末行", "法治政府b".repeat(200));
        let idx = LineIndex::new(&t);
        let offsets: Vec<usize> = (0..=t.len() + 2).step_by(7).chain([0, 1, 3, 4]).collect();
        for &a in &offsets {
            for &b in offsets.iter().filter(|&&b| b >= a) {
                let span = crate::span::Span::new(a, b);
                let want = (idx.line_col(a), idx.line_col(b));
                assert_eq!(idx.span_line_cols(span), want, "{a}..{b}");
            }
        }
    }

    /// Long lines go through the block table; every offset agrees with
    /// counting characters from the line start.
    #[test]
    fn long_lines_agree_with_counting() {
        let t = format!(
            "\u{feff}{}\n短行\n{}x",
            "法治政府a".repeat(3000),
            "年度b".repeat(5000)
        );
        let idx = LineIndex::new(&t);
        let starts: Vec<usize> = std::iter::once(0)
            .chain(t.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for offset in (0..=t.len()).step_by(997).chain([t.len(), 3, 4]) {
            let o = idx.clamp(offset);
            let line = starts.partition_point(|&s| s <= o) - 1;
            let prefix = &t[starts[line]..o];
            let prefix = if line == 0 {
                prefix.strip_prefix('\u{feff}').unwrap_or(prefix)
            } else {
                prefix
            };
            let want = LineCol {
                line: line + 1,
                column: prefix.chars().count() + 1,
            };
            assert_eq!(idx.line_col(offset), want, "offset {offset}");
        }
    }
}
