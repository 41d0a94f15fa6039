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

// Also compiled into `build.rs`, which plans the built-in packs' patterns
// with it: this module may use only std, regex-syntax and serde, and of
// this crate only the modules build.rs includes (rules/literals.rs,
// rules/pattern.rs, normalize/, span.rs).
mod changes;
mod repertoire;
mod t2s;

use crate::span::Span;
use changes::{Changes, FromBack};
use std::borrow::Cow;

pub use repertoire::Repertoire;
pub(crate) use repertoire::{BEYOND_BMP, UNCOMMON_DIGITS};
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

/// The three-byte characters (U+0800–U+FFFF) that [`normalize_char`] may
/// change or that are uncommon ([`Repertoire`]), one bit each: full-width
/// forms, U+3000, traditional characters and the digits of other scripts.
/// Indexed by the 64-character block (`cp >> 6`: the low four bits of the
/// first byte, the low six of the second); the bit is the low six bits of
/// the third byte.
static NOTABLE_3: [u64; 1024] = {
    let mut table = [0u64; 1024];
    let mut block = 0;
    while block < table.len() {
        table[block] = t2s::traditional_in_block(block);
        block += 1;
    }
    let mut cp = 0xFF01;
    while cp <= 0xFF5E {
        table[cp >> 6] |= 1 << (cp & 63);
        cp += 1;
    }
    table[0x3000 >> 6] |= 1 << (0x3000 & 63);
    repertoire::mark_uncommon_3(table)
};

/// The first byte at or after `i` that does not start a three-byte
/// character outside [`NOTABLE_3`]: the run of common Chinese text before
/// the next character normalization may change or must look at.
#[inline]
fn pass_unremarkable(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
        let block = usize::from(b0 & 0x0F) << 6 | usize::from(b1 & 0x3F);
        if b0 & 0xF0 != 0xE0 || NOTABLE_3[block] >> (b2 & 0x3F) & 1 == 1 {
            break;
        }
        i += 3;
    }
    i
}

/// Positions [`note_notable`] notes before the caller visits them.
const NOTED: usize = 32;

/// Pass the three-byte characters from `i` on, noting where the notable
/// ones (those [`NOTABLE_3`] marks) are in `noted`, until a byte that
/// starts no three-byte character or until `noted` is full. Returns where
/// it stopped and how many it noted.
///
/// Unlike [`pass_unremarkable`] it does not stop at a notable character:
/// where every third or fourth character is one (a traditional draft),
/// each stop is a mispredicted branch.
#[inline]
fn note_notable(bytes: &[u8], mut i: usize, noted: &mut [usize; NOTED]) -> (usize, usize) {
    let mut count = 0;
    while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
        if b0 & 0xF0 != 0xE0 || count == NOTED {
            break;
        }
        let block = usize::from(b0 & 0x0F) << 6 | usize::from(b1 & 0x3F);
        // Noted always, counted only when notable: no branch.
        noted[count % NOTED] = i;
        count += (NOTABLE_3[block] >> (b2 & 0x3F) & 1) as usize;
        i += 3;
    }
    (i, count)
}

/// The normalized text being written: the text so far (empty until a
/// character changes), how much of the original it covers, and whether
/// either text holds an uncommon character.
struct Output {
    text: String,
    copied: usize,
    uncommon_original: bool,
    uncommon: bool,
}

impl Output {
    /// Normalize the character at `i` of `original` (a boundary), after
    /// the characters before it, which are all unchanged: returns its length
    /// and whether it changed (`None` at the end of the text).
    #[inline]
    fn visit(
        &mut self,
        original: &str,
        i: usize,
        changed: &mut impl FnMut(usize, usize, char, char),
    ) -> Option<(usize, bool)> {
        let c = original[i..].chars().next()?;
        let len = c.len_utf8();
        let n = normalize_char(c);
        self.uncommon_original |= repertoire::is_uncommon(c);
        self.uncommon |= repertoire::is_uncommon(n);
        if n == c {
            return Some((len, false));
        }
        if self.text.capacity() == 0 {
            self.text.reserve(original.len() + original.len() / 8);
        }
        self.text.push_str(&original[self.copied..i]);
        let start = self.text.len();
        self.text.push(n);
        self.copied = i + len;
        changed(start, self.copied, c, n);
        Some((len, true))
    }
}

