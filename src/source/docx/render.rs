//! The text rendering of a document: one line per paragraph, in reading
//! order, automatic numbers written out — plus the map from every byte of it
//! back to the XML.
//!
//! Order: body paragraphs (table cells row by row, each cell's paragraphs in
//! turn); a text box's paragraphs right after the paragraph holding it; a
//! paragraph's footnotes and endnotes right after it (in the order of their
//! references), so that the closing and date stay the last lines. A
//! paragraph whose mark is deleted (tracked) joins the next one of its flow.

use super::counters::{Counters, NumRef};
use super::numbering::Numbering;
use super::story::{NoteKind, ParaProps, Place, Story};
use super::styles::{StyleProps, Styles};
use super::{Generated, Line, LineKind};
use crate::span::Span;
use std::collections::{HashMap, HashSet};

/// The parts text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    Document,
    Footnotes,
    Endnotes,
}

/// A piece of the rendering and where it comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    /// Bytes of the rendering.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) part: Part,
    pub(crate) para: u32,
    pub(crate) piece: u32,
}

/// Where a line comes from.
#[derive(Debug, Clone)]
pub(crate) struct LineLayout {
    pub(crate) part: Part,
    /// Its paragraphs in the part's story (more than one when joined).
    pub(crate) paras: Vec<u32>,
    /// Bytes of the rendering, without the line break.
    pub(crate) span: Span,
    /// The line holding this line's text box, if it is in one.
    pub(crate) host: Option<usize>,
}

/// The rendering and its map.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) text: String,
    pub(crate) lines: Vec<Line>,
    pub(crate) layout: Vec<LineLayout>,
    pub(crate) segments: Vec<Segment>,
    pub(crate) generated: Vec<Generated>,
}

/// The stories of a document and what interprets them.
pub(crate) struct Sources<'a> {
    pub(crate) body: &'a Story,
    pub(crate) footnotes: Option<&'a Story>,
    pub(crate) endnotes: Option<&'a Story>,
    pub(crate) styles: &'a Styles,
    pub(crate) numbering: &'a Numbering,
}

impl Sources<'_> {
    fn story(&self, part: Part) -> Option<&Story> {
        match part {
            Part::Document => Some(self.body),
            Part::Footnotes => self.footnotes,
            Part::Endnotes => self.endnotes,
        }
    }
}

struct Renderer<'a> {
    src: &'a Sources<'a>,
    out: Rendered,
    counters: Counters,
    /// Note id → its paragraphs (index in the notes story).
    notes: HashMap<(NoteKind, i64), Vec<usize>>,
    notes_done: HashSet<(NoteKind, i64)>,
    /// Story paragraph index → line, for text-box hosts.
    body_lines: HashMap<usize, usize>,
}

/// Render a document.
pub(crate) fn render(src: &Sources<'_>) -> Rendered {
    let mut notes: HashMap<(NoteKind, i64), Vec<usize>> = HashMap::new();
    for story in [src.footnotes, src.endnotes].into_iter().flatten() {
        for (i, p) in story.paras.iter().enumerate() {
            if let Some(note) = p.note {
                notes.entry(note).or_default().push(i);
            }
        }
    }
    let mut r = Renderer {
        src,
        out: Rendered::default(),
        counters: Counters::default(),
        notes,
        notes_done: HashSet::new(),
        body_lines: HashMap::new(),
    };
    let all: Vec<usize> = (0..src.body.paras.len()).collect();
    r.paragraphs(Part::Document, &all);
    r.out
}

