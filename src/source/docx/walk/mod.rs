//! Walking a story part in document order, as the document reads with every
//! tracked change accepted.
//!
//! Kept: runs (also inside `w:ins`, `w:moveTo`, hyperlinks, fields'
//! results, content controls, smart tags), tabs and breaks (as `\t` and a
//! space), table cells, text boxes (`w:txbxContent`, from the first
//! `mc:Choice` only, so that a box is not read twice), note references.
//! Dropped: `w:del` and `w:moveFrom` content, deleted table rows, field
//! codes (`w:instrText`, and runs between `begin` and `separate`), hidden
//! text (`w:vanish`), placeholder text of empty content controls, the
//! properties before a change (`w:pPrChange` …), comments.

mod assemble;

use super::DocxError;
use super::story::{NoteKind, Para, ParaProps, PieceKind, Place, RunXml, Story, TextXml};
use super::xml::{El, Ev, Events, Ns};

/// Elements whose content is never shown.
fn skipped(local: &[u8]) -> bool {
    matches!(
        local,
        b"del"
            | b"moveFrom"
            | b"delText"
            | b"delInstrText"
            | b"sectPr"
            | b"pPrChange"
            | b"rPrChange"
            | b"tblPrChange"
            | b"tblPrExChange"
            | b"trPrChange"
            | b"tcPrChange"
            | b"tblGridChange"
            | b"sectPrChange"
            | b"numberingChange"
            | b"footnotePr"
            | b"endnotePr"
            | b"tblPr"
            | b"tblGrid"
            | b"sdtEndPr"
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Para,
    PPr,
    /// Run properties; `true` for the paragraph mark's (inside `w:pPr`).
    RPr(bool),
    Run,
    Text,
    InstrText,
    /// A table row: where its paragraphs start, and whether it is deleted.
    Row(usize, bool),
    RowPr,
    /// A cell, a text box, a note: a flow of its own.
    Flow,
    /// A content control: showing its placeholder; a table of contents.
    Sdt {
        placeholder: bool,
        toc: bool,
    },
    SdtPr,
    FieldSimple(bool),
    Alternate(bool),
    Other,
}

/// A complex field: `begin` … `separate` (code) … `end` (result).
struct Field {
    code: String,
    result: bool,
    toc: bool,
}

struct OpenRun {
    index: u32,
    hidden: bool,
    t: Option<u32>,
}

struct Walker<'a> {
    xml: &'a [u8],
    story: Story,
    frames: Vec<Frame>,
    /// Open paragraphs: more than one inside a text box.
    open: Vec<(Para, Vec<Para>)>,
    runs: Vec<OpenRun>,
    fields: Vec<Field>,
    /// Flows, innermost last: (id, place).
    flows: Vec<(u32, Place)>,
    next_flow: u32,
    note: Option<(NoteKind, i64)>,
}

/// Read a story part: the body of `document.xml`, or the notes of
/// `footnotes.xml` / `endnotes.xml`.
pub(crate) fn walk(xml: &[u8], part: &str) -> Result<Story, DocxError> {
    let mut w = Walker {
        xml,
        story: Story::default(),
        frames: Vec::new(),
        open: Vec::new(),
        runs: Vec::new(),
        fields: Vec::new(),
        flows: vec![(0, Place::Body)],
        next_flow: 1,
        note: None,
    };
    let mut ev = Events::new(xml, part);
    let mut root = true;
    loop {
        match ev.next()? {
            Ev::Start(e) => {
                if std::mem::take(&mut root) {
                    w.story.w_prefix = w_prefix(&e);
                    w.story.strict = e.declares(super::xml::W_STRICT);
                }
                if let Some(frame) = w.start(&e, &mut ev)? {
                    w.frames.push(frame);
                }
            }
            Ev::Empty(e) => {
                if let Some(frame) = w.start(&e, &mut ev)? {
                    w.frames.push(frame);
                    w.end(e.range.start, e.range.end);
                }
            }
            Ev::End(_, range) => w.end(range.start, range.end),
            Ev::Text(range) => w.text(PieceKind::Text(0), range, part)?,
            Ev::Char(c, range) => w.text(PieceKind::Char(c), range, part)?,
            Ev::Eof => break,
        }
    }
    Ok(w.story)
}

/// The prefix the root element binds to WordprocessingML, when it is the
/// prefix of the root itself (`<w:document xmlns:w=…>`).
fn w_prefix(root: &El<'_>) -> Option<String> {
    if root.ns != Ns::W {
        return None;
    }
    let colon = root.name.iter().position(|&b| b == b':')?;
    Some(String::from_utf8_lossy(&root.name[..colon]).into_owned())
}