/// The normalized text of `s`, without the offset map (see [`Normalized`]).
///
/// Has the same number of characters as `s`; ASCII text is copied unchanged.
pub fn normalize_str(s: &str) -> String {
    normalize_with(s, |_, _, _, _| {}).text.into_owned()
}

/// A normalized text and the repertoires of it and its original.
struct Normalizing<'a> {
    text: Cow<'a, str>,
    repertoire: Repertoire,
    original_repertoire: Repertoire,
}

/// Normalize `original`, calling `changed(normalized_start, original_end,
/// c, n)` after every character `c` that normalization changed to `n` (which
/// ends the normalized text so far).
///
/// Runs of unchanged characters are copied with one `push_str`; ASCII bytes
/// (which never change, and are common) are skipped without decoding. When
/// no character changes, the result borrows `original`: no copy. Once a
/// three-byte character has changed (a traditional draft changes every
/// third or fourth character), runs of three-byte characters are read
/// noting the notable ones ([`note_notable`]), not stopping at each.
#[inline]
fn normalize_with(
    original: &str,
    mut changed: impl FnMut(usize, usize, char, char),
) -> Normalizing<'_> {
    let bytes = original.as_bytes();
    let mut out = Output {
        text: String::new(),
        copied: 0,
        uncommon_original: false,
        uncommon: false,
    };
    // Made when the text turns out dense with changes (most never do).
    let mut noted: Option<[usize; NOTED]> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            continue;
        }
        // Three bytes (U+0800–U+FFFF, all Chinese characters in common use):
        // one table lookup a character tells those that never change and
        // are common, and a run of them is passed in one loop.
        if b & 0xF0 == 0xE0 {
            let passed = match &mut noted {
                Some(noted) => {
                    let (passed, count) = note_notable(bytes, i, noted);
                    for &at in &noted[..count] {
                        out.visit(original, at, &mut changed);
                    }
                    passed
                }
                None => pass_unremarkable(bytes, i),
            };
            if passed > i {
                i = passed;
                continue;
            }
        }
        // `i` is a character boundary: ASCII bytes and whole characters were
        // skipped before it.
        let Some((len, was_changed)) = out.visit(original, i, &mut changed) else {
            break;
        };
        if was_changed && len == 3 && noted.is_none() {
            noted = Some([0; NOTED]);
        }
        i += len;
    }
    let Output {
        mut text,
        copied,
        uncommon_original,
        uncommon,
    } = out;
    let text = if copied == 0 {
        Cow::Borrowed(original)
    } else {
        text.push_str(&original[copied..]);
        Cow::Owned(text)
    };
    let of = |uncommon: bool| {
        if uncommon {
            Repertoire::Any
        } else {
            Repertoire::Common
        }
    };
    Normalizing {
        text,
        repertoire: of(uncommon),
        original_repertoire: of(uncommon_original),
    }
}

/// The normalized view of a text plus the map back to the original.
///
/// Invariants: the normalized text has exactly as many characters as the
/// original, and its `k`-th character is [`normalize_char`] of the original's
/// `k`-th character. A text that normalization does not change (simplified,
/// half-width) is borrowed, not copied.
///
/// **One copy of a large text.** A view made from an owned text
/// ([`Normalized::from_owned`]) may give up its copy of the original
/// ([`Normalized::release_original`]) and keep only the characters
/// normalization changed; [`Normalized::written`] then rebuilds the original
/// of a span from them, and [`Normalized::into_original`] the whole text.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    map: OffsetMap,
    original: Original<'a>,
    /// Of the normalized text.
    repertoire: Repertoire,
    /// Of the original text.
    original_repertoire: Repertoire,
}

