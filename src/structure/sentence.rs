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
use super::lines::{Line, strip, trim};
use crate::span::Span;

/// A quote or bracket left open longer than this (bytes) no longer protects
/// the punctuation inside it.
const MAX_QUOTE: usize = 600;

/// Paragraphs: the non-blank parts of the lines of `body`, split at headings
/// that start inside a line.
pub(crate) fn paragraphs(
    text: &str,
    lines: &[Line],
    body: Span,
    headings: &[Heading],
) -> Vec<Span> {
    let mut out = Vec::new();
    let mut h = 0;
    for line in lines {
        let start = line.trimmed.start.max(body.start);
        let end = line.trimmed.end.min(body.end);
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
                push_trimmed(text, Span::new(piece_start, hs), &mut out);
                piece_start = hs;
            }
            h += 1;
        }
        push_trimmed(text, Span::new(piece_start, end), &mut out);
    }
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    // Table pipes left over from a web page are not text.
    let t = strip(text, trim(text, span), &['|']);
    if !t.is_empty() {
        out.push(t);
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';')
}

fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '《' | '(' | '「' | '『' | '【' | '〔' | '[')
}

fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '》' | ')' | '」' | '』' | '】' | '〕' | ']')
}

/// Whether a byte can start an opener, closer or terminator (the only
/// characters that move a statement boundary).
fn may_start_mark(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'[' | b']' | b'!' | b'?' | b';' | 0xE2 | 0xE3
    )
}

/// Statements of the `paragraphs`.
///
/// Only openers, closers and terminators (and the ends of heading texts)
/// move a boundary; the text between them is skipped, except to notice
/// whether something other than whitespace follows a terminator.
pub(crate) fn statements(text: &str, paragraphs: &[Span], headings: &[Heading]) -> Vec<Span> {
    let mut out = Vec::new();
    // Heading text ends are statement ends too.
    let heading_ends: Vec<usize> = headings.iter().map(|h| h.span.end).collect();
    let mut he = 0;
    for &p in paragraphs {
        let s = p.slice(text);
        let bytes = s.as_bytes();
        let mut start = p.start;
        let mut depth = 0usize;
        let mut opened_at = 0usize;
        let mut after_terminator = false;
        // Split at the heading ends in `from..to` (positions in `text`).
        let mut heading_breaks =
            |from: usize, to: usize, start: &mut usize, out: &mut Vec<Span>| {
                while he < heading_ends.len() && heading_ends[he] < from {
                    he += 1;
                }
                while he < heading_ends.len() && heading_ends[he] < to {
                    let at = heading_ends[he];
                    if at > *start {
                        push_trimmed(text, Span::new(*start, at), out);
                        *start = at;
                    }
                    he += 1;
                }
            };
        let mut j = 0;
        while j < bytes.len() {
            // The next opener, closer or terminator.
            let mut k = j;
            let mark = loop {
                while k < bytes.len() && !may_start_mark(bytes[k]) {
                    k += 1;
                }
                let Some(c) = s[k..].chars().next() else {
                    break None;
                };
                if is_opener(c) || is_closer(c) || is_terminator(c) {
                    break Some(c);
                }
                k += c.len_utf8();
            };
            // Plain text in `j..k`.
            heading_breaks(p.start + j, p.start + k, &mut start, &mut out);
            if after_terminator && s[j..k].chars().any(|c| !c.is_whitespace()) {
                after_terminator = false;
            }
            let Some(c) = mark else {
                break;
            };
            let at = p.start + k;
            heading_breaks(at, at + 1, &mut start, &mut out);
            j = k + c.len_utf8();
            if depth > 0 && at - opened_at > MAX_QUOTE {
                depth = 0;
            }
            let end = at + c.len_utf8();
            if is_opener(c) {
                if depth == 0 {
                    opened_at = at;
                }
                depth += 1;
                after_terminator = false;
            } else if is_closer(c) {
                depth = depth.saturating_sub(1);
                if depth == 0 && after_terminator {
                    // 。” ends the statement after the quote; extend a statement
                    // already cut at the 。 over the closing quote.
                    if start == at {
                        if let Some(last) = out.last_mut() {
                            if last.end <= at && text[last.end..at].trim().is_empty() {
                                last.end = end;
                                start = end;
                                continue;
                            }
                        }
                    }
                    push_trimmed(text, Span::new(start, end), &mut out);
                    start = end;
                    after_terminator = false;
                }
            } else {
                after_terminator = true;
                if depth == 0 {
                    push_trimmed(text, Span::new(start, end), &mut out);
                    start = end;
                }
            }
        }
        if start < p.end {
            push_trimmed(text, Span::new(start, p.end), &mut out);
        }
    }
    out
}
