//! Paragraphs and statements.
//!
//! Paragraphs are lines; in a long line that holds several headings (a
//! flattened report) a paragraph also ends where a heading begins.
//!
//! A *statement* is a sentence or the part of one that a `；` closes: it ends
//! after `。!?;` (plus any closing quotes or brackets right after it), at a
//! paragraph end, and at the end of a heading's text; a `。` inside quotes or
//! brackets does not end it unless the quote runs on implausibly long (an
//! unbalanced quote). The quantities' *sentence*
//! ([`crate::quantity::sentence_of`]) is the whole sentence: it runs on
//! across `；` to the next `。!?` or line break.

use super::Heading;
use super::lines::{Line, ends_with_whitespace, starts_with_whitespace, strip};
use crate::byteset::{ByteSet, Finder};
use crate::span::{Span, Span32};
use std::ops::ControlFlow;

/// A quote or bracket left open longer than this (bytes) no longer protects
/// the punctuation inside it.
const MAX_QUOTE: usize = 600;

/// Paragraphs: the non-blank parts of the lines of `body`, split at headings
/// that start inside a line; in 32 bits, as the document keeps them.
pub(crate) fn paragraphs(
    text: &str,
    lines: &[Line],
    body: Span,
    headings: &[Heading],
) -> Vec<Span32> {
    let mut out = Vec::new();
    let mut push = |span| {
        if let Some(t) = trimmed(text, span) {
            out.push(Span32::new(t));
        }
    };
    let mut h = 0;
    for line in lines {
        let start = line.trimmed().start.max(body.start);
        let end = line.trimmed().end.min(body.end);
        if start >= end {
            continue;
        }
        while h < headings.len() && headings[h].span.start < start {
            h += 1;
        }
        let mut piece_start = start;
        while h < headings.len() && headings[h].span.start < end {
            let hs = headings[h].span.start;
            if hs > piece_start {
                push(Span::new(piece_start, hs));
                piece_start = hs;
            }
            h += 1;
        }
        push(Span::new(piece_start, end));
    }
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    out.extend(trimmed(text, span));
}

/// `span` without the whitespace and table pipes at its ends (left over
/// from a web page, they are not text); `None` when nothing is left.
fn trimmed(text: &str, span: Span) -> Option<Span> {
    // Most statements begin and end with neither: the bytes at their ends
    // tell, without decoding a character.
    let s = span.slice(text).as_bytes();
    let edge = s.first() == Some(&b'|')
        || s.last() == Some(&b'|')
        || starts_with_whitespace(s)
        || ends_with_whitespace(s);
    let t = if edge {
        strip(text, span, &['|'])
    } else {
        span
    };
    (!t.is_empty()).then_some(t)
}

/// A character that moves a statement boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `。!?;`
    Terminator,
    /// `“‘《(「『【〔[`
    Opener,
    /// `”’》)」』】〕]`
    Closer,
}

/// Bytes that can start an opener, closer or terminator (the only
/// characters that move a statement boundary).
const MAY_START_MARK: ByteSet = ByteSet::new(b"()[]!?;\xE2\xE3");

/// [`MAY_START_MARK`] and the bytes that can start a mark between clauses
/// (`,` `;` `:`; `、` starts like `。`): for a split that also notes those.
const MAY_START_MARK_OR_SEPARATOR: ByteSet = ByteSet::new(b"()[]!?;,:\xE2\xE3");

/// Whether `s` starts with a mark between clauses: `,` `;` `:` `、`
/// (normalized text: `，` is `,`).
fn is_separator(s: &[u8]) -> bool {
    matches!(s, [b',' | b';' | b':', ..] | [0xE3, 0x80, 0x81, ..])
}

/// The mark that `s` starts with, if any, told by its UTF-8 bytes.
fn mark_at(s: &[u8]) -> Option<Mark> {
    match s {
        [b'!' | b'?' | b';', ..] | [0xE3, 0x80, 0x82, ..] => Some(Mark::Terminator),
        // `“` `‘`; `《` `「` `『` `【` `〔`.
        [b'(' | b'[', ..] | [0xE2, 0x80, 0x9C | 0x98, ..] => Some(Mark::Opener),
        [0xE3, 0x80, 0x8A | 0x8C | 0x8E | 0x90 | 0x94, ..] => Some(Mark::Opener),
        // `”` `’`; `》` `」` `』` `】` `〕`.
        [b')' | b']', ..] | [0xE2, 0x80, 0x9D | 0x99, ..] => Some(Mark::Closer),
        [0xE3, 0x80, 0x8B | 0x8D | 0x8F | 0x91 | 0x95, ..] => Some(Mark::Closer),
        _ => None,
    }
}

