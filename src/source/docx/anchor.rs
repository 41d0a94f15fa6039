//! Where a comment goes: a span of the rendering turned into two places in
//! the XML — before its first character and after its last — splitting the
//! runs it starts or ends inside.
//!
//! A span that touches an automatic number (not in the XML) is anchored on
//! its whole paragraph; so is one in a text box (on the paragraph holding
//! the box). A span that runs on into another flow (from the body into a
//! table cell, a note or a text box) ends where its first flow does.

use super::render::{LineLayout, Part, Rendered, Segment};
use super::story::{PieceKind, RunXml, Story, TextXml};
use crate::span::Span;

/// A place in a part's XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Point {
    pub(crate) part: Part,
    /// Byte offset in the part.
    pub(crate) pos: usize,
    /// Inside run `run` (index in the story), and inside its `w:t` `t`:
    /// markers there close the run and open it again after them.
    pub(crate) split: Option<(u32, Option<u32>)>,
}

/// The stories of the parts, to look pieces up.
pub(crate) trait Stories {
    fn story(&self, part: Part) -> Option<&Story>;
}

/// Where the comment on `span` (bytes of the rendering; `None` for the
/// whole document) starts and ends.
pub(crate) fn anchor(
    r: &Rendered,
    stories: &dyn Stories,
    span: Option<Span>,
) -> Option<(Point, Point)> {
    let Some(span) = span else {
        return paragraph(r, stories, 0);
    };
    let first_line = line_at(&r.layout, span.start)?;
    let on_number = r
        .generated
        .iter()
        .any(|g| g.span.start < span.end.max(span.start + 1) && span.start < g.span.end);
    if on_number || r.layout[first_line].host.is_some() {
        let line = r.layout[first_line].host.unwrap_or(first_line);
        return paragraph(r, stories, line);
    }
    let segs = &r.segments;
    // The first piece ending after the start, the last starting before the end.
    let first = segs.partition_point(|s| s.end <= span.start);
    let last = segs.partition_point(|s| s.start < span.end.max(span.start + 1));
    if first >= last {
        return paragraph(r, stories, first_line);
    }
    let flow = flow_of(stories, segs[first]);
    let mut last = last - 1;
    while last > first && flow_of(stories, segs[last]) != flow {
        last -= 1;
    }
    let start = before(stories, segs[first], span.start.max(segs[first].start))?;
    let end = if span.is_empty() {
        start
    } else {
        after(stories, segs[last], span.end.min(segs[last].end))?
    };
    Some((start, end))
}

/// The line whose span (with its line break) holds byte `at`.
fn line_at(layout: &[LineLayout], at: usize) -> Option<usize> {
    let i = layout.partition_point(|l| l.span.end < at);
    (i < layout.len())
        .then_some(i)
        .or_else(|| layout.len().checked_sub(1))
}

/// (part, flow) of the paragraph a piece is in.
fn flow_of(stories: &dyn Stories, s: Segment) -> Option<(Part, u32)> {
    let story = stories.story(s.part)?;
    Some((s.part, story.paras.get(s.para as usize)?.flow))
}

/// The whole paragraph(s) of line `line`, from after the paragraph
/// properties to the paragraph's end. An empty `<w:p/>` cannot hold
/// markers: an earlier line of the same part does.
fn paragraph(r: &Rendered, stories: &dyn Stories, line: usize) -> Option<(Point, Point)> {
    for l in r.layout[..=line.min(r.layout.len().checked_sub(1)?)]
        .iter()
        .rev()
    {
        let story = stories.story(l.part)?;
        let (Some(&first), Some(&last)) = (l.paras.first(), l.paras.last()) else {
            continue;
        };
        let (first, last) = (&story.paras[first as usize], &story.paras[last as usize]);
        if first.xml.empty || last.xml.empty {
            continue;
        }
        let point = |pos| Point {
            part: l.part,
            pos,
            split: None,
        };
        return Some((point(first.xml.content), point(last.xml.end)));
    }
    None
}

/// Byte `at` of the rendering (in segment `s`) in its part's XML: the
/// position (a character piece, such as a tab, counts at its start, or at
/// its end with `at_end`), the run holding it and the `w:t` inside that run.
struct Spot<'a> {
    part: Part,
    pos: usize,
    run: Option<(u32, &'a RunXml)>,
    text: Option<(u32, &'a TextXml)>,
}

fn spot<'a>(stories: &'a dyn Stories, s: Segment, at: usize, at_end: bool) -> Option<Spot<'a>> {
    let story = stories.story(s.part)?;
    let piece = story
        .paras
        .get(s.para as usize)?
        .pieces
        .get(s.piece as usize)?;
    let pos = match piece.kind {
        PieceKind::Text(_) => piece.xml.start + (at - s.start),
        PieceKind::Char(_) if at_end => piece.xml.end,
        PieceKind::Char(_) => piece.xml.start,
    };
    let Some(run_index) = piece.run else {
        return Some(Spot {
            part: s.part,
            pos,
            run: None,
            text: None,
        });
    };
    let run = story.runs.get(run_index as usize)?;
    let text = piece
        .t
        .and_then(|t| story.texts.get(t as usize).map(|x| (t, x)));
    Some(Spot {
        part: s.part,
        pos,
        run: Some((run_index, run)),
        text,
    })
}

impl Spot<'_> {
    /// A place in the same part.
    fn point(&self, pos: usize, split: Option<(u32, Option<u32>)>) -> Option<Point> {
        Some(Point {
            part: self.part,
            pos,
            split,
        })
    }
}

/// The place before byte `at` of the rendering, which lies in segment `s`.
fn before(stories: &dyn Stories, s: Segment, at: usize) -> Option<Point> {
    let spot = spot(stories, s, at, false)?;
    let (pos, point) = (spot.pos, |pos, split| spot.point(pos, split));
    let Some((run_index, run)) = spot.run else {
        return point(pos, None);
    };
    match spot.text {
        // At the start of a w:t's text: before the w:t.
        Some((_, text)) if pos == text.open.end => {
            if text.open.start == run.content.start {
                point(run.open.start, None)
            } else {
                point(text.open.start, Some((run_index, None)))
            }
        }
        Some((t, _)) => point(pos, Some((run_index, Some(t)))),
        None if pos == run.content.start => point(run.open.start, None),
        None => point(pos, Some((run_index, None))),
    }
}

/// The place after the byte before `at` of the rendering (in segment `s`).
fn after(stories: &dyn Stories, s: Segment, at: usize) -> Option<Point> {
    let spot = spot(stories, s, at, true)?;
    let (pos, point) = (spot.pos, |pos, split| spot.point(pos, split));
    let Some((run_index, run)) = spot.run else {
        return point(pos, None);
    };
    match spot.text {
        // At the end of a w:t's text: after the w:t.
        Some((_, text)) if pos == text.close => {
            if text.close_end == run.content.end {
                point(run.end, None)
            } else {
                point(text.close_end, Some((run_index, None)))
            }
        }
        Some((t, _)) => point(pos, Some((run_index, Some(t)))),
        None if pos == run.content.end => point(run.end, None),
        None => point(pos, Some((run_index, None))),
    }
}
