//! The package around a Word document (Open Packaging Conventions): which
//! part is the document, the parts it relates to (styles, numbering, notes,
//! comments), and their content types.

use super::DocxError;
use super::xml::{Ev, Events, part_text};
use super::zip::{Archive, Budget};

/// Relationship types, by the last segment of their URI (transitional and
/// strict URIs differ only before it).
pub(crate) const OFFICE_DOCUMENT: &str = "officeDocument";
pub(crate) const STYLES: &str = "styles";
pub(crate) const NUMBERING: &str = "numbering";
pub(crate) const FOOTNOTES: &str = "footnotes";
pub(crate) const ENDNOTES: &str = "endnotes";
pub(crate) const COMMENTS: &str = "comments";

/// One relationship of a part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    /// The full type URI.
    pub(crate) kind: String,
    /// The target part's name (resolved, without a leading `/`).
    pub(crate) target: String,
}

impl Rel {
    fn is(&self, kind: &str) -> bool {
        self.kind.rsplit('/').next() == Some(kind)
    }
}

/// A Word package opened for reading.
pub(crate) struct Package<'a> {
    pub(crate) zip: Archive<'a>,
    budget: Budget,
    /// The main document part (usually `word/document.xml`).
    pub(crate) main: String,
    /// The main part's relationships to parts of the package.
    pub(crate) rels: Vec<Rel>,
    /// The ids of all the main part's relationships (external ones too).
    pub(crate) all_rel_ids: Vec<String>,
    /// Whether the document may carry macros (`.docm`, `.dotm`).
    pub(crate) macros: bool,
}

impl<'a> Package<'a> {
    /// Open the package in `bytes`.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Package<'a>, DocxError> {
        let zip = Archive::parse(bytes)?;
        let mut pkg = Package {
            zip,
            budget: Budget::default(),
            main: String::new(),
            rels: Vec::new(),
            all_rel_ids: Vec::new(),
            macros: false,
        };
        let root_rels = match pkg.text("_rels/.rels")? {
            Some(xml) => parse_rels(&xml, "_rels/.rels", "")?.0,
            None => Vec::new(),
        };
        pkg.main = root_rels
            .iter()
            .find(|r| r.is(OFFICE_DOCUMENT))
            .map_or_else(|| "word/document.xml".to_owned(), |r| r.target.clone());
        if pkg.zip.entry(&pkg.main).is_none() {
            return Err(DocxError::NotWord(pkg.what_else()));
        }
        let rels_name = rels_part(&pkg.main);
        if let Some(xml) = pkg.text(&rels_name)? {
            (pkg.rels, pkg.all_rel_ids) = parse_rels(&xml, &rels_name, dir_of(&pkg.main))?;
        }
        let types = pkg.text("[Content_Types].xml")?.unwrap_or_default();
        pkg.macros = types.contains("macroEnabled")
            || pkg
                .zip
                .entries
                .iter()
                .any(|e| e.name.to_ascii_lowercase().ends_with("vbaproject.bin"));
        Ok(pkg)
    }

    /// What a ZIP without a Word document is.
    fn what_else(&self) -> &'static str {
        let has = |n: &str| self.zip.entry(n).is_some();
        if has("mimetype") && has("content.xml") {
            "OpenDocument 文档（如 .odt），"
        } else if has("xl/workbook.xml") {
            "Excel 工作簿，"
        } else if has("ppt/presentation.xml") {
            "PowerPoint 演示文稿，"
        } else {
            "ZIP 压缩包，其中没有 Word 文档正文（word/document.xml），"
        }
    }

    /// The text of part `name`, if the package has it.
    pub(crate) fn text(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let Some(entry) = self.zip.entry(name) else {
            return Ok(None);
        };
        let bytes = self.zip.read(entry, &mut self.budget)?;
        part_text(bytes, name).map(Some)
    }

    /// The bytes of part `name`, if the package has it (story parts: their
    /// text is checked piece by piece as it is read).
    pub(crate) fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(entry) = self.zip.entry(name) else {
            return Ok(None);
        };
        self.zip.read(entry, &mut self.budget).map(Some)
    }

    /// The target of the main part's relationship of `kind`.
    pub(crate) fn related(&self, kind: &str) -> Option<&Rel> {
        self.rels.iter().find(|r| r.is(kind))
    }
}

/// The relationships part of `part`: `word/_rels/document.xml.rels`.
pub(crate) fn rels_part(part: &str) -> String {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    }
}

/// The folder of a part name, with a trailing `/` (empty at the root).
pub(crate) fn dir_of(part: &str) -> &str {
    part.rfind('/').map_or("", |i| &part[..=i])
}

/// Read a relationships part: the relationships to parts (targets resolved
/// against `base`), and the ids of all relationships.
pub(crate) fn parse_rels(
    xml: &str,
    part: &str,
    base: &str,
) -> Result<(Vec<Rel>, Vec<String>), DocxError> {
    let mut out = Vec::new();
    let mut ids = Vec::new();
    let mut ev = Events::new(xml.as_bytes(), part);
    loop {
        match ev.next()? {
            Ev::Start(e) | Ev::Empty(e) if e.local() == b"Relationship" => {
                ids.extend(e.attr(b"Id"));
                if e.attr(b"TargetMode")
                    .is_some_and(|m| m.eq_ignore_ascii_case("External"))
                {
                    continue;
                }
                let (Some(kind), Some(target)) = (e.attr(b"Type"), e.attr(b"Target")) else {
                    continue;
                };
                out.push(Rel {
                    kind,
                    target: resolve(base, &target),
                });
            }
            Ev::Eof => break,
            _ => {}
        }
    }
    Ok((out, ids))
}

/// A relationship target as a part name: `../media/a.png` from `word/`
/// is `media/a.png`; `/word/x.xml` is absolute.
fn resolve(base: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("{base}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve() {
        assert_eq!(resolve("word/", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve("word/", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word/", "/word/comments.xml"), "word/comments.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            rels_part("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_part("document.xml"), "_rels/document.xml.rels");
        assert_eq!(dir_of("word/document.xml"), "word/");
    }
}