/// Statements of the `paragraphs`, read as they are wanted: a document
/// does not keep them (a 100 MB text has about a million).
///
/// Only openers, closers and terminators (and the ends of heading texts)
/// move a boundary; the text between them is skipped, except to notice
/// whether something other than whitespace follows a terminator.
pub(crate) fn statements<'a>(
    text: &'a str,
    paragraphs: &'a [Span32],
    headings: &'a [Heading],
) -> Statements<'a> {
    split_statements(text, paragraphs, headings, false)
}

/// [`statements`], noting the marks between clauses on the way: read them
/// with [`Statements::next_with_separators`]. One pass over the text
/// finds both.
pub(crate) fn statements_with_separators<'a>(
    text: &'a str,
    paragraphs: &'a [Span32],
    headings: &'a [Heading],
) -> Statements<'a> {
    split_statements(text, paragraphs, headings, true)
}

fn split_statements<'a>(
    text: &'a str,
    paragraphs: &'a [Span32],
    headings: &'a [Heading],
    with_separators: bool,
) -> Statements<'a> {
    let marks = match with_separators {
        true => &MAY_START_MARK_OR_SEPARATOR,
        false => &MAY_START_MARK,
    };
    Statements {
        split: Splitter {
            text,
            marks: marks.finder(text.as_bytes()),
            out: Vec::new(),
            separators: with_separators.then(Vec::new),
            // Heading text ends are statement ends too.
            headings,
            next_heading: 0,
            start: 0,
            nesting: Nesting::default(),
            after_terminator: false,
        },
        paragraphs: paragraphs.iter(),
        next: 0,
        next_separator: 0,
    }
}

/// The statements of a document's paragraphs, split one paragraph at a
/// time ([`statements`]).
pub(crate) struct Statements<'a> {
    split: Splitter<'a>,
    /// The paragraphs not yet split.
    paragraphs: std::slice::Iter<'a, Span32>,
    /// The index in `split.out` of the statement to yield next. The last
    /// one split is yielded when the next paragraph is split, or at the
    /// end (a statement never runs on past its paragraph: a closing quote
    /// at a paragraph's start follows no terminator of it).
    next: usize,
    /// The index in `split.separators` of the first one not yet passed.
    next_separator: usize,
}

impl Statements<'_> {
    /// The next statement, and where the marks between its clauses (`,`
    /// `;` `:` `、`) are, in order: for statements split
    /// [`statements_with_separators`] (none otherwise).
    pub(crate) fn next_with_separators(&mut self) -> Option<(Span, &[usize])> {
        let statement = self.next()?;
        let Some(separators) = &self.split.separators else {
            return Some((statement, &[]));
        };
        let mut k = self.next_separator;
        while separators.get(k).is_some_and(|&at| at < statement.start) {
            k += 1;
        }
        let first = k;
        while separators.get(k).is_some_and(|&at| at < statement.end) {
            k += 1;
        }
        self.next_separator = k;
        Some((statement, &separators[first..k]))
    }
}

impl Iterator for Statements<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        loop {
            let out = &self.split.out;
            if self.next + 1 < out.len() {
                self.next += 1;
                return Some(out[self.next - 1]);
            }
            let Some(p) = self.paragraphs.next() else {
                self.next += 1;
                return out.get(self.next - 1).copied();
            };
            // Keep only the statement that may still change, and the
            // separators not yet passed.
            self.split.out.drain(..self.next);
            self.next = 0;
            if let Some(separators) = &mut self.split.separators {
                separators.drain(..self.next_separator);
            }
            self.next_separator = 0;
            self.split.paragraph(p.get());
        }
    }
}

