//! Writing findings back into a copy of a Word document as comments.
//!
//! The copy is the original package with: comment markers inserted into the
//! parts that hold the commented text (`commentRangeStart` before the first
//! character, `commentRangeEnd` and a `commentReference` run after the
//! last, runs split where a span starts or ends inside them), the comments
//! appended to `comments.xml` (created, with its relationship and content
//! type, when the document has none). Every other entry of the package is
//! copied byte for byte; existing comments, tracked changes, styles,
//! numbering, notes and images are untouched.

use super::anchor::{self, Stories};
use super::comments::{CommentsPart, Edits, comment};
use super::markers::{Marker, insert_markers, markers};
use super::render::Part;
use super::story::Story;
use super::xml::{W_STRICT, W_TRANSITIONAL};
use super::zip_write::{Member, write_archive_with_comment};
use super::{DocxError, Loaded, load};
use crate::span::Span;
use std::collections::HashMap;

/// One comment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Bytes of the text rendering ([`super::read`]); `None`: the whole
    /// document (anchored on its first paragraph).
    pub span: Option<Span>,
    /// The comment's paragraphs.
    pub paragraphs: Vec<String>,
}

/// The author name of the comments.
pub const AUTHOR: &str = "reportlint";

impl Comment {
    /// The comment for a finding: severity, rule id and message; then the
    /// help and notes, one paragraph each.
    pub fn from_diagnostic(d: &crate::diagnostic::Diagnostic) -> Comment {
        use crate::diagnostic::Severity;
        let severity = match d.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        };
        let whole = if d.span.is_none() {
            "（针对全文）"
        } else {
            ""
        };
        let mut paragraphs = vec![format!("{severity} {}：{whole}{}", d.rule, d.message)];
        paragraphs.extend(d.help.iter().map(|h| format!("建议：{h}")));
        paragraphs.extend(d.notes.iter().map(|n| format!("说明：{n}")));
        Comment {
            span: d.span,
            paragraphs,
        }
    }
}

impl Stories for Loaded<'_> {
    fn story(&self, part: Part) -> Option<&Story> {
        match part {
            Part::Document => Some(&self.body_story),
            Part::Footnotes => self.footnotes.as_ref().map(|n| &n.2),
            Part::Endnotes => self.endnotes.as_ref().map(|n| &n.2),
        }
    }
}

/// A copy of the Word document in `bytes` with a comment for each finding
/// ([`Comment::from_diagnostic`]): what `reportlint check --annotate` writes
/// and the web page downloads. The findings are those of the document as
/// [`super::read`] renders the same bytes.
pub fn annotate_findings(
    bytes: &[u8],
    findings: &[crate::diagnostic::Diagnostic],
) -> Result<Vec<u8>, DocxError> {
    let comments: Vec<Comment> = findings.iter().map(Comment::from_diagnostic).collect();
    annotate(bytes, &comments)
}

/// The name of the annotated copy of the document called `file_name` (no
/// directory): `报告.docx` → `报告.reportlint.docx`; an extension that is not
/// a Word package's (a legacy `.doc`, a `.txt` that holds a package) becomes
/// `.docx`. Stem and extension split as [`std::path::Path`] splits them.
pub fn annotated_name(file_name: &str) -> String {
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext.to_ascii_lowercase()),
        _ => (file_name, String::new()),
    };
    let stem = if stem.is_empty() { "document" } else { stem };
    let ext = match ext.as_str() {
        "docx" | "docm" | "dotx" | "dotm" => ext.as_str(),
        _ => "docx",
    };
    format!("{stem}.reportlint.{ext}")
}

/// A copy of the Word document in `bytes` with `comments` added. Spans are
/// bytes of the rendering [`super::read`] returns for the same bytes.
pub fn annotate(bytes: &[u8], comments: &[Comment]) -> Result<Vec<u8>, DocxError> {
    let mut doc = load(bytes)?;
    let part = CommentsPart::open(&mut doc)?;
    let first_id = part.next_id(&doc)?;
    let strict = doc.body_story.strict;
    let w_uri = if strict { W_STRICT } else { W_TRANSITIONAL };
    // Markers per part, and the comments' XML.
    let mut inserts: HashMap<Part, Vec<Marker>> = HashMap::new();
    let mut comment_xml = String::new();
    for (k, c) in comments.iter().enumerate() {
        let Some((start, end)) = anchor::anchor(&doc.rendered, &doc, c.span) else {
            continue;
        };
        let id = first_id + k as i64;
        for (point, marker) in markers(&doc, id, start, end) {
            inserts.entry(point.part).or_default().push(marker);
        }
        comment_xml.push_str(&comment(id, &c.paragraphs, w_uri));
    }
    let mut edits = Edits::default();
    for (part, markers) in inserts {
        let (name, xml, story) = match part {
            Part::Document => (
                doc.package.main.clone(),
                doc.body.as_slice(),
                &doc.body_story,
            ),
            Part::Footnotes => match &doc.footnotes {
                Some((n, x, s)) => (n.clone(), x.as_slice(), s),
                None => continue,
            },
            Part::Endnotes => match &doc.endnotes {
                Some((n, x, s)) => (n.clone(), x.as_slice(), s),
                None => continue,
            },
        };
        let xml = super::xml::part_text(xml.to_vec(), &name)?;
        let marked = insert_markers(&xml, story, markers);
        edits.replaced.insert(name, marked.into_bytes());
    }
    part.write(&mut doc, &comment_xml, strict, &mut edits)?;
    let Edits { replaced, added } = edits;
    let zip = &doc.package.zip;
    let mut members: Vec<Member<'_>> = Vec::new();
    for e in &zip.entries {
        let new = replaced
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&e.name))
            .map(|(_, b)| b.clone());
        members.push(match new {
            Some(b) => Member::replace(zip, e, b),
            None => Member::copy(zip, e),
        });
    }
    for (name, b) in added {
        members.push(Member::new(&name, b));
    }
    Ok(write_archive_with_comment(
        &members,
        &bytes[zip.comment.clone()],
    ))
}
