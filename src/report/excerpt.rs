//! Source excerpts for human output.
//!
//! Published reports are often one paragraph per line, and pages copied from
//! the web put a whole report on a single line: printing that line under a
//! finding would fill the screen. An [`Excerpt`] is a small virtual file made
//! of the lines a diagnostic touches, each cut to windows around its labels
//! (with `…` where text was cut), that still reports the *real* line and
//! column numbers to codespan-reporting.
//!
//! A long line shows one window from the first label to the last, with some
//! context on each side — unless labels lie far apart (a figure restated
//! pages later on a flattened page) or one label is very long: then the line
//! shows several windows joined by `…`, so that what is printed per finding
//! stays bounded however long the line is.

use super::LineIndex;
use codespan_reporting::files::{Error, Files};
use std::ops::Range;

/// Characters of context kept on each side of the labels on a long line.
const CONTEXT: usize = 24;
/// Lines up to this many characters are shown whole.
const SHORT_LINE: usize = 100;
/// Windows of a long line closer than this many characters are joined.
const JOIN_GAP: usize = SHORT_LINE;
/// A label longer than this many characters shows only its two ends.
const LONG_LABEL: usize = 2 * SHORT_LINE;
/// Marks text left out of a line.
const ELLIPSIS: &str = "…";

/// One shown window of a real line.
struct Window {
    /// Where the window starts in the real text (byte offset).
    real_start: usize,
    /// Where the window starts in the excerpt.
    shown_start: usize,
    /// Length in bytes of the window.
    shown_len: usize,
    /// Characters of the real line before the window.
    skipped_chars: usize,
}

/// One line of the excerpt.
struct Line {
    /// 1-based line number in the real file.
    number: usize,
    /// Byte range of this line in the excerpt's source.
    range: Range<usize>,
    /// The shown windows, left to right (at least one).
    windows: Vec<Window>,
}

/// A virtual file holding the lines a diagnostic touches.
pub(super) struct Excerpt<'n> {
    name: &'n str,
    source: String,
    lines: Vec<Line>,
}

