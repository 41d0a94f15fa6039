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

use super::anchor::{self, Point, Stories};
use super::package::{COMMENTS, dir_of, rels_part};
use super::render::Part;
use super::story::Story;
use super::xml::{Ev, Events, W_STRICT, W_TRANSITIONAL, escape};
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

const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

impl Stories for Loaded<'_> {
    fn story(&self, part: Part) -> Option<&Story> {
        match part {
            Part::Document => Some(&self.body_story),
            Part::Footnotes => self.footnotes.as_ref().map(|n| &n.2),
            Part::Endnotes => self.endnotes.as_ref().map(|n| &n.2),
        }
    }
}

/// A copy of the Word document in `bytes` with `comments` added. Spans are
/// bytes of the rendering [`super::read`] returns for the same bytes.
pub fn annotate(bytes: &[u8], comments: &[Comment]) -> Result<Vec<u8>, DocxError> {
    let mut doc = load(bytes)?;
    let main = doc.package.main.clone();
    let comments_part = doc.package.related(COMMENTS).map(|r| r.target.clone());
    let existing = match &comments_part {
        Some(name) => doc.package.text(name)?,
        None => None,
    };
    let first_id = 1 + existing
        .as_deref()
        .map_or(Ok(None), |x| {
            max_comment_id(x, comments_part.as_deref().unwrap_or(""))
        })?
        .max(doc.body_story.max_comment_id)
        .max(doc.footnotes.as_ref().and_then(|n| n.2.max_comment_id))
        .max(doc.endnotes.as_ref().and_then(|n| n.2.max_comment_id))
        .unwrap_or(-1);
    let strict = doc.body_story.strict;
    let w_uri = if strict { W_STRICT } else { W_TRANSITIONAL };
    // Markers per part, and the comments' XML.
    let mut inserts: HashMap<Part, Vec<(Point, u8, String)>> = HashMap::new();
    let mut comment_xml = String::new();
    for (k, c) in comments.iter().enumerate() {
        let Some((start, end)) = anchor::anchor(&doc.rendered, &doc, c.span) else {
            continue;
        };
        let id = first_id + k as i64;
        let story = |p| {
            doc.story(p)
                .map(markup)
                .unwrap_or_else(|| ("w".into(), String::new()))
        };
        let (w, decl) = story(start.part);
        inserts.entry(start.part).or_default().push((
            start,
            1,
            format!("<{w}:commentRangeStart{decl} {w}:id=\"{id}\"/>"),
        ));
        let (w, decl) = story(end.part);
        // At one place, earlier comments end before later ones start; an
        // empty comment ends after it starts.
        let order = if end == start { 2 } else { 0 };
        inserts.entry(end.part).or_default().push((
            end,
            order,
            format!(
                "<{w}:commentRangeEnd{decl} {w}:id=\"{id}\"/><{w}:r{decl}><{w}:commentReference {w}:id=\"{id}\"/></{w}:r>"
            ),
        ));
        comment_xml.push_str(&comment(id, &c.paragraphs, w_uri));
    }
    // New contents by part name.
    let mut replaced: HashMap<String, Vec<u8>> = HashMap::new();
    for (part, points) in inserts {
        let (name, xml, story) = match part {
            Part::Document => (main.clone(), doc.body.as_slice(), &doc.body_story),
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
        let xml = xml.as_str();
        replaced.insert(name, insert_markers(xml, story, points).into_bytes());
    }
    let mut added: Vec<(String, Vec<u8>)> = Vec::new();
    match (comments_part, existing) {
        (Some(name), Some(xml)) => {
            let updated = insert_before_root_end(&xml, &name, &comment_xml)?;
            replaced.insert(name, updated.into_bytes());
        }
        _ => {
            let name = free_name(&doc, &format!("{}comments.xml", dir_of(&main)));
            let xml = format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{w_uri}\">{comment_xml}</w:comments>"
            );
            added.push((name.clone(), xml.into_bytes()));
            let rel_type = if strict {
                "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
            } else {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
            };
            let target = name.rsplit('/').next().unwrap_or(&name).to_owned();
            let rels_name = rels_part(&main);
            match doc.package.text(&rels_name)? {
                Some(rels) => {
                    let id = free_rel_id(&doc);
                    let rel = format!("<Relationship Id=\"{id}\" Type=\"{rel_type}\" Target=\"{target}\"/>");
                    let updated = insert_before_root_end(&rels, &rels_name, &rel)?;
                    replaced.insert(rels_name, updated.into_bytes());
                }
                None => added.push((
                    rels_name,
                    format!(
                        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel_type}\" Target=\"{target}\"/></Relationships>"
                    )
                    .into_bytes(),
                )),
            }
            if let Some(types) = doc.package.text("[Content_Types].xml")? {
                let over =
                    format!("<Override PartName=\"/{name}\" ContentType=\"{COMMENTS_TYPE}\"/>");
                let updated = insert_before_root_end(&types, "[Content_Types].xml", &over)?;
                replaced.insert("[Content_Types].xml".to_owned(), updated.into_bytes());
            }
        }
    }
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

