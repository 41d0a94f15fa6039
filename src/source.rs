//! Reading documents: bytes → text, with the encoding remembered.
//!
//! Drafts arrive as UTF-8 (with or without BOM) or as GB18030/GBK, which WPS and
//! older Word versions still write. Offsets reported to users are bytes into the
//! file exactly as stored when it is UTF-8 (so a BOM is kept in the text and
//! counted), and bytes into the UTF-8 decoding otherwise.

use std::fmt;

/// How a document was stored.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark; the BOM stays in [`SourceFile::text`].
    Utf8Bom,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
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
    /// Neither valid UTF-8 nor valid GB18030.
    UnknownEncoding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DecodeError::Binary => "不是文本文件（含有二进制内容）",
            DecodeError::Utf16 => "文件是 UTF-16 编码，请另存为 UTF-8",
            DecodeError::UnknownEncoding => "既不是有效的 UTF-8，也不是有效的 GB18030/GBK 编码",
        })
    }
}

impl std::error::Error for DecodeError {}

/// A document as read from disk or standard input.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users (a path as given, or `--stdin-filename`).
    pub name: String,
    /// The text; for UTF-8 files byte-identical to the file.
    pub text: String,
    pub encoding: Encoding,
}

impl SourceFile {
    /// Decode `bytes` read from the file called `name`.
    pub fn decode(name: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        let (text, encoding) = decode(bytes)?;
        Ok(SourceFile {
            name: name.into(),
            text,
            encoding,
        })
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
        }
    }
}

/// Decode document bytes: UTF-8 first, then GB18030.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if looks_binary(&bytes) {
        return Err(DecodeError::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let encoding = if text.starts_with('\u{feff}') {
                Encoding::Utf8Bom
            } else {
                Encoding::Utf8
            };
            Ok((text, encoding))
        }
        Err(err) => {
            let bytes = err.into_bytes();
            let (text, had_errors) = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(&bytes)
                .map(|t| (t, false))
                .unwrap_or_else(|| (Default::default(), true));
            if had_errors || !plausible_gb18030(&text) {
                return Err(DecodeError::UnknownEncoding);
            }
            Ok((text.into_owned(), Encoding::Gb18030))
        }
    }
}

/// NUL bytes never occur in UTF-8 or GB18030 text documents.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 20 > head.len().max(1)
}

/// GB18030 decodes almost any byte string; arbitrary binary or Latin-1 data
/// turns into rare four-byte sequences and private-use characters. Text is
/// plausible when most non-ASCII characters are common CJK or punctuation.
fn plausible_gb18030(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut odd = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        let common = matches!(c,
            '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
            | '\u{3000}'..='\u{303F}' // CJK punctuation
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
            | '\u{2000}'..='\u{206F}' // general punctuation (“” — …)
            | '\u{00B7}' | '\u{00D7}' | '\u{2460}'..='\u{24FF}' | '\u{25A0}'..='\u{25FF}'
            | '\u{3400}'..='\u{4DBF}');
        if !common {
            odd += 1;
        }
    }
    non_ascii == 0 || odd * 10 <= non_ascii
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) = decode("报告".as_bytes().to_vec()).unwrap();
        assert_eq!((t.as_str(), e), ("报告", Encoding::Utf8));
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("报告".as_bytes());
        let (t, e) = decode(b).unwrap();
        assert_eq!((t.as_str(), e), ("\u{feff}报告", Encoding::Utf8Bom));
    }

    #[test]
    fn gb18030() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("2024年度法治政府建设工作报告，共5907件。");
        let (t, e) = decode(bytes.into_owned()).unwrap();
        assert_eq!(t, "2024年度法治政府建设工作报告，共5907件。");
        assert_eq!(e, Encoding::Gb18030);
    }

    #[test]
    fn binary_and_unknown() {
        assert_eq!(
            decode(vec![0x89, b'P', b'N', b'G', 0, 0, 1]),
            Err(DecodeError::Binary)
        );
        assert_eq!(decode(vec![0xFF, 0xFE, b'a', 0]), Err(DecodeError::Utf16));
        // Latin-1 text is not UTF-8 and decodes to implausible GB18030.
        let latin1: Vec<u8> = "caf\u{e9} cr\u{e8}me br\u{fb}l\u{e9}e \u{e0} la fa\u{e7}on"
            .chars()
            .map(|c| c as u32 as u8)
            .collect();
        assert_eq!(decode(latin1), Err(DecodeError::UnknownEncoding));
    }
}