impl<'n> Excerpt<'n> {
    /// The lines of the indexed text that `ranges` (byte ranges of it)
    /// touch, windowed; ranges are translated with [`Excerpt::map`].
    pub(super) fn new(name: &'n str, index: &LineIndex<'_>, ranges: &[Range<usize>]) -> Self {
        let text = index.text();
        // (line, parts of ranges on it)
        let mut touched: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
        for r in ranges {
            let (first, last) = (
                index.line_of(r.start),
                index.line_of(r.end.max(r.start + 1) - 1),
            );
            for l in first..=last {
                let whole = index.line_range(l);
                let lo = r.start.max(whole.start);
                let hi = r.end.min(whole.end + 1).min(text.len());
                match touched.iter_mut().find(|t| t.0 == l) {
                    Some(t) => t.1.push((lo, hi)),
                    None => touched.push((l, vec![(lo, hi)])),
                }
            }
        }
        touched.sort_unstable_by_key(|t| t.0);
        let mut source = String::new();
        let mut lines = Vec::new();
        for (l, parts) in touched {
            let whole = index.line_range(l);
            let (start, mut end) = (whole.start, whole.end);
            if text[start..end].ends_with('\r') {
                end -= 1;
            }
            let line = &text[start..end];
            // At most SHORT_LINE + 1 characters are counted, however long the line.
            let spans = if line.chars().take(SHORT_LINE + 1).count() <= SHORT_LINE {
                vec![(start, end)]
            } else {
                windows(index, &parts, start, end)
            };
            let begin = source.len();
            let mut windows = Vec::with_capacity(spans.len());
            let mut shown_to = start;
            for (w0, w1) in spans {
                if w0 > shown_to {
                    source.push_str(ELLIPSIS);
                }
                windows.push(Window {
                    real_start: w0,
                    shown_start: source.len(),
                    shown_len: w1 - w0,
                    skipped_chars: index.chars_between(start, w0),
                });
                source.push_str(&text[w0..w1]);
                shown_to = w1;
            }
            if shown_to < end {
                source.push_str(ELLIPSIS);
            }
            lines.push(Line {
                number: l + 1,
                range: begin..source.len(),
                windows,
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
    /// the shown windows of its line).
    pub(super) fn map(&self, r: &Range<usize>) -> Range<usize> {
        let at = |b: usize| {
            let window = self
                .lines
                .iter()
                .rev()
                .flat_map(|l| l.windows.iter().rev())
                .find(|w| w.real_start <= b);
            window.map_or(0, |w| w.shown_start + (b - w.real_start).min(w.shown_len))
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

/// The windows of a long line `start..end` around `parts` (byte ranges on
/// it): each part with CONTEXT characters on each side (a very long part by
/// its two ends), windows less than JOIN_GAP characters apart joined.
fn windows(
    index: &LineIndex<'_>,
    parts: &[(usize, usize)],
    start: usize,
    end: usize,
) -> Vec<(usize, usize)> {
    let text = index.text();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for &(lo, hi) in parts {
        let (lo, hi) = (lo.clamp(start, end), hi.clamp(start, end));
        if hi > lo && index.chars_between(lo, hi) > LONG_LABEL {
            pieces.push((lo, forward(text, lo, CONTEXT, hi)));
            pieces.push((back(text, hi, CONTEXT, lo), hi));
        } else {
            pieces.push((lo, hi.max(lo)));
        }
    }
    pieces.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (lo, hi) in pieces {
        let w = (
            back(text, lo, CONTEXT, start),
            forward(text, hi, CONTEXT, end),
        );
        match out.last_mut() {
            Some(last) if w.0 <= last.1 || index.chars_between(last.1, w.0) < JOIN_GAP => {
                last.1 = last.1.max(w.1);
            }
            _ => out.push(w),
        }
    }
    out
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
        let w = l
            .windows
            .iter()
            .rev()
            .find(|w| w.shown_start <= byte_index)
            .unwrap_or(&l.windows[0]);
        let from = w.shown_start.min(byte_index);
        let within = self
            .source
            .get(from..byte_index)
            .map_or(0, |s| s.chars().count());
        Ok(w.skipped_chars + within + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        Ok(self.line(line_index)?.range.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::{Excerpt, LineIndex};
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
        let ex = Excerpt::new("f", &LineIndex::new(&text), std::slice::from_ref(&r));
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
        let ex = Excerpt::new("f", &LineIndex::new(text), std::slice::from_ref(&r));
        assert_eq!(ex.source(()).unwrap(), "（一）、加强领导\n");
        let m = ex.map(&r);
        assert_eq!(ex.column_number((), 0, m.start).unwrap(), 1);
        assert_eq!(ex.line_number((), 0).unwrap(), 2);
    }

    /// Labels far apart on one long line get a window each, with real
    /// columns, and the excerpt stays small whatever lies between them.
    #[test]
    fn far_labels_get_their_own_windows() {
        let text = format!(
            "{}受理案件26件{}受理案件27件{}",
            "甲".repeat(50),
            "乙".repeat(100_000),
            "丙".repeat(50)
        );
        let a = text.find("26件").unwrap();
        let b = text.find("27件").unwrap();
        let ranges = [b..b + "27件".len(), a..a + "26件".len()];
        let ex = Excerpt::new("f", &LineIndex::new(&text), &ranges);
        let source = ex.source(()).unwrap();
        assert!(source.chars().count() < 200, "{source}");
        for (r, col) in [(&ranges[0], 50 + 7 + 100_000 + 4 + 1), (&ranges[1], 55)] {
            let m = ex.map(r);
            assert_eq!(&source[m.clone()], &text[r.clone()]);
            assert_eq!(ex.column_number((), 0, m.start).unwrap(), col);
        }
        // One label over the whole line shows its two ends.
        let all = 0..text.len();
        let ex = Excerpt::new("f", &LineIndex::new(&text), std::slice::from_ref(&all));
        assert!(ex.source(()).unwrap().chars().count() < 200);
    }
}
