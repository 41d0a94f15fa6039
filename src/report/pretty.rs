//! JSON in serde_json's pretty layout, written by [`Pretty`] straight into
//! a buffer: the layout of the JSON, SARIF and rdjson reports. A run over
//! thousands of files writes tens of thousands of findings, and going
//! through serde's data model cost more than checking a small file.
//!
//! A document's part ([`Part`]) holds items of the report's list of
//! findings, written ahead at the depth that list has in the report;
//! [`Pretty::parts`] puts them in.

use super::Part;
use serde_json::Value;
use std::io::{self, Write};

/// Bytes gathered before they go to the writer.
const FLUSH_AT: usize = 1 << 16;

/// A JSON writer in serde_json's pretty layout: an object's entries and a
/// list's items each on a line of their own, indented by two spaces a
/// level; an empty object or list is `{}` / `[]`.
#[derive(Default)]
pub(super) struct Pretty {
    pub(super) out: Vec<u8>,
    /// Levels of open objects and lists.
    depth: usize,
    /// Whether the innermost open object or list has an entry yet.
    has_entry: bool,
}

impl Pretty {
    /// Open an object (`{`) or a list (`[`).
    pub(super) fn open(&mut self, bracket: char) {
        self.out.push(bracket as u8);
        self.depth += 1;
        self.has_entry = false;
    }

    /// Close the innermost object (`}`) or list (`]`).
    pub(super) fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if self.has_entry {
            self.newline();
        }
        self.out.push(bracket as u8);
        // Whatever contains it now has an entry: this one.
        self.has_entry = true;
    }

    /// Start the next entry of the open object or list.
    #[inline]
    pub(super) fn item(&mut self) {
        if self.has_entry {
            self.out.push(b',');
        }
        self.newline();
        self.has_entry = true;
    }

    /// Start the entry `key` (a plain ASCII name, nothing to escape) of the
    /// open object; its value follows. Inlined, so that the name is copied
    /// as the constant it is.
    #[inline(always)]
    pub(super) fn key(&mut self, key: &'static str) {
        debug_assert!(!key.bytes().any(needs_escape));
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\": ");
    }

    /// A line break and the indent of the current level.
    #[inline]
    pub(super) fn newline(&mut self) {
        const INDENTS: &[u8] = b"\n                                ";
        let width = 1 + 2 * self.depth;
        match INDENTS.get(..width) {
            Some(indent) => self.out.extend_from_slice(indent),
            None => {
                self.out.push(b'\n');
                self.out.resize(self.out.len() + width - 1, b' ');
            }
        }
    }

    pub(super) fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }

    /// An integer in decimal, as `usize`'s `Display` writes it.
    pub(super) fn number(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.out.extend_from_slice(&digits[i..]);
    }

    /// A string, escaped as serde_json escapes it: `"` and `\`, and the
    /// control characters below U+0020 (`\n`, `\t` … or `\u001f`).
    pub(super) fn string(&mut self, s: &str) {
        self.out.push(b'"');
        let bytes = s.as_bytes();
        // Without a branch per byte, so that it vectorizes: most strings
        // (Chinese messages) have nothing to escape.
        let plain = bytes.iter().fold(true, |ok, &b| ok & !needs_escape(b));
        if plain {
            self.out.extend_from_slice(bytes);
        } else {
            let mut run = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if !needs_escape(b) {
                    continue;
                }
                self.out.extend_from_slice(&bytes[run..i]);
                self.escape(b);
                run = i + 1;
            }
            self.out.extend_from_slice(&bytes[run..]);
        }
        self.out.push(b'"');
    }

    fn escape(&mut self, b: u8) {
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0C => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.extend_from_slice(b"\\u00");
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 0xF)]);
                return;
            }
        };
        self.out.extend_from_slice(&[b'\\', short]);
    }
}

/// Bytes a JSON string cannot hold as they are.
fn needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

impl Pretty {
    /// A report's writer, with room for what is gathered before a flush,
    /// allocated once.
    pub(super) fn report() -> Pretty {
        Pretty {
            out: Vec::with_capacity(2 * FLUSH_AT),
            ..Pretty::default()
        }
    }

