//! Assembling a story while it is walked: paragraphs (a text box's kept
//! with the paragraph holding it), their pieces of text, and where runs,
//! `w:t` elements and paragraphs start and end in the XML.

use super::{Frame, Walker};
use crate::source::docx::DocxError;
use crate::source::docx::story::{Para, ParaProps, ParaXml, Piece, PieceKind, Place};
use crate::source::docx::xml::El;

impl Walker<'_> {
    /// A one-character piece (tab, break) for element `e`.
    pub(super) fn char(&mut self, c: char, e: &El<'_>) -> Frame {
        // A character is never rejected as text.
        let _ = self.text(PieceKind::Char(c), e.range.clone(), "");
        Frame::Other
    }

    pub(super) fn sink_len(&self) -> usize {
        match self.open.last() {
            Some((_, boxed)) => boxed.len(),
            None => self.story.paras.len(),
        }
    }

    pub(super) fn open_para(&mut self, e: &El<'_>) {
        let (flow, place) = self.flows.last().copied().unwrap_or((0, Place::Body));
        let host = (!self.open.is_empty()).then_some(usize::MAX);
        self.open.push((
            Para {
                props: ParaProps::default(),
                pieces: Vec::new(),
                place,
                flow,
                mark_deleted: false,
                toc: self.toc(),
                xml: ParaXml {
                    open: e.range.clone(),
                    content: e.range.end,
                    end: e.range.end,
                    empty: e.empty,
                },
                notes: Vec::new(),
                host,
                note: self.note,
            },
            Vec::new(),
        ));
    }

    /// Character data or a reference at `range`.
    pub(super) fn text(
        &mut self,
        mut kind: PieceKind,
        range: std::ops::Range<usize>,
        part: &str,
    ) -> Result<(), DocxError> {
        let in_t = self.top() == Some(Frame::Text);
        if let Some(Frame::InstrText) = self.top() {
            if let (Some(f), Some(s)) = (self.fields.last_mut(), self.xml.get(range.clone())) {
                f.code.push_str(&String::from_utf8_lossy(s));
            }
            return Ok(());
        }
        let is_char_element = matches!(kind, PieceKind::Char(_)) && self.top() == Some(Frame::Run);
        if !(in_t || is_char_element) || !self.visible() || range.is_empty() {
            return Ok(());
        }
        if let PieceKind::Text(_) = kind {
            let s = std::str::from_utf8(&self.xml[range.clone()]).map_err(|_| DocxError::Xml {
                part: part.to_owned(),
                message: format!("第 {} 字节处的文字不是 UTF-8", range.start),
            })?;
            kind = PieceKind::Text(self.story.keep_text(s));
        }
        let toc = self.toc();
        let run = self.runs.last().map(|r| r.index);
        let t = if in_t {
            self.runs.last().and_then(|r| r.t)
        } else {
            None
        };
        if let Some(p) = self.para_mut() {
            p.toc |= toc;
            p.pieces.push(Piece {
                kind,
                xml: range,
                run,
                t,
            });
        }
        Ok(())
    }

    /// The element on top ends; `start..end` is its end tag.
    pub(super) fn end(&mut self, start: usize, end: usize) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        match frame {
            Frame::Para => self.close_para(start),
            Frame::PPr => {
                if let Some(p) = self.para_mut() {
                    if p.pieces.is_empty() {
                        p.xml.content = end;
                    }
                }
            }
            Frame::RPr(false) => self.run_properties_end(end),
            Frame::Run => {
                if let Some(r) = self.runs.pop() {
                    let run = &mut self.story.runs[r.index as usize];
                    run.content.end = start.max(run.content.start);
                    run.end = end;
                }
            }
            Frame::Text => {
                if let Some(t) = self.runs.last_mut().and_then(|r| r.t.take()) {
                    let text = &mut self.story.texts[t as usize];
                    text.close = start;
                    text.close_end = end;
                }
            }
            Frame::Row(from, true) => match self.open.last_mut() {
                Some((_, boxed)) => boxed.truncate(from),
                None => self.story.paras.truncate(from),
            },
            Frame::Flow => {
                let ended = self.flows.pop();
                if ended.is_some_and(|(_, p)| p == Place::Note) {
                    self.note = None;
                }
            }
            _ => {}
        }
    }

    /// The current run's properties end at `end` (after `</w:rPr>`).
    pub(super) fn run_properties_end(&mut self, end: usize) {
        if let (Some(r), Some(Frame::Run)) = (self.runs.last(), self.top()) {
            let run = &mut self.story.runs[r.index as usize];
            run.rpr = Some(run.open.end..end);
            run.content = end..end;
        }
    }

    /// A paragraph ends at `end_tag` (the start of `</w:p>`).
    pub(super) fn close_para(&mut self, end_tag: usize) {
        let Some((mut para, boxed)) = self.open.pop() else {
            return;
        };
        if para.xml.empty {
            para.xml.end = para.xml.open.end;
        } else {
            para.xml.end = end_tag;
        }
        match self.open.last_mut() {
            // A paragraph in a text box: kept with its host.
            Some((_, host_boxed)) => {
                host_boxed.push(para);
                host_boxed.extend(boxed);
            }
            None => {
                let host = self.story.paras.len();
                self.story.paras.push(para);
                for mut b in boxed {
                    if b.host == Some(usize::MAX) {
                        b.host = Some(host);
                    }
                    self.story.paras.push(b);
                }
            }
        }
    }
}
