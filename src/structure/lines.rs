//! Lines of a text with their byte spans.

use crate::span::Span;

/// One line of the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line {
    /// Without the line terminator (`\n`, `\r\n`, `\r`).
    pub(crate) span: Span,
    /// Without leading and trailing whitespace.
    pub(crate) trimmed: Span,
}

impl Line {
    pub(crate) fn is_blank(&self) -> bool {
        self.trimmed.is_empty()
    }
}

/// Split `text` into lines; `\r\n`, `\n` and a lone `\r` end a line.
pub(crate) fn split(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' || b == b'\r' {
            out.push(line(text, start, i));
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() || out.is_empty() {
        out.push(line(text, start, text.len()));
    }
    out
}

fn line(text: &str, start: usize, end: usize) -> Line {
    let span = Span::new(start, end);
    Line {
        span,
        trimmed: trim(text, span),
    }
}

/// `span` without leading and trailing whitespace.
pub(crate) fn trim(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    Span::new(span.start + lead, span.start + lead + t.len())
}

/// `span` with the characters `chars` (and whitespace) stripped at both ends.
pub(crate) fn strip(text: &str, span: Span, chars: &[char]) -> Span {
    let s = &text[span.start..span.end];
    let pred = |c: char| c.is_whitespace() || chars.contains(&c);
    let lead = s.len() - s.trim_start_matches(pred).len();
    let t = s.trim_matches(pred);
    Span::new(span.start + lead, span.start + lead + t.len())
}
