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
pub mod docx;

use crate::span::Span;
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
        }
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
                text,
                encoding: Encoding::Utf8,
                docx: Some(Arc::new(info)),
            });
        }
        let (text, encoding) = decode(bytes)?;
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
    pub fn line_hints(&self) -> Vec<crate::structure::LineHint> {
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

/// Decode document bytes.
///
/// In order:
/// 1. a UTF-16 byte-order mark (`FF FE` / `FE FF`) → [`DecodeError::Utf16`].
///    UTF-16 is rejected rather than decoded on purpose: reported byte offsets
///    are offsets into the file as stored, which UTF-16 cannot honour, and a
///    one-line "save as UTF-8" message is clearer than offsets that silently
///    mean something else. BOM-less UTF-16 text is recognised too (NUL bytes
///    in every other position that decode to plausible text) and gets the same
///    error instead of [`DecodeError::Binary`];
/// 2. known binary signatures (PNG, JPEG, GIF, PDF, ZIP/DOCX, OLE/DOC, gzip,
///    7z, ELF, …), any NUL byte, or many control bytes → [`DecodeError::Binary`];
/// 3. valid UTF-8 (with or without BOM) → [`Encoding::Utf8`] /
///    [`Encoding::Utf8Bom`];
/// 4. otherwise GB18030, but only when plausible:
///    no decode errors, no control characters other than `\t \n \r \f`,
///    mostly CJK/ASCII/punctuation, and not "UTF-8 with a few bad bytes"
///    (which GB18030 would turn into mojibake) → [`Encoding::Gb18030`];
/// 5. anything else → [`DecodeError::UnknownEncoding`].
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    if looks_binary(&bytes) {
        if looks_like_bomless_utf16(&bytes) {
            return Err(DecodeError::Utf16);
        }
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
            let at = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let unknown = DecodeError::UnknownEncoding {
                utf8_error_at: at,
                line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
            };
            if mostly_utf8(&bytes) {
                return Err(unknown);
            }
            match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
                Some(text) if plausible_gb18030(&text) => {
                    Ok((text.into_owned(), Encoding::Gb18030))
                }
                _ => Err(unknown),
            }
        }
    }
}

/// File signatures of formats that are never plain text.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"\xFF\xD8\xFF", // JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",       // ZIP, DOCX, XLSX, ODT
    b"\xD0\xCF\x11\xE0", // OLE: DOC, XLS, WPS
    b"\x1F\x8B",         // gzip
    b"7z\xBC\xAF\x27\x1C",
    b"\x7FELF",
    b"BM",   // BMP, only with a NUL (checked below)
    b"RIFF", // WAV, WEBP, AVI
];

/// NUL bytes never occur in UTF-8 or GB18030 text documents; neither do
/// image, archive or office-file signatures, or many control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let has_nul = bytes.contains(&0);
    for magic in BINARY_MAGIC {
        if bytes.starts_with(magic) && (has_nul || !matches!(*magic, b"BM" | b"RIFF")) {
            return true;
        }
    }
    if has_nul {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head.iter().filter(|&&b| is_control_byte(b)).count();
    controls * 20 > head.len().max(1)
}

/// C0 controls (and DEL) other than the whitespace a text file may contain.
fn is_control_byte(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)) || b == 0x7F
}

/// Control characters other than `\t \n \r \f`, including C1 controls.
fn is_control_char(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}')
}

/// UTF-16 without a BOM: an even number of bytes whose NULs are mostly in odd
/// (little-endian) or mostly in even (big-endian) positions and which decodes
/// without errors to plausible text.
fn looks_like_bomless_utf16(bytes: &[u8]) -> bool {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return false;
    }
    let nul_at = |parity: usize| {
        bytes
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    // ASCII puts a NUL in its high byte; a few CJK characters (U+4E00 一)
    // have a zero low byte, so the other side may have some NULs too.
    let encoding = if odd > 2 * even {
        encoding_rs::UTF_16LE
    } else if even > 2 * odd {
        encoding_rs::UTF_16BE
    } else {
        return false;
    };
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => !text.chars().any(is_control_char) && mostly_text(&text),
        None => false,
    }
}

/// Bytes that are UTF-8 apart from a few bad sequences (a truncated or
/// damaged UTF-8 file): GB18030 would decode them, but into mojibake.
///
/// In real GBK/GB18030 Chinese text, byte pairs that happen to form valid
/// multi-byte UTF-8 characters are about a fifth as frequent as invalid
/// sequences; in damaged UTF-8 they outnumber the invalid ones by far.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid > 2 * invalid
}

