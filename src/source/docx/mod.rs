//! Word documents (`.docx`, also `.docm` and templates, as Word and WPS
//! write them): reading their text, and writing findings back as comments.
//!
//! Both are pure functions of bytes — no files, threads or processes — so
//! that they run anywhere the linter does, WebAssembly included.
//!
//! [`read`] renders a document as text, one line per paragraph (see
//! [`render`] for the order), with tracked changes accepted and automatic
//! numbering written out; the numbers are listed as [`Generated`] spans so
//! that nothing edits them. [`annotate()`] returns a copy of the package with
//! a Word comment on each given span of that rendering.
//!
//! Modules, one idea each: [`zip`] / [`zip_write`] (the container, with
//! limits), [`package`] (parts and relationships), [`xml`] (events with
//! byte ranges), [`styles`], [`numbering`], [`numfmt`], [`counters`]
//! (automatic numbering), [`walk`] / [`story`] (paragraphs and pieces of
//! text with their XML places), [`render`] (the text and its map),
//! [`anchor`] / [`annotate`](mod@annotate) (comments), [`detect`] (what a file is).

mod anchor;
mod annotate;
mod comments;
mod counters;
mod detect;
mod markers;
mod numbering;
mod numfmt;
mod package;
mod render;
mod story;
mod styles;
mod walk;
mod xml;
mod zip;
mod zip_write;

#[cfg(test)]
mod tests;

pub use annotate::{AUTHOR, Comment, annotate, annotate_findings, annotated_name};

use crate::span::Span;
use std::fmt;

/// What kind of paragraph a line of the rendering is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// A paragraph of the body.
    Body,
    /// A paragraph in a table cell.
    Cell,
    /// A paragraph in a text box.
    TextBox,
    Footnote,
    Endnote,
    /// A line of a table of contents (it repeats the headings).
    Toc,
}

impl LineKind {
    /// The name shown by `reportlint debug text`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            LineKind::Body => "",
            LineKind::Cell => "表格",
            LineKind::TextBox => "文本框",
            LineKind::Footnote => "脚注",
            LineKind::Endnote => "尾注",
            LineKind::Toc => "目录",
        }
    }
}

/// One line (paragraph) of the rendering.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Line {
    pub kind: LineKind,
    /// The outline level of the paragraph or its style (0 = heading 1);
    /// `None` for body text.
    pub outline: Option<u8>,
    /// The name of its paragraph style (`heading 1`, `Normal`).
    pub style: Option<String>,
    /// The automatic number at its start, as bytes of the rendering.
    pub numbering: Option<Span>,
}

/// Text of the rendering that is not in the document's text: an automatic
/// number Word draws from `numbering.xml`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Generated {
    /// Bytes of the rendering (the number and the tab or space after it).
    pub span: Span,
    /// The 1-based line (paragraph) it starts.
    pub line: usize,
    /// The list (`w:numId`) and 1-based level.
    pub num_id: i64,
    pub level: u8,
}

/// What reading a Word document yields besides its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocxInfo {
    /// One entry per line of the rendering.
    pub lines: Vec<Line>,
    /// Automatic numbers, in order.
    pub generated: Vec<Generated>,
    /// The package may carry macros (`.docm`): they are never run.
    pub macros: bool,
}

/// Why a file could not be read as a Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// A damaged ZIP container.
    Corrupt(String),
    /// More entries than [`zip::MAX_ENTRIES`].
    TooManyEntries(u64),
    /// Inflating would exceed [`zip::MAX_INFLATED`].
    TooLarge,
    /// Protected by a password.
    Encrypted,
    /// A legacy binary document (`.doc`, `.wps`).
    Legacy,
    /// Some other format (the text says which, ending in `，`).
    NotWord(&'static str),
    /// Named like a Word document, but something else.
    Disguised {
        extension: String,
        actual: &'static str,
    },
    /// A part is not well-formed XML.
    Xml { part: String, message: String },
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Corrupt(m) => write!(
                f,
                "Word 文档已损坏，无法读取：{m}（可在 Word 或 WPS 中打开、修复后另存为 .docx）"
            ),
            DocxError::TooManyEntries(n) => write!(
                f,
                "文件中的条目过多（{n} 个，上限 {}），可能是恶意构造的文件，未读取",
                zip::MAX_ENTRIES
            ),
            DocxError::TooLarge => write!(
                f,
                "解压后的内容超过 {} MB 上限（可能是恶意构造的“压缩炸弹”），未读取",
                zip::MAX_INFLATED >> 20
            ),
            DocxError::Encrypted => f.write_str(
                "文件设有打开密码（已加密），无法读取：请在 Word 或 WPS 中取消密码后另存一份再检查",
            ),
            DocxError::Legacy => f.write_str(
                "是旧版 Word/WPS 二进制格式（.doc/.wps），reportlint 只读取 .docx：请在 Word 或 WPS 中“另存为” Word 文档（*.docx）后再检查",
            ),
            DocxError::NotWord(what) => write!(f, "是{what}不是 Word 文档"),
            DocxError::Disguised { extension, actual } if extension.is_empty() => {
                write!(f, "内容是{actual}，不是文本：请在 Word 或 WPS 中另存为 .docx")
            }
            DocxError::Disguised { extension, actual } => write!(
                f,
                "扩展名是 .{extension}，但内容是{actual}：请用 Word 或 WPS 打开后另存为 .docx"
            ),
            DocxError::Xml { part, message } => {
                write!(f, "Word 文档的 {part} 已损坏（{message}），无法读取")
            }
        }
    }
}

