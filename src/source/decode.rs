//! Which encoding a file's bytes are in: UTF-8, GB18030, or none we read.

use super::plausible::{mostly_utf8, plain_text, plausible_gb18030};
use super::{DecodeError, Encoding};

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
    // Validated with SIMD and then copied: the standard library's check
    // takes about ten instructions per byte of Chinese text, the copy a
    // fraction of one (and `bytes` is freed right after).
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        let encoding = if text.starts_with('\u{feff}') {
            Encoding::Utf8Bom
        } else {
            Encoding::Utf8
        };
        return Ok((text.to_owned(), encoding));
    }
    // Not UTF-8; the standard library says where it stops being UTF-8.
    let at = std::str::from_utf8(&bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let unknown = DecodeError::UnknownEncoding {
        utf8_error_at: at,
        line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
    };
    if mostly_utf8(&bytes) {
        return Err(unknown);
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(&bytes) {
        Some(text) if plausible_gb18030(&text) => Ok((text.into_owned(), Encoding::Gb18030)),
        _ => Err(unknown),
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
    // The memchr crate's search is vectorized; `<[u8]>::contains` is not.
    let has_nul = memchr::memchr(0, bytes).is_some();
    for magic in BINARY_MAGIC {
        if bytes.starts_with(magic) && (has_nul || !matches!(*magic, b"BM" | b"RIFF")) {
            return true;
        }
    }
    if has_nul {
        return true;
    }
    let head = &bytes[..bytes.len().min(8192)];
    // Counted into a byte per chunk of at most 255, which vectorizes.
    let controls: usize = head
        .chunks(255)
        .map(|chunk| {
            usize::from(
                chunk
                    .iter()
                    .map(|&b| u8::from(is_control_byte(b)))
                    .sum::<u8>(),
            )
        })
        .sum();
    controls * 20 > head.len().max(1)
}

/// C0 controls (and DEL) other than the whitespace a text file may contain.
/// Byte comparisons only, without branches.
fn is_control_byte(b: u8) -> bool {
    let text_whitespace = (b == b'\t') | (b == b'\n') | (b == 0x0C) | (b == b'\r');
    (b < 0x20) & !text_whitespace | (b == 0x7F)
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
        Some(text) => plain_text(&text),
        None => false,
    }
}

#[cfg(test)]
mod tests;
