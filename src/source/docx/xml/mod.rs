//! Streaming XML over one package part: events with their byte ranges and
//! resolved namespaces (WordprocessingML transitional or strict, markup
//! compatibility, anything else).
//!
//! A small tokenizer of its own rather than a general XML library: the parts
//! are tens of megabytes of short elements, almost all of which are skipped,
//! so it allocates nothing per event, reads attributes only when asked, and
//! resolves namespace prefixes only where `xmlns` is declared. It checks
//! what reading depends on — tags nest and match, attribute values are
//! quoted, references are known — and refuses DTDs (Office never writes
//! them; refusing them rules out entity expansion). Ranges are bytes of the
//! part as stored, so that the annotation writer can cut the part exactly
//! where the reader saw text.

mod element;

pub(crate) use element::El;

use super::DocxError;
use element::{attributes, local_of, reference};
use memchr::{memchr, memmem};
use std::ops::Range;

/// WordprocessingML, as Word, WPS and LibreOffice write it.
pub(crate) const W_TRANSITIONAL: &str =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// WordprocessingML of ISO/IEC 29500 strict.
pub(crate) const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Byte classes for scanning tags: the end of an element name, and the
/// bytes a tag scan stops at (quotes, `>`, and `x` of `xmlns`).
const NAME_END: u8 = 1;
const TAG_SPECIAL: u8 = 2;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b' ' as usize] = NAME_END;
    t[b'\t' as usize] = NAME_END;
    t[b'\n' as usize] = NAME_END;
    t[b'\r' as usize] = NAME_END;
    t[b'/' as usize] = NAME_END;
    t[b'>' as usize] = NAME_END | TAG_SPECIAL;
    t[b'"' as usize] = TAG_SPECIAL;
    t[b'\'' as usize] = TAG_SPECIAL;
    t[b'x' as usize] = TAG_SPECIAL;
    t
};

/// Elements deeper than this are refused (no real document comes close).
const MAX_DEPTH: usize = 512;

/// The namespaces the reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (`w:`).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    Other,
}

fn ns_of(uri: &[u8]) -> Ns {
    if uri == W_TRANSITIONAL.as_bytes() || uri == W_STRICT.as_bytes() {
        Ns::W
    } else if uri == MC.as_bytes() {
        Ns::Mc
    } else {
        Ns::Other
    }
}