    /// A writer of items of a list `depth` levels deep in the report (a
    /// document's part), appending to `out`.
    pub(super) fn items(out: Vec<u8>, depth: usize) -> Pretty {
        Pretty {
            out,
            depth,
            has_entry: false,
        }
    }

    /// Put the documents' `parts` in as items of the open list, writing out
    /// what is gathered as it grows.
    pub(super) fn parts<W: Write + ?Sized>(&mut self, parts: &[Part], w: &mut W) -> io::Result<()> {
        for part in parts.iter().filter(|p| !p.bytes.is_empty()) {
            if self.has_entry {
                self.out.push(b',');
            }
            self.out.extend_from_slice(&part.bytes);
            self.has_entry = true;
            if self.out.len() >= FLUSH_AT {
                w.write_all(&self.out)?;
                self.out.clear();
            }
        }
        Ok(())
    }

    /// End the report with a line break and write out the rest of it.
    pub(super) fn finish<W: Write + ?Sized>(mut self, w: &mut W) -> io::Result<()> {
        self.out.push(b'\n');
        w.write_all(&self.out)
    }

    /// A JSON value as serde_json writes it (an object's keys in the order
    /// of its map: sorted).
    pub(super) fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.null(),
            Value::Bool(b) => self
                .out
                .extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Number(n) => match n.as_u64().and_then(|n| usize::try_from(n).ok()) {
                Some(n) => self.number(n),
                None => self.out.extend_from_slice(n.to_string().as_bytes()),
            },
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.open('[');
                for item in items {
                    self.item();
                    self.value(item);
                }
                self.close(']');
            }
            Value::Object(map) => {
                self.open('{');
                for (key, value) in map {
                    self.item();
                    self.string(key);
                    self.out.extend_from_slice(b": ");
                    self.value(value);
                }
                self.close('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character that needs escaping, and some that do not, comes
    /// out as serde_json writes it.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut s: String = (0u8..0x80).map(char::from).collect();
        s.push_str("法治“政府”\u{7f}\u{2028}\u{feff}é😀\\\"");
        for text in [s.as_str(), "", "纠错率37.5%", "a\"b", "\u{1}"] {
            let mut p = Pretty::default();
            p.string(text);
            let want = serde_json::to_string(text).unwrap();
            assert_eq!(String::from_utf8(p.out).unwrap(), want, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_written_as_display_writes_them() {
        for n in [0, 7, 10, 467, 1_000_000, usize::MAX] {
            let mut p = Pretty::default();
            p.number(n);
            assert_eq!(String::from_utf8(p.out).unwrap(), n.to_string());
        }
    }

    /// Indents deeper than the prepared ones are written too.
    #[test]
    fn deep_nesting_is_indented_as_serde_json_indents_it() {
        let mut value = serde_json::Value::from(1);
        let mut p = Pretty::default();
        for _ in 0..24 {
            value = serde_json::Value::Array(vec![value]);
            p.open('[');
            p.item();
        }
        p.number(1);
        for _ in 0..24 {
            p.close(']');
        }
        let want = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), want);
    }

    /// Values of every kind, nested, come out as serde_json writes them,
    /// also inside a list written at depth.
    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        let value = serde_json::json!({
            "b": [1, -2, true, false, null, "法治\"", [], {}],
            "a": {"z": {"y": [{"x": 18446744073709551615u64}]}, "e": ""},
        });
        let mut p = Pretty::default();
        p.value(&value);
        let want = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), want);
        let list = serde_json::json!([[value.clone(), value.clone()]]);
        let mut p = Pretty::default();
        p.open('[');
        p.item();
        p.open('[');
        let mut items = Pretty::items(Vec::new(), 2);
        items.item();
        items.value(&value);
        items.item();
        items.value(&value);
        p.parts(
            &[Part {
                bytes: items.out,
                counts: Default::default(),
            }],
            &mut io::sink(),
        )
        .unwrap();
        p.close(']');
        p.close(']');
        let want = serde_json::to_string_pretty(&list).unwrap();
        assert_eq!(String::from_utf8(p.out).unwrap(), want);
    }
}
