//! The matching view: a normalized copy of the text with an exact span map.
//!
//! Rules match on a copy of the document in which
//! - full-width ASCII forms (U+FF01–U+FF5E) become their half-width forms,
//! - U+3000 (ideographic space) and U+00A0 (no-break space) become a space,
//! - traditional characters become simplified ones ([`t2s`]),
//!
//! so that one pack serves drafts typed with full-width `，（）：；` and web
//! copies with half-width `,():;`, in either script.
//!
//! **The contract.** Normalization maps each character of the original to
//! exactly one character of the normalized text (never 1:n, never n:1), so
//! every normalized character boundary corresponds to exactly one original
//! character boundary. [`Normalized::to_original`] converts a normalized span
//! to original bytes; the engine calls it exactly once per reported span.

mod t2s;

use crate::span::Span;

pub use t2s::to_simplified;

/// Map one character to its matching form.
#[inline]
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        c if (c as u32) < 0x3400 => c,
        c => to_simplified(c),
    }
}

/// A normalized copy of a text plus the map back to the original.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
}

impl Normalized {
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = OffsetMap::default();
        let mut delta_changed = false;
        for (orig_pos, c) in original.char_indices() {
            if delta_changed {
                map.checkpoints.push((text.len(), orig_pos));
                delta_changed = false;
            }
            let n = normalize_char(c);
            text.push(n);
            if n.len_utf8() != c.len_utf8() {
                delta_changed = true;
            }
        }
        if delta_changed {
            map.checkpoints.push((text.len(), original.len()));
        }
        Normalized { text, map }
    }

    /// The normalized text that rules match on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Convert a span of the normalized text (on character boundaries) into the
    /// corresponding span of the original text.
    pub fn to_original(&self, span: Span) -> Span {
        Span::new(
            self.map.to_original(span.start),
            self.map.to_original(span.end),
        )
    }

    /// Convert a single normalized byte offset (a character boundary).
    pub fn offset_to_original(&self, offset: usize) -> usize {
        self.map.to_original(offset)
    }

    /// The inverse of [`Normalized::to_original`]: a span of the original text
    /// (on character boundaries) to the corresponding normalized span.
    pub fn from_original(&self, span: Span) -> Span {
        Span::new(
            self.map.to_normalized(span.start),
            self.map.to_normalized(span.end),
        )
    }
}

/// Normalized byte offset → original byte offset.
///
/// Stores a checkpoint after every character whose encoded length changed;
/// between checkpoints the two texts advance in lock step, so an offset maps
/// by adding the difference of the nearest preceding checkpoint.
#[derive(Debug, Clone, Default)]
struct OffsetMap {
    /// (normalized offset, original offset), strictly increasing.
    checkpoints: Vec<(usize, usize)>,
}

impl OffsetMap {
    fn to_original(&self, norm: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(n, _)| n <= norm);
        match i {
            0 => norm,
            i => {
                let (n, o) = self.checkpoints[i - 1];
                o + (norm - n)
            }
        }
    }

    /// Checkpoints increase in both coordinates, so the same table inverts.
    fn to_normalized(&self, orig: usize) -> usize {
        let i = self.checkpoints.partition_point(|&(_, o)| o <= orig);
        match i {
            0 => orig,
            i => {
                let (n, o) = self.checkpoints[i - 1];
                n + (orig - o)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_and_spaces() {
        let n = Normalized::new("全年受理１２件（含转结），纠错率３７．５％\u{3000}完");
        assert_eq!(n.text(), "全年受理12件(含转结),纠错率37.5% 完");
    }

    #[test]
    fn spans_map_back() {
        let orig = "纠错（9件）、纠错率３７．５％。";
        let n = Normalized::new(orig);
        let t = n.text();
        let start = t.find("37.5%").unwrap();
        let span = n.to_original(Span::new(start, start + "37.5%".len()));
        assert_eq!(span.slice(orig), "３７．５％");
        let start = t.find("(9件)").unwrap();
        let span = n.to_original(Span::new(start, start + "(9件)".len()));
        assert_eq!(span.slice(orig), "（9件）");
        let end = n.to_original(Span::new(t.len(), t.len()));
        assert_eq!(end, Span::new(orig.len(), orig.len()));
    }
}
