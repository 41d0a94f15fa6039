//! Byte ranges.
//!
//! A [`Span`] is a half-open byte range. Which text it points into depends on
//! where it lives: analysers (structure, quantities, rules) produce spans into
//! the *normalized* text; the engine converts every reported span exactly once
//! into the *original* text, and nothing downstream of the engine ever sees a
//! normalized offset.

// Also compiled into `build.rs`, which plans the built-in packs' patterns
// with it: this module may use only std, regex-syntax and serde, and of
// this crate only the modules build.rs includes (rules/literals.rs,
// rules/pattern.rs, normalize/, span.rs).
use serde::Serialize;

/// A half-open byte range `start..end`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share at least one byte (or are equal empty ranges).
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
            || (self.start == other.start && self.end == other.end)
    }

    /// The smallest span covering both.
    pub(crate) fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shift by `offset` bytes (used when a sub-slice was analysed).
    pub(crate) const fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    pub fn slice(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// The longest text whose offsets the crate stores in 32 bits ([`Span32`]):
/// every reader refuses a longer one.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// Whether a text of `len` bytes is short enough for 32-bit offsets (at
/// most [`MAX_TEXT_LEN`]). Always true where `usize` has 32 bits (wasm32),
/// so it is a conversion, not a comparison with a maximum.
pub(crate) fn fits_32_bits(len: usize) -> bool {
    u32::try_from(len).is_ok()
}

/// A [`Span`] in 8 bytes instead of 16, for what is kept per mention of a
/// large document (its quantities, statements and paragraphs). Offsets are
/// below [`MAX_TEXT_LEN`]. Serialized as the [`Span`] it stands for.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span32 {
    start: u32,
    end: u32,
}

impl Span32 {
    /// `span` in 32 bits. Offsets above [`MAX_TEXT_LEN`] cannot occur (no
    /// reader accepts such a text); they would be clamped to it.
    pub(crate) fn new(span: Span) -> Span32 {
        let narrow = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Span32 {
            start: narrow(span.start),
            end: narrow(span.end),
        }
    }

    /// The span.
    pub const fn get(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

impl Serialize for Span32 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

impl From<Span> for Span32 {
    fn from(span: Span) -> Span32 {
        Span32::new(span)
    }
}