/// The next opener, closer or terminator in `text[j..end]`: its offset,
/// the mark and its length in bytes (`None` at `end`). `marks` finds the
/// bytes that may start one in `text`; the marks between clauses passed on
/// the way (and one at the mark) are added to `separators` when it is
/// given.
fn next_mark(
    text: &str,
    end: usize,
    marks: &mut Finder<'_, '_>,
    j: usize,
    mut separators: Option<&mut Vec<usize>>,
) -> (usize, Option<(Mark, usize)>) {
    let bytes = &text.as_bytes()[..end];
    let mut k = j;
    while let Some(at) = marks.find(k).filter(|&at| at < end) {
        // ASCII, or a lead byte of a three-byte character.
        let len = if bytes[at].is_ascii() { 1 } else { 3 };
        if let Some(separators) = separators.as_deref_mut() {
            if is_separator(&bytes[at..]) {
                separators.push(at);
            }
        }
        if let Some(mark) = mark_at(&bytes[at..]) {
            return (at, Some((mark, len)));
        }
        k = at + len;
    }
    (end, None)
}

/// The quotes and brackets open at a place in a paragraph: a terminator
/// ends a statement only outside them all.
#[derive(Debug, Clone, Copy, Default)]
struct Nesting {
    /// How many are open.
    depth: usize,
    /// Where the outermost one opened.
    opened_at: usize,
}

impl Nesting {
    /// Count `mark`, at `at`: a quote or bracket left open longer than
    /// [`MAX_QUOTE`] is given up first.
    fn read(&mut self, mark: Mark, at: usize) {
        if self.depth > 0 && at - self.opened_at > MAX_QUOTE {
            self.depth = 0;
        }
        match mark {
            Mark::Opener => {
                if self.depth == 0 {
                    self.opened_at = at;
                }
                self.depth += 1;
            }
            Mark::Closer => self.depth = self.depth.saturating_sub(1),
            Mark::Terminator => {}
        }
    }
}

/// Splitting paragraphs into statements: the statements so far and the
/// state of the one being read.
struct Splitter<'a> {
    text: &'a str,
    /// The bytes that may start a mark, in the whole text: one finder for
    /// all paragraphs (a finder per paragraph marked its last block apart,
    /// from a copy).
    marks: Finder<'static, 'a>,
    out: Vec<Span>,
    /// Where the marks between clauses are, in order, when they are noted.
    separators: Option<Vec<usize>>,
    /// Their text ends are statement ends (in order: headings do not
    /// overlap).
    headings: &'a [Heading],
    /// Index of the first heading whose end is not yet passed.
    next_heading: usize,
    /// Start of the statement being read.
    start: usize,
    /// The quotes and brackets open.
    nesting: Nesting,
    /// A terminator was read and nothing but closers and whitespace since.
    after_terminator: bool,
}

impl Splitter<'_> {
    fn paragraph(&mut self, p: Span) {
        let text = self.text;
        self.start = p.start;
        self.nesting = Nesting::default();
        self.after_terminator = false;
        let mut j = p.start;
        while j < p.end {
            let (at, mark) = next_mark(text, p.end, &mut self.marks, j, self.separators.as_mut());
            // Plain text in `j..at`.
            if self.after_terminator && text[j..at].chars().any(|c| !c.is_whitespace()) {
                self.after_terminator = false;
            }
            let Some((mark, len)) = mark else {
                self.heading_breaks(j, at);
                break;
            };
            // The plain text and the mark's first byte, in one call.
            self.heading_breaks(j, at + 1);
            j = at + len;
            self.mark(mark, at, at + len);
        }
        if self.start < p.end {
            self.cut(p.end);
        }
    }

    /// Split at the heading ends in `from..to` (positions in the text).
    fn heading_breaks(&mut self, from: usize, to: usize) {
        let ends = self.headings;
        let mut he = self.next_heading;
        while he < ends.len() && ends[he].span.end < from {
            he += 1;
        }
        while he < ends.len() && ends[he].span.end < to {
            let at = ends[he].span.end;
            if at > self.start {
                push_trimmed(self.text, Span::new(self.start, at), &mut self.out);
                self.start = at;
            }
            he += 1;
        }
        self.next_heading = he;
    }

    /// An opener, closer or terminator at `at..end`.
    fn mark(&mut self, mark: Mark, at: usize, end: usize) {
        self.nesting.read(mark, at);
        match mark {
            Mark::Opener => self.after_terminator = false,
            Mark::Closer => self.close(at, end),
            Mark::Terminator => {
                self.after_terminator = true;
                if self.nesting.depth == 0 {
                    self.cut(end);
                }
            }
        }
    }

    /// A closer `at..end` (already counted in [`Splitter::nesting`]): after
    /// a terminator it ends the statement.
    fn close(&mut self, at: usize, end: usize) {
        if self.nesting.depth > 0 || !self.after_terminator {
            return;
        }
        // 。” ends the statement after the quote; extend a statement already
        // cut at the 。 over the closing quote.
        if self.start == at {
            if let Some(last) = self.out.last_mut() {
                if last.end <= at && self.text[last.end..at].trim().is_empty() {
                    last.end = end;
                    self.start = end;
                    return;
                }
            }
        }
        self.cut(end);
        self.after_terminator = false;
    }

    /// End the statement being read at `end`.
    fn cut(&mut self, end: usize) {
        push_trimmed(self.text, Span::new(self.start, end), &mut self.out);
        self.start = end;
    }
}