/// GB18030 decodes almost any byte string; arbitrary binary or Latin-1 data
/// turns into rare four-byte sequences, private-use characters and controls,
/// and random double-byte data into a uniform spread over all of GBK's
/// 21,000 ideographs.
///
/// Text is plausible when it has no control characters besides whitespace,
/// most of its non-ASCII characters are CJK or punctuation, and at least 80%
/// of them (after traditional → simplified, so traditional text counts too)
/// are GB 2312 characters: real documents score above 99%, random bytes
/// around 40%.
fn plausible_gb18030(text: &str) -> bool {
    if text.chars().any(is_control_char) || !mostly_text(text) {
        return false;
    }
    let (common, total) = gb2312_share(text);
    common * 5 >= total * 4
}

/// (GB 2312 characters, all characters) among the first non-ASCII characters
/// of `text`, traditional ones counted by their simplified form.
fn gb2312_share(text: &str) -> (usize, usize) {
    const SAMPLE: usize = 16 * 1024;
    let simplified: String = text
        .chars()
        .filter(|c| !c.is_ascii())
        .take(SAMPLE)
        .map(crate::normalize::to_simplified)
        .collect();
    // GBK encodes every character it has as two bytes and everything else as
    // an ASCII numeric character reference ("&#NNNNN;").
    let (bytes, _, _) = encoding_rs::GBK.encode(&simplified);
    let (mut common, mut total) = (0, 0);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            total += usize::from(b == b';');
            i += 1;
            continue;
        }
        let trail = bytes.get(i + 1).copied().unwrap_or(0);
        total += 1;
        // Rows A1–A9 are symbols, B0–F7 the 6,763 hanzi; AA–AF and F8–FE are
        // GBK's user-defined (private-use) areas.
        if matches!(b, 0xA1..=0xA9 | 0xB0..=0xF7) && (0xA1..=0xFE).contains(&trail) {
            common += 1;
        }
        i += 2;
    }
    (common, total)
}

