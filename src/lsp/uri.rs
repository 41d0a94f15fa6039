//! `file:` URIs ↔ filesystem paths, as editors write them (RFC 8089).
//!
//! Editors differ in what they percent-encode (VS Code encodes every
//! non-ASCII character and the `:` of a Windows drive, Neovim fewer), so
//! paths are decoded from any form and encoded in the strictest one. Other
//! schemes (`untitled:`) have no path.

use lsp_types::Uri;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Characters kept as they are in a path: unreserved ones and `/`.
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// The local path a `file:` URI names.
pub(crate) fn to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let scheme_end = s.find(':')?;
    if !s[..scheme_end].eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = &s[scheme_end + 1..];
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let path = match rest.strip_prefix("//") {
        Some(after) => {
            let slash = after.find('/').unwrap_or(after.len());
            let host = &after[..slash];
            if !host.is_empty() && !host.eq_ignore_ascii_case("localhost") {
                return unc_path(host, &after[slash..]);
            }
            &after[slash..]
        }
        None => rest,
    };
    if path.is_empty() {
        return None;
    }
    local_path(path)
}

#[cfg(unix)]
fn local_path(encoded: &str) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    let bytes: Vec<u8> = percent_decode_str(encoded).collect();
    Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn local_path(encoded: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(encoded).decode_utf8().ok()?;
    // `/C:/Users/…` → `C:/Users/…`
    let trimmed = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => &decoded[1..],
        _ => &decoded[..],
    };
    Some(PathBuf::from(trimmed.replace('/', "\\")))
}

/// `file://server/share/…`: a UNC path on Windows, nothing elsewhere.
#[cfg(windows)]
fn unc_path(host: &str, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(format!(
        "\\\\{host}{}",
        decoded.replace('/', "\\")
    )))
}

#[cfg(not(windows))]
fn unc_path(_host: &str, _path: &str) -> Option<PathBuf> {
    None
}

/// The `file:` URI of an absolute path (`.` and `..` resolved).
pub(crate) fn from_path(path: &Path) -> Option<Uri> {
    let clean = crate::cli::files::lexically_absolute(path)?;
    let mut encoded = String::from("file://");
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = clean.as_os_str().as_bytes();
        encoded.extend(percent_encoding::percent_encode(bytes, PATH_KEEP));
    }
    #[cfg(not(unix))]
    {
        let text = clean.to_str()?.replace('\\', "/");
        if !text.starts_with('/') {
            encoded.push('/');
        }
        encoded.extend(percent_encoding::utf8_percent_encode(&text, PATH_KEEP));
    }
    Uri::from_str(&encoded).ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn file_uris_decode_to_paths() {
        let vscode = uri("file:///home/u/%E8%8D%89%E7%A8%BF%20%E4%B8%80.md");
        assert_eq!(to_path(&vscode).unwrap(), Path::new("/home/u/草稿 一.md"));
        let raw = uri("file://localhost/tmp/a%2Bb.txt");
        assert_eq!(to_path(&raw).unwrap(), Path::new("/tmp/a+b.txt"));
        assert_eq!(to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(to_path(&uri("file://server/share/a.txt")), None);
    }

    #[test]
    fn paths_encode_to_uris_and_back() {
        let p = Path::new("/tmp/报告 2024/./sub/../reportlint.yaml");
        let u = from_path(p).unwrap();
        assert_eq!(
            u.as_str(),
            "file:///tmp/%E6%8A%A5%E5%91%8A%202024/reportlint.yaml"
        );
        assert_eq!(
            to_path(&u).unwrap(),
            Path::new("/tmp/报告 2024/reportlint.yaml")
        );
    }
}
