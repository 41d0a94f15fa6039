//! The section tree: a heading owns everything up to the next heading of the
//! same or a higher level.

use super::{Heading, Section};
use crate::span::Span;

/// Build the tree of sections for `headings` (in document order); the last
/// sections end at `end` (the end of the body).
pub(crate) fn build(text: &str, headings: &[Heading], end: usize) -> Vec<Section> {
    let n = headings.len();
    // next_le[k]: the first heading after k whose level is <= level of k.
    let mut next_le = vec![n; n];
    let mut stack: Vec<usize> = Vec::new();
    for (k, h) in headings.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if h.level <= headings[top].level {
                next_le[top] = k;
                stack.pop();
            } else {
                break;
            }
        }
        stack.push(k);
    }
    build_range(text, headings, &next_le, 0, n, end)
}

fn build_range(
    text: &str,
    headings: &[Heading],
    next_le: &[usize],
    from: usize,
    to: usize,
    end: usize,
) -> Vec<Section> {
    // The sections at this level, counted first: each list is allocated
    // once, at its size (a 100 MB text has a hundred thousand sections).
    let mut count = 0;
    let mut k = from;
    while k < to {
        count += 1;
        k = next_le[k].min(to);
    }
    let mut out = Vec::with_capacity(count);
    let mut k = from;
    while k < to {
        let m = next_le[k].min(to);
        let h = &headings[k];
        let raw_end = if m < to { headings[m].span.start } else { end };
        let raw_end = raw_end.max(h.span.end);
        let trimmed = text
            .get(h.span.end..raw_end)
            .map_or(0, |s| s.len() - s.trim_end().len());
        let sec_end = raw_end - trimmed;
        let children = build_range(text, headings, next_le, k + 1, m, sec_end);
        out.push(Section {
            heading: k,
            span: Span::new(h.span.start, sec_end),
            body: Span::new(h.span.end, sec_end),
            children,
        });
        k = m;
    }
    out
}
