//! The matching view: a normalized copy of the text with an exact span map.
//!
//! Rules match on a copy of the document in which
//! - full-width ASCII forms (U+FF01–U+FF5E) become their half-width forms,
//! - U+3000 (ideographic space) and U+00A0 (no-break space) become a space,
//! - traditional characters become simplified ones ([`to_simplified`], a
//!   table generated from OpenCC data; see `THIRD-PARTY.md`),
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
use std::borrow::Cow;

pub use t2s::{is_traditional, to_simplified};

/// Map one character to its matching form.
///
/// ASCII and most other characters map to themselves; the result always is
/// exactly one character, and `normalize_char(normalize_char(c)) ==
/// normalize_char(c)`.
#[inline]
pub fn normalize_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        c if (c as u32) < 0x3400 => c,
        c => to_simplified(c),
    }
}

/// A Chinese character (a CJK ideograph, the extensions included): the one
/// test the rules and the quantity reader share. Normalization keeps it one
/// (a traditional character maps to a simplified one).
#[inline]
pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// The normalized text of `s`, without the offset map (see [`Normalized`]).
///
/// Has the same number of characters as `s`; ASCII text is copied unchanged.
pub fn normalize_str(s: &str) -> String {
    normalize_with(s, |_, _| {}).into_owned()
}

/// Normalize `original`, calling `changed_len(normalized_end, original_end)`
/// after every character whose UTF-8 length changed.
///
/// Runs of unchanged characters are copied with one `push_str`; ASCII bytes
/// (which never change) are skipped without decoding. When no character
/// changes, the result borrows `original`: no copy.
#[inline]
fn normalize_with(original: &str, mut changed_len: impl FnMut(usize, usize)) -> Cow<'_, str> {
    let bytes = original.as_bytes();
    let mut text = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            continue;
        }
        // U+4000–U+9FFF (most Chinese text): three bytes, changed only when
        // traditional. Decoded here without the general char decoder.
        if (0xE4..=0xE9).contains(&b) && i + 2 < bytes.len() {
            let cp = (u32::from(b & 0x0F) << 12)
                | (u32::from(bytes[i + 1] & 0x3F) << 6)
                | u32::from(bytes[i + 2] & 0x3F);
            if !t2s::is_traditional_code_point(cp) {
                i += 3;
                continue;
            }
        }
        // `i` is a character boundary: ASCII bytes and whole characters were
        // skipped before it.
        let Some(c) = original[i..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        let n = normalize_char(c);
        if n != c {
            if text.capacity() == 0 {
                text.reserve(original.len() + original.len() / 8);
            }
            text.push_str(&original[copied..i]);
            text.push(n);
            copied = i + len;
            if n.len_utf8() != len {
                changed_len(text.len(), copied);
            }
        }
        i += len;
    }
    if copied == 0 {
        return Cow::Borrowed(original);
    }
    text.push_str(&original[copied..]);
    Cow::Owned(text)
}

/// The normalized view of a text plus the map back to the original.
///
/// Invariants: the normalized text has exactly as many characters as the
/// original, and its `k`-th character is [`normalize_char`] of the original's
/// `k`-th character. A text that normalization does not change (simplified,
/// half-width) is borrowed, not copied.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    map: OffsetMap,
}

impl<'a> Normalized<'a> {
    /// Normalize `original` and record the offset map.
    ///
    /// Linear time; allocates the normalized text only when some character
    /// changes and, only when some character changes its UTF-8 length, one
    /// checkpoint per such character.
    pub fn new(original: &'a str) -> Self {
        let mut map = OffsetMap::default();
        let text = normalize_with(original, |n, o| map.checkpoints.push((n, o)));
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

    #[test]
    fn traditional_to_simplified_with_span_map() {
        let orig = "區政府堅持依法行政，行政復議決定書３件；規範性文件後續備案。";
        let n = Normalized::new(orig);
        assert_eq!(
            n.text(),
            "区政府坚持依法行政,行政复议决定书3件;规范性文件后续备案。"
        );
        assert_eq!(normalize_str(orig), n.text());
        let t = n.text();
        let start = t.find("行政复议").unwrap();
        let span = n.to_original(Span::new(start, start + "行政复议".len()));
        assert_eq!(span.slice(orig), "行政復議");
        assert_eq!(
            n.from_original(span),
            Span::new(start, start + "行政复议".len())
        );
    }

    #[test]
    fn ascii_and_unchanged_text() {
        for s in ["", "plain ascii\n", "已经是简体的报告。", "mixed 简体 text"] {
            let n = Normalized::new(s);
            assert_eq!(n.text(), s);
            assert!(matches!(n.text, Cow::Borrowed(_)), "not copied: {s:?}");
            assert_eq!(normalize_str(s), s);
            for i in 0..=s.len() {
                assert_eq!(n.offset_to_original(i), i);
            }
        }
    }

    #[test]
    fn length_changing_characters() {
        // U+3000 (3 bytes) → ' ' (1 byte), ｅ (3) → 'e' (1), NBSP (2) → ' ' (1),
        // and a BMP traditional character (3) whose simplified form is
        // astral (4 bytes), taken from the table.
        let astral_target = ('\u{3400}'..='\u{9FFF}')
            .find(|&c| (to_simplified(c) as u32) > 0xFFFF)
            .expect("a BMP source with an astral target");
        let orig = format!("a\u{3000}b{astral_target}cｅ\u{A0}");
        let n = Normalized::new(&orig);
        assert_eq!(n.text().chars().count(), orig.chars().count());
        let o: Vec<usize> = orig
            .char_indices()
            .map(|(i, _)| i)
            .chain([orig.len()])
            .collect();
        let t: Vec<usize> = n
            .text()
            .char_indices()
            .map(|(i, _)| i)
            .chain([n.text().len()])
            .collect();
        for (&ti, &oi) in t.iter().zip(&o) {
            assert_eq!(n.offset_to_original(ti), oi);
            assert_eq!(n.from_original(Span::new(oi, oi)), Span::new(ti, ti));
        }
    }

    /// No timing: checks that the fast paths do no per-character work that
    /// would show in the result (no checkpoints unless a length changed).
    #[test]
    fn checkpoints_only_for_length_changes() {
        let ascii = "Plain ASCII report text, 2024.\n".repeat(1000);
        assert!(Normalized::new(&ascii).map.checkpoints.is_empty());
        let simplified = "法治政府建设年度报告（ＡＢＣ）".repeat(100);
        // Full-width forms are 3 bytes → 1 byte: one checkpoint each.
        let n = Normalized::new(&simplified);
        assert_eq!(n.map.checkpoints.len(), 5 * 100);
        let same_len = "區政府報告".repeat(100);
        assert!(Normalized::new(&same_len).map.checkpoints.is_empty());
    }
}
