//! The comments part of a package: the comments reportlint adds appended
//! to `comments.xml`, or a new `comments.xml` with its relationship and
//! content type when the document has none.

use super::package::{COMMENTS, dir_of, rels_part};
use super::xml::{Ev, Events};
use super::{AUTHOR, DocxError, Loaded};
use crate::xml_text::escape_xml;
use std::collections::HashMap;

const COMMENTS_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";

/// What the copy changes: parts replaced and parts added, by name.
#[derive(Default)]
pub(super) struct Edits {
    pub(super) replaced: HashMap<String, Vec<u8>>,
    pub(super) added: Vec<(String, Vec<u8>)>,
}

/// The document's comments part, if it has one.
pub(super) struct CommentsPart {
    name: Option<String>,
    existing: Option<String>,
}

impl CommentsPart {
    pub(super) fn open(doc: &mut Loaded<'_>) -> Result<CommentsPart, DocxError> {
        let name = doc.package.related(COMMENTS).map(|r| r.target.clone());
        let existing = match &name {
            Some(n) => doc.package.text(n)?,
            None => None,
        };
        Ok(CommentsPart { name, existing })
    }

    /// The first comment id no comment or marker of the document uses.
    pub(super) fn next_id(&self, doc: &Loaded<'_>) -> Result<i64, DocxError> {
        let in_part = match (&self.existing, &self.name) {
            (Some(xml), Some(name)) => max_comment_id(xml, name)?,
            _ => None,
        };
        Ok(1 + in_part
            .max(doc.body_story.max_comment_id)
            .max(doc.footnotes.as_ref().and_then(|n| n.2.max_comment_id))
            .max(doc.endnotes.as_ref().and_then(|n| n.2.max_comment_id))
            .unwrap_or(-1))
    }

    /// Add the `w:comment` elements `comments` to the package.
    pub(super) fn write(
        self,
        doc: &mut Loaded<'_>,
        comments: &str,
        strict: bool,
        edits: &mut Edits,
    ) -> Result<(), DocxError> {
        if let (Some(name), Some(xml)) = (self.name, self.existing) {
            let updated = insert_before_root_end(&xml, &name, comments)?;
            edits.replaced.insert(name, updated.into_bytes());
            return Ok(());
        }
        let main = doc.package.main.clone();
        let w_uri = if strict {
            super::xml::W_STRICT
        } else {
            super::xml::W_TRANSITIONAL
        };
        let name = free_name(doc, &format!("{}comments.xml", dir_of(&main)));
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:comments xmlns:w=\"{w_uri}\">{comments}</w:comments>"
        );
        edits.added.push((name.clone(), xml.into_bytes()));
        let rel_type = if strict {
            "http://purl.oclc.org/ooxml/officeDocument/relationships/comments"
        } else {
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
        };
        let target = name.rsplit('/').next().unwrap_or(&name).to_owned();
        let rels_name = rels_part(&main);
        match doc.package.text(&rels_name)? {
            Some(rels) => {
                let id = free_rel_id(doc);
                let rel = format!("<Relationship Id=\"{id}\" Type=\"{rel_type}\" Target=\"{target}\"/>");
                let updated = insert_before_root_end(&rels, &rels_name, &rel)?;
                edits.replaced.insert(rels_name, updated.into_bytes());
            }
            None => edits.added.push((
                rels_name,
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel_type}\" Target=\"{target}\"/></Relationships>"
                )
                .into_bytes(),
            )),
        }
        if let Some(types) = doc.package.text("[Content_Types].xml")? {
            let over = format!("<Override PartName=\"/{name}\" ContentType=\"{COMMENTS_TYPE}\"/>");
            let updated = insert_before_root_end(&types, "[Content_Types].xml", &over)?;
            edits
                .replaced
                .insert("[Content_Types].xml".to_owned(), updated.into_bytes());
        }
        Ok(())
    }
}

/// One `w:comment` element.
pub(super) fn comment(id: i64, paragraphs: &[String], w_uri: &str) -> String {
    let mut out = format!(
        "<w:comment xmlns:w=\"{w_uri}\" w:id=\"{id}\" w:author=\"{AUTHOR}\" w:initials=\"RL\">"
    );
    for (i, p) in paragraphs.iter().enumerate() {
        out.push_str("<w:p>");
        if i == 0 {
            out.push_str("<w:r><w:annotationRef/></w:r>");
        }
        out.push_str("<w:r><w:t xml:space=\"preserve\">");
        out.push_str(&escape_xml(p));
        out.push_str("</w:t></w:r></w:p>");
    }
    if paragraphs.is_empty() {
        out.push_str("<w:p><w:r><w:annotationRef/></w:r></w:p>");
    }
    out.push_str("</w:comment>");
    out
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
