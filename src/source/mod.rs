//! Reading documents: bytes → text, with the encoding remembered.
//!
//! Drafts arrive as UTF-8 (with or without BOM) or as GB18030/GBK, which WPS and
//! older Word versions still write. Offsets reported to users are bytes into the
//! file exactly as stored when it is UTF-8 (so a BOM is kept in the text and
//! counted), and bytes into the UTF-8 decoding otherwise.
//!
//! Word documents (`.docx`, recognised by content) are read by [`docx`]: the
//! text is their rendering, one line per paragraph, and offsets are bytes of
//! that rendering.

pub mod debug;
mod decode;
pub mod docx;
mod plausible;

pub use decode::decode;

use crate::span::{Span, fits_32_bits};
use std::fmt;
use std::sync::Arc;

/// How a document was stored.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without a byte-order mark.
    Utf8,
    /// UTF-8 with a byte-order mark; the BOM stays in [`SourceFile::text`].
    Utf8Bom,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl Encoding {
    /// The name shown to users (`--debug` output, messages).
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// Encode `text` the way a file in this encoding is stored (a BOM is
    /// part of the text); `None` when the text has a character GB18030
    /// cannot represent. What `--fix` writes and the web page downloads.
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => Some(text.as_bytes().to_vec()),
            Encoding::Gb18030 => {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
                (!unmappable).then(|| bytes.into_owned())
            }
        }
    }
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or other signs of a binary file.
    Binary,
    /// A UTF-16 byte-order mark: save the file as UTF-8.
    Utf16,
    /// Neither valid UTF-8 nor valid GB18030. `utf8_error_at` is the byte
    /// offset of the first byte that is not UTF-8, on line `line`.
    UnknownEncoding { utf8_error_at: usize, line: usize },
    /// A Word document (or a file named like one) that cannot be read.
    Docx(docx::DocxError),
    /// The text is longer than [`MAX_TEXT_LEN`](crate::span::MAX_TEXT_LEN) bytes (offsets are kept in
    /// 32 bits).
    TooLong,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("不是文本文件（含有二进制内容）"),
            DecodeError::Utf16 => f.write_str("文件是 UTF-16 编码，请另存为 UTF-8"),
            DecodeError::UnknownEncoding {
                utf8_error_at,
                line,
            } => write!(
                f,
                "不是有效的 UTF-8（第 {line} 行，字节偏移 {utf8_error_at} 处的字节无效），也不是有效的 GB18030/GBK 编码；请另存为 UTF-8"
            ),
            DecodeError::Docx(e) => e.fmt(f),
            DecodeError::TooLong => f.write_str("文本超过 4 GB，无法检查"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// `text`, unless it is too long to check: a GB18030 file or a Word
/// document can decode to more bytes than the file holds.
fn within_limit(text: String) -> Result<String, DecodeError> {
    match text.len() {
        n if !fits_32_bits(n) => Err(DecodeError::TooLong),
        _ => Ok(text),
    }
}

/// A document as read from disk or standard input.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users (a path as given, or `--stdin-filename`).
    pub name: String,
    /// The text; for UTF-8 files byte-identical to the file.
    pub text: String,
    /// How the file was stored (a Word document's XML is UTF-8).
    pub encoding: Encoding,
    /// For a Word document: what its text rendering is made of (lines,
    /// automatic numbers). `None` for text files.
    pub docx: Option<Arc<docx::DocxInfo>>,
}

impl SourceFile {
    /// Decode `bytes` read from the file called `name`: a Word document
    /// (by content), or text.
    pub fn decode(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        let name = name.into();
        if docx::sniff(&name, &bytes)? {
            let (text, info) = docx::read(&bytes)?;
            return Ok(SourceFile {
                name,
                text: within_limit(text)?,
                encoding: Encoding::Utf8,
                docx: Some(Arc::new(info)),
            });
        }
        let (text, encoding) = decode(bytes)?;
        let text = within_limit(text)?;
        Ok(SourceFile {
            name,
            text,
            encoding,
            docx: None,
        })
    }

    /// Text that is not in the document but in its rendering: the automatic
    /// numbers of a Word document (bytes of [`SourceFile::text`], sorted).
    /// No fix may change them.
    pub fn generated(&self) -> impl Iterator<Item = Span> + '_ {
        self.docx
            .iter()
            .flat_map(|d| d.generated.iter().map(|g| g.span))
    }

    /// What the structure parser is told about each line beyond its text:
    /// a Word document's heading outline levels, and lines that cannot be
    /// headings (tables, notes, text boxes, a table of contents).
    pub(crate) fn line_hints(&self) -> Vec<crate::structure::LineHint> {
        use crate::structure::LineHint;
        let Some(d) = &self.docx else {
            return Vec::new();
        };
        d.lines
            .iter()
            .map(|l| match (l.kind, l.outline) {
                (docx::LineKind::Body, Some(o)) => LineHint::Heading(o),
                (docx::LineKind::Body, None) => LineHint::Text,
                _ => LineHint::Aside,
            })
            .collect()
    }

    /// A document that exists only in memory (tests, rule examples).
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let encoding = if text.starts_with('\u{feff}') {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        };
        SourceFile {
            name: name.into(),
            text,
            encoding,
            docx: None,
        }
    }
}
