//! An element's start tag as the tokenizer found it: its names, and its
//! attributes, read only when asked for (most elements are skipped).

use super::Ns;
use memchr::memchr;
use std::ops::Range;

/// The local part of a qualified name (`p` of `w:p`).
pub(super) fn local_of(qname: &[u8]) -> &[u8] {
    match memchr(b':', qname) {
        Some(i) => &qname[i + 1..],
        None => qname,
    }
}

/// An element start (or empty element) with its namespace and range.
pub(crate) struct El<'a> {
    pub(crate) ns: Ns,
    /// The qualified name (`w:p`).
    pub(crate) name: &'a [u8],
    /// The local name (`p`).
    pub(super) local: &'a [u8],
    /// The attributes as written, after the name.
    pub(super) attrs: &'a [u8],
    pub(crate) range: Range<usize>,
    /// An empty element (`<w:tab/>`): no content, no end event.
    pub(crate) empty: bool,
}

impl El<'_> {
    /// Whether content and an end event follow.
    pub(crate) fn is_start(&self) -> bool {
        !self.empty
    }

    /// The local name (`p` for `w:p`).
    pub(crate) fn local(&self) -> &[u8] {
        self.local
    }

    /// Whether this is the WordprocessingML element `name`.
    pub(crate) fn is(&self, name: &[u8]) -> bool {
        self.ns == Ns::W && self.local() == name
    }

    /// The raw value of the attribute with local name `name`.
    fn raw_attr(&self, name: &[u8]) -> Option<&[u8]> {
        attributes(self.attrs).find_map(|(k, v)| (local_of(k) == name).then_some(v))
    }

    /// Whether the tag declares namespace `uri` (on the root element).
    pub(crate) fn declares(&self, uri: &str) -> bool {
        attributes(self.attrs).any(|(k, v)| k.starts_with(b"xmlns") && v == uri.as_bytes())
    }

    /// Whether the element has `xml:space="preserve"`.
    pub(crate) fn preserves_space(&self) -> bool {
        // The usual spelling first; any other goes through the attributes.
        let attrs = self.attrs.trim_ascii();
        attrs == b"xml:space=\"preserve\""
            || (!attrs.is_empty() && self.qualified_attr(b"xml:space") == Some(b"preserve"))
    }

    /// The attribute with exactly the qualified name `qname` (`xml:space`).
    pub(crate) fn qualified_attr(&self, qname: &[u8]) -> Option<&[u8]> {
        attributes(self.attrs).find_map(|(k, v)| (k == qname).then_some(v))
    }

    /// The value of the attribute with local name `name` (`w:val` → `val`),
    /// unescaped.
    pub(crate) fn attr(&self, name: &[u8]) -> Option<String> {
        self.raw_attr(name).map(unescape)
    }

    /// A `w:val`-style number.
    pub(crate) fn attr_num(&self, name: &[u8]) -> Option<i64> {
        std::str::from_utf8(self.raw_attr(name)?)
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    /// Whether attribute `name` is set to true (`w:default="1"`).
    pub(crate) fn flag(&self, name: &[u8]) -> bool {
        matches!(self.raw_attr(name), Some(b"1" | b"true" | b"on"))
    }

    /// An on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`).
    pub(crate) fn on(&self) -> bool {
        !matches!(self.raw_attr(b"val"), Some(b"0" | b"false" | b"off"))
    }
}

/// The (name, raw value) pairs of a tag's attribute bytes, which the
/// tokenizer has checked.
pub(super) fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[start..];
        let eq = memchr(b'=', s)?;
        let key = s[..eq].trim_ascii_end();
        let rest = s[eq + 1..].trim_ascii_start();
        let quote = *rest.first()?;
        let close = memchr(quote, &rest[1..])?;
        let value = &rest[1..1 + close];
        s = &rest[close + 2..];
        Some((key, value))
    })
}

/// An attribute value with its references resolved.
fn unescape(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = &*s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest
            .find(';')
            .and_then(|j| Some((reference(&rest[1..j])?, j)))
        {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of a reference's name (`amp`, `#x4E00`).
pub(super) fn reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            return char::from_u32(code).filter(|&c| c != '\0');
        }
    })
}