/// Where the clauses of the statements may start, read a paragraph at a
/// time without splitting it into statements: for a reader that wants the
/// statements of only a few paragraphs (those where two clauses may be
/// alike), and splits only those ([`crate::structure::Document::statements_with_separators`]).
///
/// It finds more starts than there are, never fewer, and says where a
/// statement certainly ends: after a terminator outside quotes and
/// brackets, counted as the split counts them ([`Nesting`]). A closing
/// quote after it may join the statement before, and a heading's end may
/// end one: neither is said.
pub(crate) struct ClauseStarts<'a> {
    text: &'a str,
    /// The bytes that may start a mark, in the whole text (one finder for
    /// all paragraphs, as for [`Splitter`]).
    marks: Finder<'static, 'a>,
    /// Their text ends are statement ends.
    headings: &'a [Heading],
    /// Index of the first heading whose end is not yet passed.
    next_heading: usize,
    /// The place last passed on: a heading may end where a mark does.
    last: usize,
}

/// What [`ClauseStarts::paragraph`] finds, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClauseStart {
    /// A clause may start here, after whitespace if any follows.
    At(usize),
    /// A statement ends here: no statement holds the starts before and
    /// those after.
    StatementEnd,
}

impl<'a> ClauseStarts<'a> {
    pub(crate) fn new(text: &'a str, headings: &'a [Heading]) -> Self {
        ClauseStarts {
            text,
            marks: MAY_START_MARK_OR_SEPARATOR.finder(text.as_bytes()),
            headings,
            next_heading: 0,
            last: usize::MAX,
        }
    }

    /// Pass what paragraph `p` holds to `found`, until it breaks: every
    /// place where a statement of the paragraph starts (its start, the end
    /// of a terminator, of a closer after one, of a heading's text) and
    /// every place right after a mark between clauses (`,` `;` `:` `、`),
    /// with extra places but none missing; and the certain ends of
    /// statements among them. Paragraphs are read in order.
    pub(crate) fn paragraph(
        &mut self,
        p: Span,
        mut found: impl FnMut(ClauseStart) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        let bytes = self.text.as_bytes();
        self.start(p.start, &mut found)?;
        while self
            .headings
            .get(self.next_heading)
            .is_some_and(|h| h.span.end <= p.start)
        {
            self.next_heading += 1;
        }
        // Counted as the split counts them: a terminator outside them ends
        // a statement.
        let mut nesting = Nesting::default();
        // A terminator was read and nothing but closers since, or text that
        // starts with whitespace (which may be all whitespace).
        let mut after_terminator = false;
        let mut j = p.start;
        // The next heading end: rarely before the next mark.
        let mut heading_end = self.heading_end();
        while let Some(at) = self.marks.find(j).filter(|&at| at < p.end) {
            if heading_end <= at {
                self.heading_ends(at + 1, p.end, &mut found)?;
                heading_end = self.heading_end();
            }
            if after_terminator && at > j && !starts_with_whitespace(&bytes[j..]) {
                after_terminator = false;
            }
            let len = if bytes[at].is_ascii() { 1 } else { 3 };
            j = at + len;
            let mark = mark_at(&bytes[at..]);
            if let Some(mark) = mark {
                nesting.read(mark, at);
            }
            match mark {
                // `;` between clauses too.
                Some(Mark::Terminator) => {
                    if nesting.depth == 0 {
                        // A closer right after a `;` joins the statement
                        // it ends, and with it a clause after the `;`.
                        if bytes[at] == b';' && mark_at(&bytes[j..]) == Some(Mark::Closer) {
                            found(ClauseStart::At(j))?;
                        }
                        found(ClauseStart::StatementEnd)?;
                    }
                    self.statement_start(j, p.end, &mut found)?;
                    after_terminator = true;
                }
                Some(Mark::Opener) => after_terminator = false,
                Some(Mark::Closer) => {
                    if after_terminator {
                        self.statement_start(j, p.end, &mut found)?;
                    }
                }
                // A mark between clauses, or another character.
                None => {
                    if is_separator(&bytes[at..]) {
                        self.start(j, &mut found)?;
                    }
                    if after_terminator && !starts_with_whitespace(&bytes[at..]) {
                        after_terminator = false;
                    }
                }
            }
        }
        self.heading_ends(p.end, p.end, &mut found)
    }