/// At most one in ten non-ASCII characters outside the CJK, punctuation and
/// symbol blocks that Chinese documents use.
fn mostly_text(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut odd = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        let common = matches!(c,
            '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
            | '\u{3400}'..='\u{4DBF}' // extension A
            | '\u{3000}'..='\u{303F}' // CJK punctuation
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
            | '\u{2000}'..='\u{206F}' // general punctuation (“” — …)
            | '\u{2150}'..='\u{218F}' // number forms (Ⅰ Ⅱ)
            | '\u{2460}'..='\u{24FF}' // enclosed numbers (① ⑴)
            | '\u{25A0}'..='\u{25FF}' // geometric shapes (■ ○)
            | '\u{3200}'..='\u{32FF}' // enclosed CJK (㈠)
            | '\u{00B7}' | '\u{00D7}' | '\u{00F7}' | '\u{00B0}' | '\u{FEFF}');
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
        assert!(matches!(
            decode(latin1),
            Err(DecodeError::UnknownEncoding {
                utf8_error_at: 3,
                line: 1
            })
        ));
    }

    /// A deterministic byte generator (xorshift), so the tests need no crate.
    fn pseudo_random(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    const REPORT: &str = "关于2024年度法治政府建设工作情况的报告\r\n\
        一、主要举措和成效\n\t（一）深入推进依法行政。全年办理行政复议案件128件，\
        纠错率12.5%；审查规范性文件37件。\u{0C}\n二、存在的不足";

    #[test]
    fn gbk_encoded_chinese_text() {
        for encoding in [encoding_rs::GBK, encoding_rs::GB18030] {
            let (bytes, _, unmappable) = encoding.encode(REPORT);
            assert!(!unmappable);
            let (text, enc) = decode(bytes.into_owned()).unwrap();
            assert_eq!(text, REPORT);
            assert_eq!(enc, Encoding::Gb18030);
        }
        // Traditional text saved as GBK (its extension area) decodes too.
        let trad = "區政府法治政府建設工作報告：行政復議、依法行政、規範性文件。";
        let (bytes, _, _) = encoding_rs::GBK.encode(trad);
        assert_eq!(
            decode(bytes.into_owned()).unwrap(),
            (trad.to_owned(), Encoding::Gb18030)
        );
        // A single GBK character.
        let (bytes, _, _) = encoding_rs::GBK.encode("中");
        assert_eq!(decode(bytes.into_owned()).unwrap().1, Encoding::Gb18030);
    }

    #[test]
    fn encode_is_decode_reversed() {
        for (encoding, bytes) in [
            (Encoding::Utf8, REPORT.as_bytes().to_vec()),
            (
                Encoding::Gb18030,
                encoding_rs::GB18030.encode(REPORT).0.into_owned(),
            ),
        ] {
            assert_eq!(encoding.encode(REPORT).as_deref(), Some(bytes.as_slice()));
            assert_eq!(decode(bytes).unwrap(), (REPORT.to_owned(), encoding));
        }
        // GB18030 covers all of Unicode except lone surrogates, which a Rust
        // string cannot hold; a private-use character round-trips too.
        assert!(Encoding::Gb18030.encode("\u{E000}报告").is_some());
    }

    #[test]
    fn utf8_bom_is_kept() {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(REPORT.as_bytes());
        let (t, e) = decode(b.clone()).unwrap();
        assert_eq!(e, Encoding::Utf8Bom);
        assert_eq!(t.as_bytes(), b.as_slice());
        assert_eq!(Encoding::Utf8Bom.name(), "UTF-8 (BOM)");
    }

    #[test]
    fn utf16_is_rejected_with_its_own_error() {
        let le: Vec<u8> = REPORT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = REPORT.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for body in [&le, &be] {
            // With a BOM…
            let bom = if body == &le {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            };
            let mut with_bom = bom.to_vec();
            with_bom.extend_from_slice(body);
            assert_eq!(decode(with_bom), Err(DecodeError::Utf16));
            // …and without one (the ASCII characters put NULs in every other byte).
            assert_eq!(decode(body.clone()), Err(DecodeError::Utf16));
        }
        // BOM-less UTF-16 of pure CJK has no NUL bytes: not recognised, but
        // never accepted as something else either.
        let cjk: Vec<u8> = "法治政府建设"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(decode(cjk).is_err());
    }

    #[test]
    fn png_and_other_binary_signatures() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
        assert_eq!(decode(png), Err(DecodeError::Binary));
        // Only the 8-byte signature: still an image.
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n".to_vec()),
            Err(DecodeError::Binary)
        );
        for head in [
            &b"\xFF\xD8\xFF\xE0"[..],
            b"GIF89a\x01\x00",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
            b"PK\x03\x04\x14\x00\x06\x00",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            b"\x7FELF\x02\x01\x01",
        ] {
            assert_eq!(decode(head.to_vec()), Err(DecodeError::Binary), "{head:?}");
        }
        // A NUL anywhere, even far into the file.
        let mut late_nul = "报告".repeat(10_000).into_bytes();
        late_nul.push(0);
        assert_eq!(decode(late_nul), Err(DecodeError::Binary));
        // Text that merely starts like a signature is still text.
        assert_eq!(decode(b"BMI report".to_vec()).unwrap().1, Encoding::Utf8);
    }

    #[test]
    fn random_bytes_are_rejected() {
        for seed in 0..200 {
            let bytes = pseudo_random(seed, 512);
            assert!(decode(bytes).is_err(), "seed {seed}");
        }
        // Random bytes without NULs or control bytes: not binary by those
        // signs, but not plausible GB18030 either.
        for seed in 0..200 {
            let bytes: Vec<u8> = pseudo_random(seed, 512)
                .into_iter()
                .map(|b| if b < 0x20 { b | 0x40 } else { b })
                .collect();
            assert!(
                matches!(decode(bytes), Err(DecodeError::UnknownEncoding { .. })),
                "seed {seed}"
            );
        }
        // Random high bytes only (the GBK byte range).
        for seed in 0..200 {
            let bytes: Vec<u8> = pseudo_random(seed, 256)
                .into_iter()
                .map(|b| b | 0x80)
                .collect();
            assert!(
                matches!(decode(bytes), Err(DecodeError::UnknownEncoding { .. })),
                "seed {seed}"
            );
        }
    }

    #[test]
    fn control_characters_make_gb18030_implausible() {
        for control in ['\u{1B}', '\u{7}', '\u{7F}'] {
            let text = format!("{REPORT}{control}[31m");
            let (bytes, _, _) = encoding_rs::GBK.encode(&text);
            assert!(
                matches!(
                    decode(bytes.into_owned()),
                    Err(DecodeError::UnknownEncoding { .. })
                ),
                "{control:?}"
            );
        }
        // …while tab, CR, LF and form feed are fine (REPORT has all four).
        let (bytes, _, _) = encoding_rs::GBK.encode(REPORT);
        assert!(decode(bytes.into_owned()).is_ok());
    }

    #[test]
    fn damaged_utf8_is_not_read_as_gb18030_mojibake() {
        let mut bytes = REPORT.repeat(3).into_bytes();
        let at = REPORT
            .char_indices()
            .map(|(i, _)| i)
            .find(|&i| i >= 30)
            .unwrap();
        bytes.insert(at, 0xFF);
        let line = 1 + REPORT[..at].matches('\n').count();
        let err = decode(bytes).unwrap_err();
        assert_eq!(
            err,
            DecodeError::UnknownEncoding {
                utf8_error_at: at,
                line
            }
        );
        // The message says where: users find the byte with a hex editor.
        assert!(err.to_string().contains(&format!("字节偏移 {at}")), "{err}");
        let mut truncated = REPORT.as_bytes().to_vec();
        truncated.truncate(truncated.len() - 1);
        assert!(matches!(
            decode(truncated),
            Err(DecodeError::UnknownEncoding { .. })
        ));
    }
}