impl Renderer<'_> {
    /// Render paragraphs `indexes` of `part` (joining deleted marks) and
    /// the notes they reference.
    fn paragraphs(&mut self, part: Part, indexes: &[usize]) {
        let Some(story) = self.src.story(part) else {
            return;
        };
        let mut i = 0;
        while i < indexes.len() {
            let mut chain = vec![indexes[i]];
            while let (Some(&last), Some(&next)) = (chain.last(), indexes.get(i + 1)) {
                let (a, b) = (&story.paras[last], &story.paras[next]);
                if !(a.mark_deleted && a.flow == b.flow && a.place == b.place) {
                    break;
                }
                chain.push(next);
                i += 1;
            }
            i += 1;
            self.line(part, &chain);
            let refs: Vec<(NoteKind, i64)> = chain
                .iter()
                .flat_map(|&p| story.paras[p].notes.iter().copied())
                .collect();
            for note in refs {
                if !self.notes_done.insert(note) {
                    continue;
                }
                let note_part = match note.0 {
                    NoteKind::Footnote => Part::Footnotes,
                    NoteKind::Endnote => Part::Endnotes,
                };
                if let Some(paras) = self.notes.get(&note).cloned() {
                    self.paragraphs(note_part, &paras);
                }
            }
        }
    }

    /// Render one line from the paragraphs of `chain` (the last one's
    /// properties apply: its mark is the one that stays).
    fn line(&mut self, part: Part, chain: &[usize]) {
        let Some(story) = self.src.story(part) else {
            return;
        };
        let Some(&last) = chain.last() else {
            return;
        };
        let styles = self.src.styles;
        let props = &story.paras[last].props;
        let style_id = styles.effective(props.style.as_deref());
        let style = style_id.map(|s| styles.props(s)).unwrap_or_default();
        let start = self.out.text.len();
        let line_index = self.out.lines.len();
        let numbering = self.number(props, &style, style_id, line_index);
        for &p in chain {
            self.pieces(story, part, p);
        }
        let end = self.out.text.len();
        self.out.text.push('\n');
        let para = &story.paras[last];
        let toc =
            chain.iter().any(|&p| story.paras[p].toc) || style_id.is_some_and(|s| styles.is_toc(s));
        let kind = match (para.place, para.note) {
            _ if toc => LineKind::Toc,
            (_, Some((NoteKind::Footnote, _))) => LineKind::Footnote,
            (_, Some((NoteKind::Endnote, _))) => LineKind::Endnote,
            (Place::Cell, _) => LineKind::Cell,
            (Place::TextBox, _) => LineKind::TextBox,
            _ => LineKind::Body,
        };
        let outline = props
            .outline
            .or(style.outline)
            .filter(|o| (0..=8).contains(o))
            .map(|o| o as u8);
        let host = match part {
            Part::Document => {
                for &p in chain {
                    self.body_lines.insert(p, line_index);
                }
                para.host.and_then(|h| self.body_lines.get(&h).copied())
            }
            _ => None,
        };
        self.out.lines.push(Line {
            kind,
            outline,
            style: style_id.and_then(|s| styles.name(s)).map(str::to_owned),
            numbering,
        });
        self.out.layout.push(LineLayout {
            part,
            paras: chain.iter().map(|&p| p as u32).collect(),
            span: Span::new(start, end),
            host,
        });
    }

    /// The automatic number of the line `line_index` (a paragraph with
    /// `props` in the style `style_id`), written out; its bytes.
    fn number(
        &mut self,
        props: &ParaProps,
        style: &StyleProps,
        style_id: Option<&str>,
        line_index: usize,
    ) -> Option<Span> {
        let styles = self.src.styles;
        let num_id = props.num_id.or(style.num_id).filter(|&n| n != 0)?;
        let ilvl = props
            .ilvl
            .or(style.ilvl)
            .or_else(|| {
                let s = style_id?;
                self.src
                    .numbering
                    .level_of_style(num_id, s, styles)
                    .map(|l| l as i64)
            })
            .unwrap_or(0)
            .clamp(0, 8) as usize;
        let num = NumRef { num_id, ilvl };
        let marker = self.counters.next(num, self.src.numbering, styles)?;
        let start = self.out.text.len();
        let text: String = marker
            .text
            .chars()
            .map(|c| if c.is_control() && c != '\t' { ' ' } else { c })
            .collect();
        self.out.text.push_str(&text);
        let span = Span::new(start, self.out.text.len());
        self.out.generated.push(Generated {
            span,
            line: line_index + 1,
            num_id,
            level: ilvl as u8 + 1,
        });
        Some(span)
    }

    /// The pieces of paragraph `p` of `story`, written out and mapped.
    fn pieces(&mut self, story: &Story, part: Part, p: usize) {
        for (k, piece) in story.paras[p].pieces.iter().enumerate() {
            let s = self.out.text.len();
            story.push_piece(piece, &mut self.out.text);
            self.out.segments.push(Segment {
                start: s,
                end: self.out.text.len(),
                part,
                para: p as u32,
                piece: k as u32,
            });
        }
    }
}