/// One event of a part.
pub(crate) enum Ev<'a> {
    Start(El<'a>),
    Empty(El<'a>),
    /// An element end: its local name and range.
    End(&'a [u8], Range<usize>),
    /// Character data: the range holds exactly the text (no references).
    Text(Range<usize>),
    /// A character or entity reference, resolved.
    Char(char, Range<usize>),
    Eof,
}

/// A part's events, in order.
pub(crate) struct Events<'a> {
    xml: &'a [u8],
    part: &'a str,
    pos: usize,
    /// Open elements: their qualified names.
    open: Vec<&'a [u8]>,
    /// Namespace declarations in scope: (prefix, namespace, depth).
    scopes: Vec<(&'a [u8], Ns, usize)>,
    /// Declarations of an empty element, dropped after it.
    pending_pop: bool,
    /// The last prefix resolved, its namespace, and the number of
    /// declarations in scope then (a change of scope invalidates it).
    last_lookup: Option<(&'a [u8], Ns, usize)>,
}

impl<'a> Events<'a> {
    /// The events of `xml`, the part called `part` (for errors).
    pub(super) fn new(xml: &'a [u8], part: &'a str) -> Self {
        let bytes = xml;
        let start = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        Events {
            xml: bytes,
            part,
            pos: start,
            open: Vec::new(),
            scopes: Vec::new(),
            pending_pop: false,
            last_lookup: None,
        }
    }

    fn error(&self, at: usize, what: &str) -> DocxError {
        DocxError::Xml {
            part: self.part.to_owned(),
            message: format!("第 {at} 字节处：{what}"),
        }
    }

    /// The next event.
    pub(crate) fn next(&mut self) -> Result<Ev<'a>, DocxError> {
        if std::mem::take(&mut self.pending_pop) {
            let depth = self.open.len();
            while self.scopes.last().is_some_and(|s| s.2 > depth) {
                self.scopes.pop();
            }
        }
        loop {
            let xml = self.xml;
            let start = self.pos;
            if start >= xml.len() {
                if let Some(name) = self.open.last() {
                    let name = String::from_utf8_lossy(name).into_owned();
                    return Err(self.error(start, &format!("元素 <{name}> 没有结束")));
                }
                return Ok(Ev::Eof);
            }
            if xml[start] != b'<' {
                // Character data up to the next markup, split at references.
                let end = memchr(b'<', &xml[start..]).map_or(xml.len(), |i| start + i);
                return match memchr(b'&', &xml[start..end]) {
                    Some(0) => self.reference(start, end),
                    Some(i) => {
                        self.pos = start + i;
                        Ok(Ev::Text(start..start + i))
                    }
                    None => {
                        self.pos = end;
                        Ok(Ev::Text(start..end))
                    }
                };
            }
            let rest = &xml[start..];
            if rest.starts_with(b"<?") {
                self.pos = start + self.find(start, b"?>")? + 2;
            } else if rest.starts_with(b"<!--") {
                self.pos = start + self.find(start, b"-->")? + 3;
            } else if rest.starts_with(b"<![CDATA[") {
                let end = start + self.find(start, b"]]>")?;
                self.pos = end + 3;
                return Ok(Ev::Text(start + 9..end));
            } else if rest.starts_with(b"<!") {
                return Err(self.error(start, "不支持 DTD 声明"));
            } else if rest.starts_with(b"</") {
                return self.end_tag(start);
            } else {
                return self.start_tag(start);
            }
        }
    }

    /// The byte offset reading has reached.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Where `needle` next occurs from `from`, relative to `from`.
    fn find(&self, from: usize, needle: &[u8]) -> Result<usize, DocxError> {
        memmem::find(&self.xml[from..], needle).ok_or_else(|| self.error(from, "标记没有结束"))
    }

    fn reference(&mut self, start: usize, end: usize) -> Result<Ev<'a>, DocxError> {
        let semi =
            memchr(b';', &self.xml[start..end]).ok_or_else(|| self.error(start, "“&”后缺少“;”"))?;
        let name = std::str::from_utf8(&self.xml[start + 1..start + semi]).unwrap_or("");
        let c =
            reference(name).ok_or_else(|| self.error(start, &format!("未知的实体“&{name};”")))?;
        self.pos = start + semi + 1;
        Ok(Ev::Char(c, start..self.pos))
    }

    fn end_tag(&mut self, start: usize) -> Result<Ev<'a>, DocxError> {
        let close =
            memchr(b'>', &self.xml[start..]).ok_or_else(|| self.error(start, "标记没有结束"))?;
        let end = start + close + 1;
        let name = self.xml[start + 2..end - 1].trim_ascii_end();
        match self.open.pop() {
            Some(open) if open == name => {}
            _ => {
                let name = String::from_utf8_lossy(name).into_owned();
                return Err(self.error(start, &format!("结束标记 </{name}> 与开始标记不匹配")));
            }
        }
        let depth = self.open.len();
        while self.scopes.last().is_some_and(|s| s.2 > depth) {
            self.scopes.pop();
        }
        self.pos = end;
        Ok(Ev::End(local_of(name), start..end))
    }

    fn start_tag(&mut self, start: usize) -> Result<Ev<'a>, DocxError> {
        let xml = self.xml;
        // One pass: the name (and its prefix), then the attributes up to
        // the first `>` outside quoted values, noting namespace declarations.
        let head = &xml[start + 1..];
        let name_len = head
            .iter()
            .position(|&b| CLASS[usize::from(b)] & NAME_END != 0)
            .ok_or_else(|| self.error(start, "标记没有结束"))?;
        if name_len == 0 {
            return Err(self.error(start, "缺少元素名"));
        }
        let name_end = start + 1 + name_len;
        let colon = memchr(b':', &head[..name_len]).map(|c| start + 1 + c);
        let (close, declares) =
            tag_close(&xml[name_end..]).ok_or_else(|| self.error(start, "标记没有结束"))?;
        let close = name_end + close;
        let name = &xml[start + 1..name_end];
        let empty = xml[close - 1] == b'/' && close > name_end;
        let attrs = &xml[name_end..if empty { close - 1 } else { close }];
        self.pos = close + 1;
        let depth = self.open.len() + 1;
        if depth > MAX_DEPTH {
            return Err(self.error(start, "元素嵌套过深"));
        }
        if declares {
            self.declare(attrs, depth);
        }
        let (prefix, local) = match colon {
            Some(c) => (&xml[start + 1..c], &xml[c + 1..name_end]),
            None => (&b""[..], name),
        };
        let el = El {
            ns: self.namespace(prefix),
            name,
            local,
            attrs,
            range: start..close + 1,
            empty,
        };
        if empty {
            self.pending_pop = true;
            Ok(Ev::Empty(el))
        } else {
            self.open.push(name);
            Ok(Ev::Start(el))
        }
    }

    /// The namespace declarations among `attrs` of an element at `depth`.
    fn declare(&mut self, attrs: &'a [u8], depth: usize) {
        for (k, v) in attributes(attrs) {
            if let Some(prefix) = k.strip_prefix(b"xmlns") {
                let prefix = prefix.strip_prefix(b":").unwrap_or(prefix);
                self.scopes.push((prefix, ns_of(v), depth));
            }
        }
    }

    /// The namespace `prefix` stands for here.
    fn namespace(&mut self, prefix: &'a [u8]) -> Ns {
        // Most elements share a prefix (`w:`): the last lookup is kept.
        match self.last_lookup {
            Some((p, ns, generation)) if p == prefix && generation == self.scopes.len() => ns,
            _ => {
                let ns = self
                    .scopes
                    .iter()
                    .rev()
                    .find(|s| s.0 == prefix)
                    .map_or(Ns::Other, |s| s.1);
                self.last_lookup = Some((prefix, ns, self.scopes.len()));
                ns
            }
        }
    }

    /// Skip the element whose start was just read, straight to its end tag,
    /// unless an element inside has one of the local names `unless` (then
    /// nothing is skipped and `false` returned). Only the `<` of its
    /// content are visited; falls back to [`Events::skip`] when the content
    /// holds an element of the same name, a comment or a CDATA section.
    pub(crate) fn skip_unless(&mut self, unless: &[&[u8]]) -> Result<bool, DocxError> {
        let Some(&name) = self.open.last() else {
            return Ok(true);
        };
        let xml = self.xml;
        let mut at = self.pos;
        loop {
            let Some(i) = memchr(b'<', &xml[at..]) else {
                return self.skip().map(|()| true);
            };
            at += i;
            let tag = &xml[at + 1..];
            if let Some(end) = tag.strip_prefix(b"/") {
                if end.starts_with(name) && end.get(name.len()) == Some(&b'>') {
                    self.pos = at + 3 + name.len();
                    break;
                }
            } else if tag.starts_with(b"!") {
                return self.skip().map(|()| true);
            } else {
                let mut len = 0;
                let mut local = 0;
                for &b in tag {
                    if CLASS[usize::from(b)] & NAME_END != 0 {
                        break;
                    }
                    len += 1;
                    if b == b':' {
                        local = len;
                    }
                }
                let qname = &tag[..len];
                if qname == name {
                    return self.skip().map(|()| true);
                }
                let local = &qname[local..];
                if unless
                    .iter()
                    .any(|u| u.first() == local.first() && *u == local)
                {
                    return Ok(false);
                }
            }
            at += 1;
        }
        self.open.pop();
        let depth = self.open.len();
        while self.scopes.last().is_some_and(|s| s.2 > depth) {
            self.scopes.pop();
        }
        Ok(true)
    }

    /// Skip to the end of the element whose start was just read: only tags
    /// are looked at (references and text inside are not checked).
    pub(crate) fn skip(&mut self) -> Result<(), DocxError> {
        let Some(target) = self.open.len().checked_sub(1) else {
            return Ok(());
        };
        while self.open.len() > target {
            let from = self.pos;
            match memchr(b'<', &self.xml[from..]) {
                Some(i) => self.pos = from + i,
                None => self.pos = self.xml.len(),
            }
            if let Ev::Eof = self.next()? {
                return Err(self.error(self.pos, "文件提前结束"));
            }
        }
        Ok(())
    }
}