impl Walker<'_> {
    fn top(&self) -> Option<Frame> {
        self.frames.last().copied()
    }

    fn in_frame(&self, f: Frame) -> bool {
        self.frames.contains(&f)
    }

    /// Whether text here is shown: in a run that is not hidden, outside
    /// field codes and placeholders.
    fn visible(&self) -> bool {
        self.runs.last().is_some_and(|r| !r.hidden)
            && self.fields.iter().all(|f| f.result)
            && !self.frames.iter().any(|f| {
                matches!(
                    f,
                    Frame::Sdt {
                        placeholder: true,
                        ..
                    }
                )
            })
    }

    fn toc(&self) -> bool {
        self.fields.iter().any(|f| f.toc)
            || self
                .frames
                .iter()
                .any(|f| matches!(f, Frame::Sdt { toc: true, .. } | Frame::FieldSimple(true)))
    }

    fn new_flow(&mut self, place: Place) -> Frame {
        self.flows.push((self.next_flow, place));
        self.next_flow += 1;
        Frame::Flow
    }

    fn para_mut(&mut self) -> Option<&mut Para> {
        self.open.last_mut().map(|(p, _)| p)
    }

    /// An element starts; the frame to push, if it is read further.
    fn start(&mut self, e: &El<'_>, ev: &mut Events<'_>) -> Result<Option<Frame>, DocxError> {
        if e.ns == Ns::Mc {
            return self.start_alternate(e, ev);
        }
        if e.ns != Ns::W {
            return Ok(Some(Frame::Other));
        }
        let local = e.local();
        let top = self.top();
        if self.mark_property(top, local, e) || skipped(local) {
            skip(e, ev)?;
            return Ok(None);
        }
        let frame = match local {
            b"p" => {
                self.open_para(e);
                Frame::Para
            }
            b"pPr" if top == Some(Frame::Para) => Frame::PPr,
            b"rPr" if top == Some(Frame::PPr) => Frame::RPr(true),
            // Run properties matter only when they hide the run: most are
            // skipped in one step.
            b"rPr" if top == Some(Frame::Run) => {
                if e.is_start() && ev.skip_unless(&[b"vanish", b"specVanish"])? {
                    self.run_properties_end(ev.position());
                    return Ok(None);
                }
                Frame::RPr(false)
            }
            b"rPr" => {
                skip(e, ev)?;
                return Ok(None);
            }
            b"pStyle" | b"numId" | b"ilvl" | b"outlineLvl" if self.in_frame(Frame::PPr) => {
                self.para_property(e, local);
                Frame::Other
            }
            b"r" => self.open_run(e),
            b"t" if top == Some(Frame::Run) => self.open_text(e),
            b"instrText" => Frame::InstrText,
            b"tab" | b"ptab" if top == Some(Frame::Run) => self.char('\t', e),
            b"br" | b"cr" if top == Some(Frame::Run) => self.char(' ', e),
            b"noBreakHyphen" if top == Some(Frame::Run) => self.char('-', e),
            b"fldChar" => {
                self.field_char(e);
                Frame::Other
            }
            b"fldSimple" => Frame::FieldSimple(e.attr(b"instr").is_some_and(|c| is_toc_code(&c))),
            b"footnoteReference" | b"endnoteReference" if top == Some(Frame::Run) => {
                self.note_reference(e, local);
                Frame::Other
            }
            b"footnote" | b"endnote" => return self.open_note(e, local, ev),
            b"tr" => Frame::Row(self.sink_len(), false),
            b"trPr" => Frame::RowPr,
            b"tc" => self.new_flow(Place::Cell),
            b"txbxContent" => self.new_flow(Place::TextBox),
            b"sdt" => Frame::Sdt {
                placeholder: false,
                toc: false,
            },
            b"sdtPr" => Frame::SdtPr,
            b"showingPlcHdr" | b"docPartGallery" if self.in_frame(Frame::SdtPr) => {
                self.content_control_property(e, local);
                Frame::Other
            }
            b"commentRangeStart" | b"commentRangeEnd" | b"commentReference" => {
                let id = e.attr_num(b"id");
                self.story.max_comment_id = self.story.max_comment_id.max(id);
                Frame::Other
            }
            _ => Frame::Other,
        };
        Ok(Some(frame))
    }

    /// `mc:AlternateContent`: only its first choice is read.
    fn start_alternate(
        &mut self,
        e: &El<'_>,
        ev: &mut Events<'_>,
    ) -> Result<Option<Frame>, DocxError> {
        Ok(match e.local() {
            b"AlternateContent" => Some(Frame::Alternate(false)),
            b"Choice" | b"Fallback" => {
                if let Some(Frame::Alternate(chosen)) = self.frames.last_mut() {
                    if *chosen {
                        skip(e, ev)?;
                        return Ok(None);
                    }
                    *chosen = true;
                }
                Some(Frame::Other)
            }
            _ => Some(Frame::Other),
        })
    }

    /// Markers of the paragraph mark, a row or a cell, and run properties:
    /// not content. Notes what they say; whether `local` was one (then it
    /// is skipped).
    fn mark_property(&mut self, top: Option<Frame>, local: &[u8], e: &El<'_>) -> bool {
        match (top, local) {
            (Some(Frame::RPr(true)), b"del" | b"moveFrom") => {
                if let Some(p) = self.para_mut() {
                    p.mark_deleted = true;
                }
            }
            (Some(Frame::RowPr), b"del") => {
                if let Some(Frame::Row(_, deleted)) = self.frames.iter_mut().rev().nth(1) {
                    *deleted = true;
                }
            }
            (Some(Frame::RPr(false)), b"vanish" | b"specVanish") => {
                if e.on() {
                    if let Some(r) = self.runs.last_mut() {
                        r.hidden = true;
                    }
                }
            }
            (Some(Frame::RPr(_)), _) => {}
            _ => return false,
        }
        true
    }

    /// `w:pStyle`, `w:numId`, `w:ilvl`, `w:outlineLvl` of the open paragraph.
    fn para_property(&mut self, e: &El<'_>, local: &[u8]) {
        let v = e.attr(b"val");
        if let Some(p) = self.para_mut() {
            let props: &mut ParaProps = &mut p.props;
            match local {
                b"pStyle" => props.style = v,
                b"numId" => props.num_id = v.and_then(|v| v.trim().parse().ok()),
                b"ilvl" => props.ilvl = v.and_then(|v| v.trim().parse().ok()),
                _ => props.outline = v.and_then(|v| v.trim().parse().ok()),
            }
        }
    }

    fn open_run(&mut self, e: &El<'_>) -> Frame {
        let index = self.story.runs.len() as u32;
        self.story.runs.push(RunXml {
            open: e.range.clone(),
            rpr: None,
            content: e.range.end..e.range.end,
            end: e.range.end,
        });
        self.runs.push(OpenRun {
            index,
            hidden: false,
            t: None,
        });
        Frame::Run
    }

    fn open_text(&mut self, e: &El<'_>) -> Frame {
        let index = self.story.texts.len() as u32;
        let preserve = e.preserves_space();
        self.story.texts.push(TextXml {
            open: e.range.clone(),
            close: e.range.end,
            close_end: e.range.end,
            preserve,
        });
        if let Some(r) = self.runs.last_mut() {
            r.t = Some(index);
        }
        Frame::Text
    }

    /// `w:fldChar`: a complex field begins, shows its result, or ends.
    fn field_char(&mut self, e: &El<'_>) {
        match e.attr(b"fldCharType").as_deref() {
            Some("begin") => self.fields.push(Field {
                code: String::new(),
                result: false,
                toc: false,
            }),
            Some("separate") => {
                if let Some(f) = self.fields.last_mut() {
                    f.result = true;
                    f.toc = is_toc_code(&f.code);
                }
            }
            Some("end") => {
                self.fields.pop();
            }
            _ => {}
        }
    }

    /// A visible reference to a footnote or an endnote, in a run.
    fn note_reference(&mut self, e: &El<'_>, local: &[u8]) {
        let kind = if local == b"footnoteReference" {
            NoteKind::Footnote
        } else {
            NoteKind::Endnote
        };
        if let (true, Some(id)) = (self.visible(), e.attr_num(b"id")) {
            if let Some(p) = self.para_mut() {
                p.notes.push((kind, id));
            }
        }
    }

    /// A footnote or an endnote: a flow of its own; separators are skipped.
    fn open_note(
        &mut self,
        e: &El<'_>,
        local: &[u8],
        ev: &mut Events<'_>,
    ) -> Result<Option<Frame>, DocxError> {
        if matches!(
            e.attr(b"type").as_deref(),
            Some("separator" | "continuationSeparator" | "continuationNotice")
        ) {
            skip(e, ev)?;
            return Ok(None);
        }
        let kind = if local == b"footnote" {
            NoteKind::Footnote
        } else {
            NoteKind::Endnote
        };
        self.note = e.attr_num(b"id").map(|id| (kind, id));
        Ok(Some(self.new_flow(Place::Note)))
    }

    /// `w:showingPlcHdr` / `w:docPartGallery` of the innermost content
    /// control: showing its placeholder; a table of contents.
    fn content_control_property(&mut self, e: &El<'_>, local: &[u8]) {
        let sdt = self
            .frames
            .iter_mut()
            .rev()
            .find(|f| matches!(f, Frame::Sdt { .. }));
        if let Some(Frame::Sdt { placeholder, toc }) = sdt {
            if local == b"showingPlcHdr" {
                *placeholder = e.on();
            } else {
                *toc = e
                    .attr(b"val")
                    .is_some_and(|v| v.eq_ignore_ascii_case("Table of Contents"));
            }
        }
    }
}

/// Skip an element whose start was just read (nothing to skip when empty).
fn skip(e: &El<'_>, ev: &mut Events<'_>) -> Result<(), DocxError> {
    if e.is_start() { ev.skip() } else { Ok(()) }
}

/// A field code that builds a table of contents (`TOC \o "1-3"`).
fn is_toc_code(code: &str) -> bool {
    code.trim_start()
        .get(..3)
        .is_some_and(|c| c.eq_ignore_ascii_case("toc"))
}
