//! Source excerpts for human output.
//!
//! Published reports are often one paragraph per line, and pages copied from
//! the web put a whole report on a single line: printing that line under a
//! finding would fill the screen. An [`Excerpt`] is a small virtual file made
//! of the lines a diagnostic touches, each cut to a window around its labels
//! (with `…` where text was cut), that still reports the *real* line and
//! column numbers to codespan-reporting.

use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// Characters of context kept on each side of the labels on a long line.
const CONTEXT: usize = 24;
/// Lines up to this many characters are shown whole.
const SHORT_LINE: usize = 100;
/// Marks text left out of a line.
const ELLIPSIS: &str = "…";

/// One line of the excerpt.
struct Line {
    /// 1-based line number in the real file.
    number: usize,
    /// Byte range of this line in the excerpt's source.
    range: Range<usize>,
    /// Where the real line's shown window starts (real byte offset).
    real_start: usize,
    /// Where the shown window starts in the excerpt (after a leading `…`).
    shown_start: usize,
    /// Length in bytes of the shown window.
    shown_len: usize,
    /// Characters of the real line before the window.
    skipped_chars: usize,
}

/// A virtual file holding the lines a diagnostic touches.
pub(super) struct Excerpt<'n> {
    name: &'n str,
    source: String,
    lines: Vec<Line>,
}

impl<'n> Excerpt<'n> {
    /// The lines of `text` that `ranges` (byte ranges of `text`) touch,
    /// windowed; ranges are translated with [`Excerpt::map`].
    pub(super) fn new(name: &'n str, text: &str, ranges: &[Range<usize>]) -> Self {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |b: usize| starts.partition_point(|&s| s <= b).saturating_sub(1);
        let mut touched: Vec<(usize, usize, usize)> = Vec::new(); // (line, min, max)
        for r in ranges {
            let (first, last) = (line_of(r.start), line_of(r.end.max(r.start + 1) - 1));
            for l in first..=last {
                let lo = r.start.max(starts[l]);
                let hi = r.end.min(starts.get(l + 1).copied().unwrap_or(text.len()));
                match touched.iter_mut().find(|t| t.0 == l) {
                    Some(t) => {
                        t.1 = t.1.min(lo);
                        t.2 = t.2.max(hi);
                    }
                    None => touched.push((l, lo, hi)),
                }
            }
        }
        touched.sort_unstable();
        let mut source = String::new();
        let mut lines = Vec::new();
        for (l, lo, hi) in touched {
            let start = starts[l];
            let end = starts.get(l + 1).map_or(text.len(), |&s| s - 1).max(start);
            let end = if text[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            let line = &text[start..end];
            let (w0, w1) = if line.chars().count() <= SHORT_LINE {
                (start, end)
            } else {
                (
                    back(text, lo.max(start), CONTEXT, start),
                    forward(text, hi.min(end), CONTEXT, end),
                )
            };
            let begin = source.len();
            if w0 > start {
                source.push_str(ELLIPSIS);
            }
            let shown_start = source.len();
            source.push_str(&text[w0..w1]);
            if w1 < end {
                source.push_str(ELLIPSIS);
            }
            lines.push(Line {
                number: l + 1,
                range: begin..source.len(),
                real_start: w0,
                shown_start,
                shown_len: w1 - w0,
                skipped_chars: text[start..w0].chars().count(),
            });
            source.push('\n');
        }
        Excerpt {
            name,
            source,
            lines,
        }
    }

    /// Translate a byte range of the real text into the excerpt (clamped to
    /// the shown window of its line).
    pub(super) fn map(&self, r: &Range<usize>) -> Range<usize> {
        let at = |b: usize| {
            let line = self.lines.iter().rev().find(|l| l.real_start <= b);
            line.map_or(0, |l| l.shown_start + (b - l.real_start).min(l.shown_len))
        };
        let start = at(r.start);
        start..at(r.end).max(start)
    }

    fn line(&self, index: usize) -> Result<&Line, Error> {
        self.lines.get(index).ok_or(Error::LineTooLarge {
            given: index,
            max: self.lines.len().saturating_sub(1),
        })
    }
}

/// Move back `n` characters from `at`, not before `floor`.
fn back(text: &str, at: usize, n: usize, floor: usize) -> usize {
    text[floor..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(floor, |(i, _)| floor + i)
}

/// Move forward `n` characters from `at`, not past `ceil`.
fn forward(text: &str, at: usize, n: usize, ceil: usize) -> usize {
    text[at..ceil]
        .char_indices()
        .nth(n)
        .map_or(ceil, |(i, _)| at + i)
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.source)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        Ok(self
            .lines
            .partition_point(|l| l.range.start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, Error> {
        Ok(self.line(line_index)?.number)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let l = self.line(line_index)?;
        let from = l.shown_start.min(byte_index);
        let within = self
            .source
            .get(from..byte_index)
            .map_or(0, |s| s.chars().count());
        Ok(l.skipped_chars + within + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        Ok(self.line(line_index)?.range.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::Excerpt;
    use codespan_reporting::files::Files;

    #[test]
    fn long_lines_are_windowed_with_real_positions() {
        let text = format!(
            "标题\n{}纠错率37.5%{}\n",
            "甲".repeat(300),
            "乙".repeat(300)
        );
        let start = text.find("37.5%").unwrap();
        let r = start..start + "37.5%".len();
        let ex = Excerpt::new("f", &text, std::slice::from_ref(&r));
        let mapped = ex.map(&r);
        assert_eq!(&ex.source(()).unwrap()[mapped.clone()], "37.5%");
        let line = ex.line_index((), mapped.start).unwrap();
        assert_eq!(ex.line_number((), line).unwrap(), 2);
        assert_eq!(ex.column_number((), line, mapped.start).unwrap(), 304);
        assert!(ex.source(()).unwrap().chars().count() < 100);
    }

    #[test]
    fn short_lines_are_whole() {
        let text = "一、主要举措和成效\n（一）、加强领导\n";
        let start = text.find("（一）、").unwrap();
        let r = start..start + "（一）、".len();
        let ex = Excerpt::new("f", text, std::slice::from_ref(&r));
        assert_eq!(ex.source(()).unwrap(), "（一）、加强领导\n");
        let m = ex.map(&r);
        assert_eq!(ex.column_number((), 0, m.start).unwrap(), 1);
        assert_eq!(ex.line_number((), 0).unwrap(), 2);
    }
}
