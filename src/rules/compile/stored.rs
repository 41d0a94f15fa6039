//! A pattern's syntax as bytes: the build script parses the built-in
//! packs' patterns and works out their common forms ([`super::common`]),
//! and a run rebuilds the syntax from these bytes instead. Parsing a
//! pattern (its syntax tree, then the Unicode tables of its classes) costs
//! about 90,000 instructions and its common form about 35,000 more, a few
//! thousand to rebuild.
//!
//! Each node is its kind's tag and then its parts, numbers as LEB128
//! varints, in the order the syntax lists them. It is rebuilt with the
//! constructors of `regex-syntax` that built it, which simplify nothing
//! already simple: the same syntax, with the same properties.

// Also compiled into `build.rs`, which encodes the built-in packs'
// patterns with it: this module may use only std and regex-syntax.
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};

const EMPTY: u8 = 0;
const LITERAL: u8 = 1;
const UNICODE_CLASS: u8 = 2;
const BYTE_CLASS: u8 = 3;
const LOOK: u8 = 4;
const REPETITION: u8 = 5;
const CAPTURE: u8 = 6;
const CONCAT: u8 = 7;
const ALTERNATION: u8 = 8;

/// `hir` as bytes, appended to `out` (for the build script).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(hir: &Hir, out: &mut Vec<u8>) {
    match hir.kind() {
        HirKind::Empty => out.push(EMPTY),
        HirKind::Literal(lit) => {
            out.push(LITERAL);
            bytes(&lit.0, out);
        }
        HirKind::Class(Class::Unicode(class)) => {
            out.push(UNICODE_CLASS);
            number(class.ranges().len() as u64, out);
            for r in class.ranges() {
                number(u64::from(r.start()), out);
                number(u64::from(r.end()), out);
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            out.push(BYTE_CLASS);
            number(class.ranges().len() as u64, out);
            for r in class.ranges() {
                out.extend([r.start(), r.end()]);
            }
        }
        HirKind::Look(look) => {
            out.push(LOOK);
            number(u64::from(look.as_repr()), out);
        }
        HirKind::Repetition(rep) => {
            out.push(REPETITION);
            number(u64::from(rep.min), out);
            // 0 for no maximum.
            number(rep.max.map_or(0, |max| u64::from(max) + 1), out);
            out.push(u8::from(rep.greedy));
            encode(&rep.sub, out);
        }
        HirKind::Capture(cap) => {
            out.push(CAPTURE);
            number(u64::from(cap.index), out);
            match &cap.name {
                // 0 for no name, else its length plus one.
                None => out.push(0),
                Some(name) => {
                    number(name.len() as u64 + 1, out);
                    out.extend(name.as_bytes());
                }
            }
            encode(&cap.sub, out);
        }
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            let tag = match hir.kind() {
                HirKind::Concat(_) => CONCAT,
                _ => ALTERNATION,
            };
            out.push(tag);
            number(subs.len() as u64, out);
            for sub in subs {
                encode(sub, out);
            }
        }
    }
}

#[cfg_attr(not(test), allow(dead_code))]
fn bytes(b: &[u8], out: &mut Vec<u8>) {
    number(b.len() as u64, out);
    out.extend(b);
}

#[cfg_attr(not(test), allow(dead_code))]
fn number(mut n: u64, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The syntax `encoded` holds (`None`: it holds none, not expected of
/// bytes written by [`encode`]).
pub(crate) fn decode(encoded: &[u8]) -> Option<Hir> {
    let mut reader = Reader(encoded);
    let hir = reader.hir()?;
    reader.0.is_empty().then_some(hir)
}

/// The bytes not read yet.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn number(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            n |= u64::from(b & 0x7F) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.number()?).ok()
    }

    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.number()?).ok()
    }

    fn bytes(&mut self, len: usize) -> Option<&[u8]> {
        let (taken, rest) = self.0.split_at_checked(len)?;
        self.0 = rest;
        Some(taken)
    }

    fn char(&mut self) -> Option<char> {
        char::from_u32(self.u32()?)
    }

    fn subs(&mut self) -> Option<Vec<Hir>> {
        let n = self.len()?;
        // Each node takes a byte at least.
        let mut subs = Vec::with_capacity(n.min(self.0.len()));
        for _ in 0..n {
            subs.push(self.hir()?);
        }
        Some(subs)
    }

    fn hir(&mut self) -> Option<Hir> {
        Some(match self.byte()? {
            EMPTY => Hir::empty(),
            LITERAL => {
                let len = self.len()?;
                Hir::literal(self.bytes(len)?)
            }
            UNICODE_CLASS => {
                let n = self.len()?;
                let mut ranges = Vec::with_capacity(n.min(self.0.len()));
                for _ in 0..n {
                    ranges.push(ClassUnicodeRange::new(self.char()?, self.char()?));
                }
                Hir::class(Class::Unicode(ClassUnicode::new(ranges)))
            }
            BYTE_CLASS => {
                let n = self.len()?;
                let mut ranges = Vec::with_capacity(n.min(self.0.len()));
                for _ in 0..n {
                    ranges.push(ClassBytesRange::new(self.byte()?, self.byte()?));
                }
                Hir::class(Class::Bytes(ClassBytes::new(ranges)))
            }
            LOOK => Hir::look(Look::from_repr(u32::try_from(self.number()?).ok()?)?),
            REPETITION => {
                let min = self.u32()?;
                let max = match self.u32()? {
                    0 => None,
                    n => Some(n - 1),
                };
                let greedy = self.byte()? != 0;
                let sub = Box::new(self.hir()?);
                Hir::repetition(Repetition {
                    min,
                    max,
                    greedy,
                    sub,
                })
            }
            CAPTURE => {
                let index = self.u32()?;
                let name = match self.len()? {
                    0 => None,
                    n => Some(std::str::from_utf8(self.bytes(n - 1)?).ok()?.into()),
                };
                let sub = Box::new(self.hir()?);
                Hir::capture(Capture { index, name, sub })
            }
            CONCAT => Hir::concat(self.subs()?),
            ALTERNATION => Hir::alternation(self.subs()?),
            _ => return None,
        })
    }
}