/// Where the original text of a [`Normalized`] view is.
#[derive(Debug, Clone)]
enum Original<'a> {
    /// Normalization changed nothing: the original is the normalized text.
    Same,
    /// Borrowed from the caller.
    Borrowed(&'a str),
    /// Owned.
    Owned(String),
    /// Given up: only the characters normalization changed are kept.
    Released { overlay: Overlay, len: usize },
}

impl<'a> Normalized<'a> {
    /// Normalize `original` and record the offset map.
    ///
    /// Linear time; allocates the normalized text only when some character
    /// changes and, only when some character changes its UTF-8 length, one
    /// checkpoint per such character.
    pub fn new(original: &'a str) -> Self {
        let mut map = OffsetMap::default();
        let done = normalize_with(original, |at, end, c, n| map.record(at, end, c, n));
        let original = match done.text {
            Cow::Borrowed(_) => Original::Same,
            Cow::Owned(_) => Original::Borrowed(original),
        };
        Normalized {
            text: done.text,
            map,
            original,
            repertoire: done.repertoire,
            original_repertoire: done.original_repertoire,
        }
    }

    /// The normalized text that rules match on.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the normalized text holds an uncommon character.
    pub fn repertoire(&self) -> Repertoire {
        self.repertoire
    }

    /// Whether the original text holds an uncommon character (also after
    /// [`Normalized::release_original`]).
    pub fn original_repertoire(&self) -> Repertoire {
        self.original_repertoire
    }

    /// The whole original text, unless [`Normalized::release_original`]
    /// gave it up.
    pub fn original(&self) -> Option<&str> {
        match &self.original {
            Original::Same => Some(&self.text),
            Original::Borrowed(s) => Some(s),
            Original::Owned(s) => Some(s),
            Original::Released { .. } => None,
        }
    }

    /// The original text of a span of the normalized text (on character
    /// boundaries): traditional characters and full-width forms as the
    /// author wrote them. Borrowed unless the original was released and the
    /// span holds a changed character.
    pub fn written(&self, span: Span) -> Cow<'_, str> {
        match &self.original {
            Original::Released { overlay, .. } => overlay.rebuild(&self.text, span),
            _ => match self.original() {
                Some(o) => Cow::Borrowed(self.to_original(span).slice(o)),
                None => Cow::Borrowed(""),
            },
        }
    }

    /// Give up the copy of the original when the changed characters take
    /// less memory than it (a draft in traditional script keeps most of
    /// its characters). Returns whether it was given up.
    pub fn release_original(&mut self) -> bool {
        let Original::Owned(original) = &self.original else {
            return false;
        };
        let Some(count) = Overlay::count(original, &self.text) else {
            return false;
        };
        let Original::Owned(original) = std::mem::replace(&mut self.original, Original::Same)
        else {
            return false;
        };
        let len = original.len();
        let overlay = Overlay::from_back(original, &self.text, count);
        self.original = Original::Released { overlay, len };
        true
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

impl Normalized<'static> {
    /// Normalize a text the view owns, so that it can give up its copy of
    /// the original ([`Normalized::release_original`]) and hand the original
    /// back ([`Normalized::into_original`]). When normalization changes
    /// nothing, the text is not copied.
    pub fn from_owned(original: String) -> Self {
        let mut map = OffsetMap::default();
        let done = normalize_with(&original, |at, end, c, n| map.record(at, end, c, n));
        let (repertoire, original_repertoire) = (done.repertoire, done.original_repertoire);
        let text = match done.text {
            Cow::Borrowed(_) => None,
            Cow::Owned(t) => Some(t),
        };
        let (text, original) = match text {
            None => (original, Original::Same),
            Some(text) => (text, Original::Owned(original)),
        };
        Normalized {
            text: Cow::Owned(text),
            map,
            original,
            repertoire,
            original_repertoire,
        }
    }

    /// The original text, rebuilt when it was given up.
    pub fn into_original(self) -> String {
        match self.original {
            Original::Same => self.text.into_owned(),
            Original::Borrowed(s) => s.to_owned(),
            Original::Owned(s) => s,
            Original::Released { overlay, len } => overlay.rebuild_all(self.text.into_owned(), len),
        }
    }
}

