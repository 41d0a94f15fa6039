//! Paragraph styles (`word/styles.xml`): the numbering and outline level a
//! paragraph gets from its style, following `w:basedOn`; and numbering
//! styles, which lists may take their levels from.
//!
//! Drafts built from a 公文 template often number their headings through
//! the heading styles (`标题 1` … with a `w:numPr`), not in the paragraphs.

use super::DocxError;
use super::xml::{Ev, Events};
use std::collections::HashMap;

/// What a style says about numbering and outline.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StyleProps {
    /// `w:numPr/w:numId` (0 switches numbering off).
    pub(crate) num_id: Option<i64>,
    /// `w:numPr/w:ilvl`.
    pub(crate) ilvl: Option<i64>,
    /// `w:outlineLvl` (0 = level 1 heading, 9 = body text).
    pub(crate) outline: Option<i64>,
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    /// Its own properties.
    props: StyleProps,
    /// With those it inherits (filled in after reading).
    inherited: StyleProps,
    /// A table-of-contents style.
    toc: bool,
}

/// The paragraph styles of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    /// The style of paragraphs without `w:pStyle`.
    default: Option<String>,
}

impl Styles {
    /// Read `styles.xml`.
    pub(super) fn parse(xml: &str, part: &str) -> Result<Styles, DocxError> {
        let mut out = Styles::default();
        let mut ev = Events::new(xml.as_bytes(), part);
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = false;
        loop {
            match ev.next()? {
                Ev::Start(e) | Ev::Empty(e) if e.is(b"style") => {
                    // Paragraph styles, and numbering styles (which a list
                    // refers to by `w:numStyleLink`).
                    let kind = e.attr(b"type");
                    let paragraph = kind.as_deref().is_none_or(|t| t == "paragraph");
                    let numbering = kind.as_deref() == Some("numbering");
                    let id = e.attr(b"styleId").unwrap_or_default();
                    if paragraph && e.flag(b"default") {
                        out.default = Some(id.clone());
                    }
                    current = (paragraph || numbering).then(|| (id, Style::default()));
                }
                Ev::End(local, _) if local == b"style" => {
                    if let Some((id, style)) = current.take() {
                        out.styles.insert(id, style);
                    }
                }
                Ev::Start(e) if e.is(b"pPr") => in_ppr = true,
                Ev::End(local, _) if local == b"pPr" => in_ppr = false,
                // The properties before a tracked change are not the style's.
                Ev::Start(e) if e.is(b"pPrChange") => ev.skip()?,
                Ev::Start(e) | Ev::Empty(e) => {
                    let Some((_, style)) = current.as_mut() else {
                        continue;
                    };
                    match e.local() {
                        b"name" if e.is(b"name") => style.name = e.attr(b"val").unwrap_or_default(),
                        b"basedOn" if e.is(b"basedOn") => style.based_on = e.attr(b"val"),
                        b"numId" if in_ppr && e.is(b"numId") => {
                            style.props.num_id = e.attr_num(b"val");
                        }
                        b"ilvl" if in_ppr && e.is(b"ilvl") => style.props.ilvl = e.attr_num(b"val"),
                        b"outlineLvl" if in_ppr && e.is(b"outlineLvl") => {
                            style.props.outline = e.attr_num(b"val");
                        }
                        _ => {}
                    }
                }
                Ev::Eof => break,
                _ => {}
            }
        }
        let inherited: Vec<(String, StyleProps)> = out
            .styles
            .keys()
            .map(|id| (id.clone(), out.inherit(id)))
            .collect();
        for (id, props) in inherited {
            if let Some(s) = out.styles.get_mut(&id) {
                s.inherited = props;
                s.toc = is_toc_style(&s.name);
            }
        }
        Ok(out)
    }

    /// The style a paragraph has: its `w:pStyle`, else the default one.
    pub(crate) fn effective<'s>(&'s self, pstyle: Option<&'s str>) -> Option<&'s str> {
        pstyle.or(self.default.as_deref())
    }

    /// The numbering and outline level of style `id`, inherited through
    /// `w:basedOn` (a property set nearer the style wins).
    pub(crate) fn props(&self, id: &str) -> StyleProps {
        self.styles.get(id).map(|s| s.inherited).unwrap_or_default()
    }

    /// Whether style `id` is a table-of-contents style.
    pub(crate) fn is_toc(&self, id: &str) -> bool {
        self.styles.get(id).is_some_and(|s| s.toc)
    }

    fn inherit(&self, id: &str) -> StyleProps {
        let mut out = StyleProps::default();
        let mut next = Some(id);
        // Depth-limited: a cycle of basedOn must not hang the reader.
        for _ in 0..32 {
            let Some(style) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            out.num_id = out.num_id.or(style.props.num_id);
            out.ilvl = out.ilvl.or(style.props.ilvl);
            out.outline = out.outline.or(style.props.outline);
            if out.outline.is_none() {
                out.outline = heading_level_of_name(&style.name);
            }
            next = style.based_on.as_deref();
        }
        out
    }

    /// The display name of style `id` (`heading 1`, `Normal`).
    pub(super) fn name(&self, id: &str) -> Option<&str> {
        self.styles.get(id).map(|s| s.name.as_str())
    }
}

/// The outline level of a built-in heading style by its name (`heading 2`,
/// `标题 2` → 1); Word stores the English names, WPS sometimes the Chinese.
fn heading_level_of_name(name: &str) -> Option<i64> {
    let lower = name.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    let n: i64 = rest.parse().ok()?;
    (1..=9).contains(&n).then_some(n - 1)
}

/// Whether a style name is one of the table-of-contents styles (`toc 1`,
/// `目录 1`): their paragraphs repeat the headings.
fn is_toc_style(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .strip_prefix("toc")
        .or_else(|| lower.strip_prefix("目录"))
        .is_some_and(|r| {
            let r = r.trim();
            r.is_empty() || r.parse::<u8>().is_ok() || r == "heading"
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inheritance_and_names() {
        let xml = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
          <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
            <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/>
            <w:pPrChange><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:pPrChange></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="我的标题"/><w:basedOn w:val="H1"/>
            <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="H3"><w:name w:val="heading 3"/></w:style>
          <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
        </w:styles>"#;
        let s = Styles::parse(xml, "styles.xml").unwrap();
        let p = s.props("Mine");
        assert_eq!((p.num_id, p.ilvl, p.outline), (Some(3), Some(1), Some(0)));
        assert_eq!(s.props("H3").outline, Some(2));
        assert_eq!(s.effective(None), Some("Normal"));
        assert_eq!(s.props("Loop").num_id, None);
        assert!(is_toc_style("toc 2") && is_toc_style("目录 1") && !is_toc_style("Title"));
    }
}