/// The prefix to write WordprocessingML elements with in a story, and the
/// namespace declaration they need (none when the root binds the prefix).
fn markup(story: &Story) -> (String, String) {
    match &story.w_prefix {
        Some(p) => (p.clone(), String::new()),
        None => {
            let uri = if story.strict {
                W_STRICT
            } else {
                W_TRANSITIONAL
            };
            ("w".to_owned(), format!(" xmlns:w=\"{uri}\""))
        }
    }
}

/// One `w:comment` element.
fn comment(id: i64, paragraphs: &[String], w_uri: &str) -> String {
    let mut out = format!(
        "<w:comment xmlns:w=\"{w_uri}\" w:id=\"{id}\" w:author=\"{AUTHOR}\" w:initials=\"RL\">"
    );
    for (i, p) in paragraphs.iter().enumerate() {
        out.push_str("<w:p>");
        if i == 0 {
            out.push_str("<w:r><w:annotationRef/></w:r>");
        }
        out.push_str("<w:r><w:t xml:space=\"preserve\">");
        out.push_str(&escape(p));
        out.push_str("</w:t></w:r></w:p>");
    }
    if paragraphs.is_empty() {
        out.push_str("<w:p><w:r><w:annotationRef/></w:r></w:p>");
    }
    out.push_str("</w:comment>");
    out
}

/// Insert the markers of `points` into a story part.
fn insert_markers(xml: &str, story: &Story, mut points: Vec<(Point, u8, String)>) -> String {
    // By position; at one position, comment ends (0) before starts (1),
    // and the ends of empty comments (2) after their starts.
    points.sort_by_key(|(p, order, _)| (p.pos, *order));
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < points.len() {
        let (point, _, _) = points[i];
        let mut markers = String::new();
        while i < points.len() && points[i].0.pos == point.pos {
            markers.push_str(&points[i].2);
            i += 1;
        }
        let Some((run, t)) = point.split else {
            edits.push((point.pos, markers));
            continue;
        };
        let Some(r) = story.runs.get(run as usize) else {
            continue;
        };
        let open = &xml[r.open.clone()];
        let rpr = r.rpr.clone().map_or("", |x| &xml[x]);
        let run_name = tag_name(open);
        let mut s = String::new();
        let text = t.and_then(|t| story.texts.get(t as usize));
        if let Some(text) = text {
            let t_open = &xml[text.open.clone()];
            if !text.preserve {
                // Split text keeps its spaces at the cut.
                edits.push((text.open.end - 1, " xml:space=\"preserve\"".to_owned()));
            }
            s.push_str(&format!("</{}>", tag_name(t_open)));
        }
        s.push_str(&format!("</{run_name}>"));
        s.push_str(&markers);
        s.push_str(open);
        s.push_str(rpr);
        if let Some(text) = text {
            s.push_str(&format!(
                "<{} xml:space=\"preserve\">",
                tag_name(&xml[text.open.clone()])
            ));
        }
        edits.push((point.pos, s));
    }
    edits.sort_by_key(|(pos, _)| *pos);
    edits.dedup();
    let mut out = String::with_capacity(xml.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (pos, s) in edits {
        out.push_str(&xml[at..pos]);
        out.push_str(&s);
        at = pos;
    }
    out.push_str(&xml[at..]);
    out
}

/// The qualified name in a start tag: `w:r` in `<w:r w:rsidR="00A1">`.
fn tag_name(open: &str) -> &str {
    let s = open.trim_start_matches('<');
    let end = s
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len());
    &s[..end]
}

/// The largest `w:id` of the comments in a comments part.
fn max_comment_id(xml: &str, part: &str) -> Result<Option<i64>, DocxError> {
    let mut ev = Events::new(xml.as_bytes(), part);
    let mut max = None;
    loop {
        match ev.next()? {
            Ev::Start(e) | Ev::Empty(e) if e.is(b"comment") => max = max.max(e.attr_num(b"id")),
            Ev::Eof => return Ok(max),
            _ => {}
        }
    }
}

/// `xml` with `insert` just before the end tag of its root element.
fn insert_before_root_end(xml: &str, part: &str, insert: &str) -> Result<String, DocxError> {
    let mut ev = Events::new(xml.as_bytes(), part);
    let mut depth = 0usize;
    loop {
        match ev.next()? {
            Ev::Start(_) => depth += 1,
            Ev::End(_, range) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(format!(
                        "{}{insert}{}",
                        &xml[..range.start],
                        &xml[range.start..]
                    ));
                }
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Err(DocxError::Xml {
        part: part.to_owned(),
        message: "没有根元素".to_owned(),
    })
}

/// `wanted`, or `comments1.xml` … when a part of that name exists already.
fn free_name(doc: &Loaded<'_>, wanted: &str) -> String {
    let taken = |n: &str| doc.package.zip.entry(n).is_some();
    if !taken(wanted) {
        return wanted.to_owned();
    }
    let stem = wanted.trim_end_matches(".xml");
    (1..)
        .map(|i| format!("{stem}{i}.xml"))
        .find(|n| !taken(n))
        .unwrap_or_else(|| wanted.to_owned())
}

/// A relationship id the main part does not use yet (`rId7`).
fn free_rel_id(doc: &Loaded<'_>) -> String {
    let max = doc
        .package
        .all_rel_ids
        .iter()
        .filter_map(|id| id.strip_prefix("rId")?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("rId{}", max + 1)
}