/// The characters normalization changed: where their normalized forms
/// start (offsets of the normalized text, increasing) and what they were.
#[derive(Debug, Clone, Default)]
struct Overlay {
    changed: Changes,
}

impl Overlay {
    /// How many characters of `original` normalization changed into
    /// `normalized`; `None` when their list would take as much memory as
    /// `original` (most characters changed) or when the offsets do not fit
    /// in 32 bits.
    fn count(original: &str, normalized: &str) -> Option<usize> {
        u32::try_from(normalized.len()).ok()?;
        let limit = original.len() / Changes::ENTRY_SIZE;
        let mut count = 0;
        let complete = each_changed(original, normalized, |_, _| {
            count += 1;
            count <= limit
        });
        complete.then_some(count)
    }

    /// The `count` characters of `original` that normalization changed
    /// into `normalized` ([`Overlay::count`]), found by comparing the two
    /// from the back while `original` is given up from the back: the list
    /// (allocated once, at its size) grows as the original shrinks, so the
    /// three are never in memory whole together.
    fn from_back(mut original: String, normalized: &str, count: usize) -> Overlay {
        const CHUNK: usize = 64;
        let mut changed = FromBack::with_capacity(count);
        let n = normalized.as_bytes();
        let (mut i, mut j) = (original.len(), n.len());
        while i > 0 {
            let o = original.as_bytes();
            // Unchanged characters are the same bytes: skip them a chunk,
            // then a byte, at a time.
            while i >= CHUNK && j >= CHUNK && o[i - CHUNK..i] == n[j - CHUNK..j] {
                i -= CHUNK;
                j -= CHUNK;
            }
            while i > 0 && j > 0 && o[i - 1] == n[j - 1] {
                i -= 1;
                j -= 1;
            }
            // The bytes differ inside a changed character: forward to its
            // end (the bytes after it are equal, so both texts step alike).
            while !original.is_char_boundary(i) {
                i += 1;
                j += 1;
            }
            let (Some(was), Some(now)) = (
                original[..i].chars().next_back(),
                normalized.get(..j).and_then(|t| t.chars().next_back()),
            ) else {
                break;
            };
            i -= was.len_utf8();
            j -= now.len_utf8();
            changed.push(j as u32, was);
            // Hand back what was read once it is a 32nd of the text still
            // held (a bounded number of shrinks, each in place for a large
            // text): the list grows while the original shrinks, so the
            // two together stay within about what the original took.
            if original.capacity() - i > original.capacity() / 32 {
                original.truncate(i);
                original.shrink_to_fit();
            }
        }
        drop(original);
        Overlay {
            changed: changed.finish(),
        }
    }