impl std::error::Error for DocxError {}

impl From<DocxError> for crate::source::DecodeError {
    fn from(e: DocxError) -> Self {
        crate::source::DecodeError::Docx(e)
    }
}

/// How `bytes` named `name` are to be read: `Ok(true)` a Word package,
/// `Ok(false)` text, `Err` neither (a legacy, encrypted or disguised file).
pub(crate) fn sniff(name: &str, bytes: &[u8]) -> Result<bool, DocxError> {
    match detect::kind(name, bytes) {
        detect::Kind::Package => Ok(true),
        detect::Kind::Text => Ok(false),
        detect::Kind::Refused(e) => Err(e),
    }
}

/// A document read completely: its parts, stories and rendering.
pub(crate) struct Loaded<'a> {
    pub(crate) package: package::Package<'a>,
    pub(crate) body: Vec<u8>,
    pub(crate) body_story: story::Story,
    /// (part name, XML, story) of the footnotes and endnotes, if any.
    pub(crate) footnotes: Option<(String, Vec<u8>, story::Story)>,
    pub(crate) endnotes: Option<(String, Vec<u8>, story::Story)>,
    pub(crate) rendered: render::Rendered,
}

/// Read the package in `bytes` completely.
pub(crate) fn load(bytes: &[u8]) -> Result<Loaded<'_>, DocxError> {
    let mut pkg = package::Package::open(bytes)?;
    let main = pkg.main.clone();
    let body = pkg
        .bytes(&main)?
        .ok_or(DocxError::NotWord("ZIP 压缩包，其中没有 Word 文档正文，"))?;
    let mut optional = |kind: &str| -> Result<Option<(String, String)>, DocxError> {
        let Some(name) = pkg.related(kind).map(|r| r.target.clone()) else {
            return Ok(None);
        };
        Ok(pkg.text(&name)?.map(|xml| (name, xml)))
    };
    let styles = match optional(package::STYLES)? {
        Some((name, xml)) => styles::Styles::parse(&xml, &name)?,
        None => styles::Styles::default(),
    };
    let numbering = match optional(package::NUMBERING)? {
        Some((name, xml)) => numbering::Numbering::parse(&xml, &name)?,
        None => numbering::Numbering::default(),
    };
    let mut notes = |kind: &str| -> Result<Option<(String, Vec<u8>, story::Story)>, DocxError> {
        let Some(name) = pkg.related(kind).map(|r| r.target.clone()) else {
            return Ok(None);
        };
        let Some(xml) = pkg.bytes(&name)? else {
            return Ok(None);
        };
        let story = walk::walk(&xml, &name)?;
        Ok(Some((name, xml, story)))
    };
    let footnotes = notes(package::FOOTNOTES)?;
    let endnotes = notes(package::ENDNOTES)?;
    let body_story = walk::walk(&body, &main)?;
    let rendered = render::render(&render::Sources {
        body: &body_story,
        footnotes: footnotes.as_ref().map(|(_, _, s)| s),
        endnotes: endnotes.as_ref().map(|(_, _, s)| s),
        styles: &styles,
        numbering: &numbering,
    });
    Ok(Loaded {
        package: pkg,
        body,
        body_story,
        footnotes,
        endnotes,
        rendered,
    })
}

/// Read a Word document: its text rendering (one line per paragraph) and
/// what the rendering is made of.
pub(crate) fn read(bytes: &[u8]) -> Result<(String, DocxInfo), DocxError> {
    let loaded = load(bytes)?;
    let macros = loaded.package.macros;
    let r = loaded.rendered;
    Ok((
        r.text,
        DocxInfo {
            lines: r.lines,
            generated: r.generated,
            macros,
        },
    ))
}
