//! What the walker keeps of a story part (`document.xml`, `footnotes.xml`,
//! `endnotes.xml`): paragraphs in reading order, each with the pieces of
//! text it shows and where every piece, run and paragraph sits in the XML.

use std::ops::Range;

/// Where a paragraph stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Body,
    /// In a table cell.
    Cell,
    /// In a text box (rendered after the paragraph holding the box).
    TextBox,
    /// In a footnote or endnote.
    Note,
}

/// Which kind of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NoteKind {
    Footnote,
    Endnote,
}

/// A paragraph's own properties (`w:pPr`).
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaProps {
    pub(crate) style: Option<String>,
    pub(crate) num_id: Option<i64>,
    pub(crate) ilvl: Option<i64>,
    pub(crate) outline: Option<i64>,
}

/// What a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// Character data: the XML bytes are the text (line breaks become
    /// spaces), copied to [`Story::text`] from this offset.
    Text(u32),
    /// One character: a reference (`&amp;`), a tab, a break.
    Char(char),
}

/// A piece of shown text.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub(crate) kind: PieceKind,
    /// Bytes of the part.
    pub(crate) xml: Range<usize>,
    /// The run it is in (index into [`Story::runs`]).
    pub(crate) run: Option<u32>,
    /// The `w:t` it is in (index into [`Story::texts`]).
    pub(crate) t: Option<u32>,
}

/// A run's place in the XML.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunXml {
    /// The start tag `<w:r …>`.
    pub(crate) open: Range<usize>,
    /// `<w:rPr>…</w:rPr>`, if any.
    pub(crate) rpr: Option<Range<usize>>,
    /// From after the start tag and properties to the end tag.
    pub(crate) content: Range<usize>,
    /// The end of `</w:r>`.
    pub(crate) end: usize,
}

/// A `w:t` element's place in the XML.
#[derive(Debug, Clone)]
pub(crate) struct TextXml {
    /// The start tag `<w:t …>`.
    pub(crate) open: Range<usize>,
    /// The start of `</w:t>`.
    pub(crate) close: usize,
    /// The end of `</w:t>`.
    pub(crate) close_end: usize,
    /// Whether it has `xml:space="preserve"`.
    pub(crate) preserve: bool,
}

/// A paragraph's place in the XML.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParaXml {
    /// The start tag (or the whole element when it is empty: `<w:p/>`).
    pub(crate) open: Range<usize>,
    /// Where its content starts (after `w:pPr`).
    pub(crate) content: usize,
    /// The start of `</w:p>` (for an empty element, `open.end`).
    pub(crate) end: usize,
    pub(crate) empty: bool,
}

/// One paragraph of a story.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub(crate) props: ParaProps,
    pub(crate) pieces: Vec<Piece>,
    pub(crate) place: Place,
    /// Paragraphs of one flow (the body outside tables, one cell, one text
    /// box, one note) can be spanned by one comment.
    pub(crate) flow: u32,
    /// The paragraph mark is deleted (tracked): it joins the next paragraph.
    pub(crate) mark_deleted: bool,
    /// In a table of contents (a TOC field or content control).
    pub(crate) toc: bool,
    pub(crate) xml: ParaXml,
    /// Footnotes and endnotes referenced, in order.
    pub(crate) notes: Vec<(NoteKind, i64)>,
    /// For a paragraph in a text box: the index of the paragraph that holds
    /// the box (in [`Story::paras`]).
    pub(crate) host: Option<usize>,
    /// For a paragraph of a note: which note.
    pub(crate) note: Option<(NoteKind, i64)>,
}

/// The paragraphs of a part, in reading order (a text box's paragraphs
/// right after the paragraph that holds it).
#[derive(Debug, Clone, Default)]
pub(crate) struct Story {
    pub(crate) paras: Vec<Para>,
    /// The character data of the text pieces, checked to be UTF-8.
    pub(crate) text: String,
    pub(crate) runs: Vec<RunXml>,
    pub(crate) texts: Vec<TextXml>,
    /// The namespace prefix of WordprocessingML on the root element (`w`),
    /// `None` when the root binds it otherwise.
    pub(crate) w_prefix: Option<String>,
    /// Whether WordprocessingML is the strict (ISO 29500) namespace.
    pub(crate) strict: bool,
    /// The largest comment id used (`w:commentRangeStart` …).
    pub(crate) max_comment_id: Option<i64>,
}

impl Story {
    /// The text a piece shows, appended to `out`.
    pub(crate) fn push_piece(&self, piece: &Piece, out: &mut String) {
        match piece.kind {
            PieceKind::Char(c) => out.push(c),
            PieceKind::Text(at) => {
                let at = at as usize;
                out.push_str(self.text.get(at..at + piece.xml.len()).unwrap_or_default());
            }
        }
    }

    /// Keep the character data `s` of a text piece; where it starts in
    /// [`Story::text`].
    pub(crate) fn keep_text(&mut self, s: &str) -> u32 {
        let at = self.text.len() as u32;
        // One byte for one byte: offsets inside the piece stay exact.
        if memchr::memchr2(b'\n', b'\r', s.as_bytes()).is_some() {
            self.text.extend(
                s.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        } else {
            self.text.push_str(s);
        }
        at
    }
}