    /// `normalized[span]` with every changed character put back.
    fn rebuild<'t>(&self, normalized: &'t str, span: Span) -> Cow<'t, str> {
        let mut changed = self.changed.within(span.start, span.end).peekable();
        if changed.peek().is_none() {
            return Cow::Borrowed(span.slice(normalized));
        }
        let mut out = String::with_capacity(span.len() + span.len() / 2);
        put_back(normalized, span, changed, &mut out);
        Cow::Owned(out)
    }

    /// The whole original text (`len` bytes) of `normalized`, rebuilt in
    /// the normalized text's own memory when no changed character is
    /// longer normalized than it was (so the text can be rewritten from
    /// the back without overwriting what is still to be read): a large
    /// text is never in memory twice. Otherwise into a new string.
    fn rebuild_all(&self, normalized: String, len: usize) -> String {
        let bytes = normalized.as_bytes();
        let grows = self
            .changed
            .iter()
            .any(|(at, was)| was.len_utf8() < utf8_len(bytes[at]));
        if grows || len < normalized.len() {
            let mut out = String::with_capacity(len);
            put_back(
                &normalized,
                Span::new(0, normalized.len()),
                self.changed.iter(),
                &mut out,
            );
            return out;
        }
        let mut bytes = normalized.into_bytes();
        // `unread`: the normalized bytes not yet moved; `free`: where the
        // original bytes written so far begin. Each changed character only
        // lengthens the text, so `free >= unread` and nothing unread is
        // overwritten.
        let mut unread = bytes.len();
        bytes.resize(len, 0);
        let mut free = len;
        for (at, was) in self.changed.iter_rev() {
            let after = at + utf8_len(bytes[at]);
            let kept = unread - after;
            bytes.copy_within(after..unread, free - kept);
            free -= kept;
            let width = was.len_utf8();
            was.encode_utf8(&mut bytes[free - width..free]);
            free -= width;
            unread = at;
        }
        debug_assert_eq!(free, unread, "the text before the first change stays");
        // Whole characters were moved and put back: valid UTF-8.
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Call `found(normalized_offset, was)` for every character of `original`
/// that normalization changed into `normalized`, in order, while it returns
/// true; returns whether every one was visited.
fn each_changed(
    original: &str,
    normalized: &str,
    mut found: impl FnMut(usize, char) -> bool,
) -> bool {
    const CHUNK: usize = 64;
    let (o, n) = (original.as_bytes(), normalized.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < o.len() {
        // Unchanged characters are the same bytes: skip them a chunk,
        // then a byte, at a time.
        while o
            .get(i..i + CHUNK)
            .is_some_and(|c| n.get(j..j + CHUNK) == Some(c))
        {
            i += CHUNK;
            j += CHUNK;
        }
        while i < o.len() && o.get(i) == n.get(j) {
            i += 1;
            j += 1;
        }
        // The bytes differ inside a changed character: back to its start
        // (the bytes before it are equal, so both texts step back alike).
        while !original.is_char_boundary(i) {
            i -= 1;
            j -= 1;
        }
        let (Some(was), Some(now)) = (original[i..].chars().next(), normalized[j..].chars().next())
        else {
            break;
        };
        if !found(j, was) {
            return false;
        }
        i += was.len_utf8();
        j += now.len_utf8();
    }
    true
}

/// Append `normalized[span]` to `out` with the characters `changed` (those
/// within `span`) put back.
fn put_back(
    normalized: &str,
    span: Span,
    changed: impl Iterator<Item = (usize, char)>,
    out: &mut String,
) {
    let bytes = normalized.as_bytes();
    let mut copied = span.start;
    for (at, was) in changed {
        if copied < at {
            out.push_str(&normalized[copied..at]);
        }
        out.push(was);
        // The normalized character's length, from its first byte.
        copied = at + utf8_len(bytes[at]);
    }
    out.push_str(&normalized[copied..span.end]);
}

/// The length of the UTF-8 sequence that `first` starts.
fn utf8_len(first: u8) -> usize {
    match first {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
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
    /// Record the character `c` changed to `n`, whose normalized form
    /// starts at `normalized_start` and whose original ends at
    /// `original_end`: a checkpoint when its encoded length changed.
    #[inline]
    fn record(&mut self, normalized_start: usize, original_end: usize, c: char, n: char) {
        let normalized_len = n.len_utf8();
        if normalized_len != c.len_utf8() {
            self.checkpoints
                .push((normalized_start + normalized_len, original_end));
        }
    }

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
    fn every_three_byte_character_that_changes_or_is_uncommon_has_its_bit() {
        for c in ('\u{800}'..='\u{FFFF}')
            .filter(|&c| normalize_char(c) != c || repertoire::is_uncommon(c))
        {
            let cp = c as usize;
            assert!(NOTABLE_3[cp >> 6] >> (cp & 63) & 1 == 1, "{c}");
        }
    }

    /// The repertoires of both texts, whether they are borrowed or owned,
    /// equal those found by reading them.
    #[test]
    fn repertoires_of_both_texts() {
        let astral_target = ('\u{3400}'..='\u{9FFF}')
            .find(|&c| (to_simplified(c) as u32) > 0xFFFF)
            .expect("a BMP source with an astral target");
        for text in [
            String::new(),
            "全年受理12件(含转结)".to_owned(),
            "全年受理１２件（含转结）".to_owned(),
            "區政府受理٣件".to_owned(),
            "姓名𠮷".to_owned(),
            format!("报告{astral_target}"),
            format!("报告\u{0966}{astral_target}"),
        ] {
            let borrowed = Normalized::new(&text);
            let owned = Normalized::from_owned(text.clone());
            for n in [&borrowed, &owned] {
                assert_eq!(n.repertoire(), Repertoire::of(n.text()), "{text}");
                assert_eq!(n.original_repertoire(), Repertoire::of(&text), "{text}");
            }
        }
    }

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

    /// A text with every kind of change: traditional (same length and, from
    /// the table, 3 → 4 bytes), full-width forms and spaces (3 → 1, 2 → 1).
    fn mixed() -> String {
        let astral_target = ('\u{3400}'..='\u{9FFF}')
            .find(|&c| (to_simplified(c) as u32) > 0xFFFF)
            .expect("a BMP source with an astral target");
        format!(
            "區政府行政復議３７．５％\u{3000}a{astral_target}b\u{A0}（含轉結）\n{}",
            "已经是简体的报告，数字12件。".repeat(20)
        )
    }

    /// Every span on character boundaries of `s` (normalized offsets).
    fn boundaries(s: &str) -> Vec<usize> {
        s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
    }

    #[test]
    fn released_original_is_rebuilt_exactly() {
        let orig = mixed();
        let borrowed = Normalized::new(&orig);
        let mut owned = Normalized::from_owned(orig.clone());
        assert_eq!(owned.text(), borrowed.text());
        assert_eq!(owned.original(), Some(orig.as_str()));
        assert!(owned.release_original(), "few changed characters");
        assert_eq!(owned.original(), None);
        let b = boundaries(owned.text());
        for (k, &start) in b.iter().enumerate() {
            for &end in &b[k..] {
                let span = Span::new(start, end);
                let expected = borrowed.to_original(span).slice(&orig);
                assert_eq!(owned.written(span), expected, "{span:?}");
                assert_eq!(borrowed.written(span), expected, "{span:?}");
                assert_eq!(owned.to_original(span), borrowed.to_original(span));
            }
        }
        assert_eq!(owned.into_original(), orig);
    }

    /// Without a character that is longer normalized, the original is
    /// rebuilt in the normalized text's memory; with one (`mixed`), into a
    /// new string. Both byte for byte, changes at either end included.
    #[test]
    fn original_rebuilt_in_place_or_copied() {
        let body = "已经是简体的报告，数字12件。".repeat(20);
        for orig in [
            format!("（區政府）３７．５％\u{3000}a\u{A0}b復議\n{body}（含轉結）"),
            format!("{body}\u{A0}"),
            format!("區{body}"),
        ] {
            let mut n = Normalized::from_owned(orig.clone());
            assert!(n.release_original(), "few changed characters");
            let memory = n.text().as_ptr();
            let rebuilt = n.into_original();
            assert_eq!(rebuilt, orig);
            assert_eq!(rebuilt.as_ptr(), memory, "rebuilt in place");
        }
        let mut n = Normalized::from_owned(mixed());
        assert!(n.release_original());
        assert_eq!(n.into_original(), mixed());
    }

    #[test]
    fn dense_changes_keep_the_copy() {
        // Every character changes: the overlay would be larger than the text.
        let orig = "（ＡＢＣ）區縣".repeat(50);
        let mut n = Normalized::from_owned(orig.clone());
        assert!(!n.release_original());
        assert_eq!(n.original(), Some(orig.as_str()));
        assert_eq!(n.into_original(), orig);
    }

    #[test]
    fn unchanged_owned_text_is_not_copied() {
        let orig = "已经是简体的报告。\n".repeat(10);
        let mut n = Normalized::from_owned(orig.clone());
        assert!(matches!(n.original, Original::Same));
        assert!(!n.release_original());
        assert_eq!(n.original(), Some(orig.as_str()));
        assert_eq!(n.written(Span::new(0, 6)), "已经");
        assert_eq!(n.into_original(), orig);
        let empty = Normalized::from_owned(String::new());
        assert_eq!(empty.into_original(), "");
    }
}