    /// Where the next heading's text ends (`usize::MAX` after the last).
    fn heading_end(&self) -> usize {
        self.headings
            .get(self.next_heading)
            .map_or(usize::MAX, |h| h.span.end)
    }

    /// The heading text ends before `to` not yet passed: statements may
    /// start there.
    fn heading_ends(
        &mut self,
        to: usize,
        paragraph_end: usize,
        found: &mut impl FnMut(ClauseStart) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        while let Some(heading) = self.headings.get(self.next_heading) {
            let end = heading.span.end;
            if end >= to {
                break;
            }
            self.next_heading += 1;
            self.statement_start(end, paragraph_end, found)?;
        }
        ControlFlow::Continue(())
    }

    /// A statement may start at `at`: after the whitespace and table pipes
    /// there, which are trimmed from a statement (and only the whitespace
    /// from a clause).
    fn statement_start(
        &mut self,
        at: usize,
        paragraph_end: usize,
        found: &mut impl FnMut(ClauseStart) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        self.start(at, found)?;
        let rest = &self.text[at..paragraph_end];
        let edge = rest.starts_with('|') || starts_with_whitespace(rest.as_bytes());
        if edge && rest.trim_start().starts_with('|') {
            let stripped = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '|');
            self.start(paragraph_end - stripped.len(), found)?;
        }
        ControlFlow::Continue(())
    }

    /// A clause may start at `at`: passed on once.
    fn start(
        &mut self,
        at: usize,
        found: &mut impl FnMut(ClauseStart) -> ControlFlow<()>,
    ) -> ControlFlow<()> {
        if at == self.last {
            return ControlFlow::Continue(());
        }
        self.last = at;
        found(ClauseStart::At(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_told_by_their_bytes() {
        let expected = |c: char| match c {
            '。' | '!' | '?' | ';' => Some(Mark::Terminator),
            '“' | '‘' | '《' | '(' | '「' | '『' | '【' | '〔' | '[' => Some(Mark::Opener),
            '”' | '’' | '》' | ')' | '」' | '』' | '】' | '〕' | ']' => Some(Mark::Closer),
            _ => None,
        };
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            assert_eq!(mark_at(s.as_bytes()), expected(c), "{c:?}");
            // Every mark starts with a byte the scan stops at.
            if expected(c).is_some() {
                let mut marks = MAY_START_MARK.finder(s.as_bytes());
                assert_eq!(
                    next_mark(&s, s.len(), &mut marks, 0, None),
                    (0, expected(c).map(|m| (m, s.len())))
                );
            }
        }
    }

    #[test]
    fn separators_are_noted_with_their_statements() {
        let text = "一、总体情况\n全年办理1,234件,其中纠错9件;时间15:21。“审查文件、合同。”下一句\n\
                    (二)标题\n甲,乙:丙、丁|\n“引文,未完\n”续;\n";
        let doc = crate::structure::Document::parse(text);
        let plain: Vec<Span> = doc.statements(text).collect();
        let mut noted = doc.statements_with_separators(text, &doc.paragraphs);
        let mut got = Vec::new();
        while let Some((statement, separators)) = noted.next_with_separators() {
            let expected: Vec<usize> = statement
                .slice(text)
                .char_indices()
                .filter(|&(_, c)| matches!(c, ',' | ';' | ':' | '、'))
                .map(|(i, _)| statement.start + i)
                .collect();
            assert_eq!(separators, expected, "{}", statement.slice(text));
            got.push(statement);
        }
        assert_eq!(got, plain);
        assert!(got.len() > 5);
    }
}
