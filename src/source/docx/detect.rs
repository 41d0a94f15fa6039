//! What a file is, by its content (and, for files that claim to be Word
//! documents, by its name): a Word package, a legacy binary document, an
//! encrypted document, or something dressed up as a Word document.

use super::DocxError;

/// How a file should be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A ZIP: read as a Word package.
    Package,
    /// Plain text (or anything the text decoder should judge).
    Text,
    /// Not readable, and why.
    Refused(DocxError),
}

/// Extensions of Word and WPS documents.
const WORD_EXTENSIONS: &[&str] = &["docx", "docm", "dotx", "dotm", "doc", "dot", "wps", "wpt"];

/// The extension of `name` when it names a Word or WPS document.
fn word_extension(name: &str) -> Option<String> {
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    WORD_EXTENSIONS.contains(&ext.as_str()).then_some(ext)
}

/// Decide how to read `bytes`, named `name`.
pub(crate) fn kind(name: &str, bytes: &[u8]) -> Kind {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Kind::Package;
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Kind::Refused(ole(bytes));
    }
    let extension = word_extension(name);
    // Sniffing makes a lowercase copy of the head: only for a Word name or
    // a head that may open an RTF file.
    if extension.is_none() && memchr::memchr(b'{', &bytes[..bytes.len().min(HEAD)]).is_none() {
        return Kind::Text;
    }
    let head = head_text(bytes);
    if head.starts_with("{\\rtf") {
        return Kind::Refused(DocxError::Disguised {
            extension: extension.unwrap_or_default(),
            actual: "RTF 格式",
        });
    }
    let Some(extension) = extension else {
        return Kind::Text;
    };
    let actual = if head.starts_with("mime-version:") || head.contains("multipart/related") {
        "网页存档（MHTML）"
    } else if head.contains("<html") || head.starts_with("<!doctype html") {
        "HTML 网页（常见于从网站或办公系统导出的“Word”文件）"
    } else if head.contains("<w:worddocument") || head.contains("progid=\"word.document\"") {
        "Word 2003 XML 文档"
    } else if head.contains("<pkg:package") {
        "Word XML 文档（单文件 XML）"
    } else if bytes.is_empty() {
        "空文件"
    } else {
        "不是 Word 文档的内容"
    };
    Kind::Refused(DocxError::Disguised { extension, actual })
}

/// How many bytes of a file's start are sniffed.
const HEAD: usize = 1024;

/// The start of a file as lowercase text, for sniffing.
fn head_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(HEAD)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    String::from_utf8_lossy(head).trim_start().to_lowercase()
}

/// An OLE compound file: encrypted OOXML (`EncryptedPackage` stream) or a
/// legacy binary document. Stream names are UTF-16 in the directory.
fn ole(bytes: &[u8]) -> DocxError {
    let has = |name: &str| {
        let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    if has("EncryptedPackage") || has("EncryptionInfo") {
        DocxError::Encrypted
    } else if has("WordDocument") {
        DocxError::Legacy
    } else {
        DocxError::NotWord("旧版 Office 二进制文件（如 .xls、.ppt），")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn kinds() {
        assert_eq!(kind("a.txt", b"PK\x03\x04rest"), Kind::Package);
        assert_eq!(kind("a.txt", "报告".as_bytes()), Kind::Text);
        let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
        ole.extend(vec![0; 100]);
        let mut enc = ole.clone();
        enc.extend(utf16("EncryptedPackage"));
        assert_eq!(kind("a.docx", &enc), Kind::Refused(DocxError::Encrypted));
        let mut doc = ole.clone();
        doc.extend(utf16("WordDocument"));
        assert_eq!(kind("a.doc", &doc), Kind::Refused(DocxError::Legacy));
        assert!(matches!(
            kind("a.xls", &ole),
            Kind::Refused(DocxError::NotWord(_))
        ));
        let html = b"\xEF\xBB\xBF  <!DOCTYPE html><html><body>x</body></html>";
        assert!(matches!(
            kind("报告.docx", html),
            Kind::Refused(DocxError::Disguised { ref extension, .. }) if extension == "docx"
        ));
        // The same bytes named .html are text for the text decoder to judge.
        assert_eq!(kind("a.html", html), Kind::Text);
        assert!(matches!(
            kind("a.txt", b"{\\rtf1\\ansi x}"),
            Kind::Refused(_)
        ));
        // RTF after a BOM and leading (also ideographic) white space, in
        // any case; braces in plain text are not RTF.
        let rtf = "\u{feff} \u{3000}\n{\\RTF1 x}";
        assert!(matches!(
            kind("a.txt", rtf.as_bytes()),
            Kind::Refused(DocxError::Disguised {
                actual: "RTF 格式",
                ..
            })
        ));
        assert_eq!(kind("a.txt", "附件{1}：统计表".as_bytes()), Kind::Text);
        assert!(matches!(kind("a.DOCX", b""), Kind::Refused(_)));
    }
}