/// A part's bytes as text: UTF-8, with or without a byte-order mark (which
/// stays, so that ranges are bytes of the part as stored).
pub(crate) fn part_text(bytes: Vec<u8>, part: &str) -> Result<String, DocxError> {
    String::from_utf8(bytes).map_err(|_| DocxError::Xml {
        part: part.to_owned(),
        message: "不是 UTF-8 编码的 XML（Word、WPS 都以 UTF-8 保存）".to_owned(),
    })
}

/// The `>` that ends a start tag whose attributes are `rest` (the first
/// outside quoted values), relative to `rest`; and whether the attributes
/// declare a namespace.
fn tag_close(rest: &[u8]) -> Option<(usize, bool)> {
    let mut quote = 0u8;
    let mut declares = false;
    for (k, &b) in rest.iter().enumerate() {
        if CLASS[usize::from(b)] & TAG_SPECIAL == 0 {
            continue;
        }
        if quote != 0 {
            if b == quote {
                quote = 0;
            }
            continue;
        }
        match b {
            b'"' | b'\'' => quote = b,
            b'>' => return Some((k, declares)),
            _ => declares |= rest[k..].starts_with(b"xmlns"),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(xml: &str) -> Result<Vec<String>, DocxError> {
        let mut ev = Events::new(xml.as_bytes(), "t.xml");
        let mut out = Vec::new();
        loop {
            out.push(match ev.next()? {
                Ev::Start(e) => format!("<{}:{:?}>", String::from_utf8_lossy(e.local()), e.ns),
                Ev::Empty(e) => format!("<{}:{:?}/>", String::from_utf8_lossy(e.local()), e.ns),
                Ev::End(l, _) => format!("</{}>", String::from_utf8_lossy(l)),
                Ev::Text(r) => xml[r].to_owned(),
                Ev::Char(c, _) => format!("[{c}]"),
                Ev::Eof => return Ok(out),
            });
        }
    }

    #[test]
    fn tokens_namespaces_and_references() {
        let xml = format!(
            "\u{feff}<?xml version=\"1.0\"?><!-- c --><w:a xmlns:w=\"{W_TRANSITIONAL}\" x='a>b'><b xmlns=\"{W_STRICT}\"><w:t>A&amp;B&#x4E00;<![CDATA[<c>]]></w:t><c/></b><m:d xmlns:m=\"{MC}\"/><b/></w:a>"
        );
        assert_eq!(
            events(&xml).unwrap(),
            [
                "<a:W>",
                "<b:W>",
                "<t:W>",
                "A",
                "[&]",
                "B",
                "[一]",
                "<c>",
                "</t>",
                "<c:W/>",
                "</b>",
                "<d:Mc/>",
                "<b:Other/>",
                "</a>"
            ]
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        for bad in [
            "<a><b></a></b>",
            "<a>",
            "<a x=\"1></a>",
            "<a>&nbsp;</a>",
            "<a>&amp</a>",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a/>",
            "<a><!-- open</a>",
            "</a>",
            "< a/>",
        ] {
            assert!(events(bad).is_err(), "{bad}");
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(events(&deep).is_err());
    }

    #[test]
    fn attributes_are_read_on_demand() {
        let xml = "<w:p xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\" w:val = 'a &amp; b' xml:space=\"preserve\" w:n=\" 12 \" w:on=\"false\"/>";
        let mut ev = Events::new(xml.as_bytes(), "t");
        let Ok(Ev::Empty(e)) = ev.next() else {
            panic!()
        };
        assert!(e.is(b"p"));
        assert_eq!(e.attr(b"val").as_deref(), Some("a & b"));
        assert_eq!(e.qualified_attr(b"xml:space"), Some(&b"preserve"[..]));
        assert_eq!(e.attr_num(b"n"), Some(12));
        assert!(!e.flag(b"on") && e.attr(b"missing").is_none());
    }
}
