//! Which characters a text holds, as far as compiled patterns care.
//!
//! A Unicode class such as `\d` or `\p{Han}` compiles into a large
//! automaton: `\d` is every decimal digit of every script, `\p{Han}` has
//! ranges beyond U+FFFF. A report almost never holds a decimal digit other
//! than `0`–`9` (normalization turns full-width digits into ASCII) nor a
//! character beyond U+FFFF. On a text without any such *uncommon*
//! character a class may drop or take in uncommon characters at will —
//! `\d` may become `[0-9]`, `[^\d.]` may become `[^0-9.]` — and every
//! search finds exactly what it found before: a class is only ever tested
//! against characters of the text. [`crate::rules::compile`] compiles such
//! cheaper forms for texts whose repertoire is [`Repertoire::Common`].

/// Whether a text holds an uncommon character: a decimal digit other than
/// `0`–`9` (Unicode category Nd) or a character beyond U+FFFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repertoire {
    /// No uncommon character: patterns may be matched in their common
    /// forms.
    Common,
    /// Some uncommon character (or not known): patterns are matched as
    /// written.
    Any,
}

/// The decimal digits (Unicode category Nd) of the Basic Multilingual
/// Plane other than `0`–`9`, as ranges: those of `\d` in the `regex`
/// crate (a test compares them). Together with every character beyond
/// U+FFFF they are the uncommon characters.
pub(crate) const UNCOMMON_DIGITS: [(char, char); 36] = [
    ('\u{0660}', '\u{0669}'),
    ('\u{06F0}', '\u{06F9}'),
    ('\u{07C0}', '\u{07C9}'),
    ('\u{0966}', '\u{096F}'),
    ('\u{09E6}', '\u{09EF}'),
    ('\u{0A66}', '\u{0A6F}'),
    ('\u{0AE6}', '\u{0AEF}'),
    ('\u{0B66}', '\u{0B6F}'),
    ('\u{0BE6}', '\u{0BEF}'),
    ('\u{0C66}', '\u{0C6F}'),
    ('\u{0CE6}', '\u{0CEF}'),
    ('\u{0D66}', '\u{0D6F}'),
    ('\u{0DE6}', '\u{0DEF}'),
    ('\u{0E50}', '\u{0E59}'),
    ('\u{0ED0}', '\u{0ED9}'),
    ('\u{0F20}', '\u{0F29}'),
    ('\u{1040}', '\u{1049}'),
    ('\u{1090}', '\u{1099}'),
    ('\u{17E0}', '\u{17E9}'),
    ('\u{1810}', '\u{1819}'),
    ('\u{1946}', '\u{194F}'),
    ('\u{19D0}', '\u{19D9}'),
    ('\u{1A80}', '\u{1A89}'),
    ('\u{1A90}', '\u{1A99}'),
    ('\u{1B50}', '\u{1B59}'),
    ('\u{1BB0}', '\u{1BB9}'),
    ('\u{1C40}', '\u{1C49}'),
    ('\u{1C50}', '\u{1C59}'),
    ('\u{A620}', '\u{A629}'),
    ('\u{A8D0}', '\u{A8D9}'),
    ('\u{A900}', '\u{A909}'),
    ('\u{A9D0}', '\u{A9D9}'),
    ('\u{A9F0}', '\u{A9F9}'),
    ('\u{AA50}', '\u{AA59}'),
    ('\u{ABF0}', '\u{ABF9}'),
    ('\u{FF10}', '\u{FF19}'),
];

/// The first character beyond the Basic Multilingual Plane.
pub(crate) const BEYOND_BMP: char = '\u{10000}';

/// Whether `c` is an uncommon character (see [`Repertoire`]).
#[inline]
pub(crate) fn is_uncommon(c: char) -> bool {
    match c {
        // Below the first digit range, and the wide gap between the
        // Ol Chiki and the Vai digits (all CJK ideographs).
        '\0'..'\u{0660}' | '\u{1C5A}'..'\u{A620}' => false,
        BEYOND_BMP.. => true,
        c => UNCOMMON_DIGITS
            .binary_search_by(|&(start, end)| {
                if end < c {
                    std::cmp::Ordering::Less
                } else if start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok(),
    }
}

/// The first byte of the UTF-8 form of code point `cp`.
const fn lead_byte(cp: u32) -> u8 {
    match cp {
        0..0x80 => cp as u8,
        0x80..0x800 => 0xC0 | (cp >> 6) as u8,
        0x800..0x10000 => 0xE0 | (cp >> 12) as u8,
        _ => 0xF0 | (cp >> 18) as u8,
    }
}

/// The bytes that start an uncommon character, one flag each.
static UNCOMMON_LEAD: [bool; 256] = {
    let mut leads = [false; 256];
    let mut k = 0;
    while k < UNCOMMON_DIGITS.len() {
        let (start, end) = UNCOMMON_DIGITS[k];
        leads[lead_byte(start as u32) as usize] = true;
        leads[lead_byte(end as u32) as usize] = true;
        k += 1;
    }
    let mut b = 0xF0;
    while b < 0x100 {
        leads[b] = true;
        b += 1;
    }
    leads
};

/// Set the bit of every uncommon three-byte character in `table`, a bit
/// table of the three-byte characters indexed by 64-character block
/// (`cp >> 6`), bit `cp & 63` (see [`super::normalize_with`]).
pub(super) const fn mark_uncommon_3(mut table: [u64; 1024]) -> [u64; 1024] {
    let mut k = 0;
    while k < UNCOMMON_DIGITS.len() {
        let (start, end) = UNCOMMON_DIGITS[k];
        let mut cp = start as usize;
        while cp <= end as usize {
            if cp >= 0x800 {
                table[cp >> 6] |= 1 << (cp & 63);
            }
            cp += 1;
        }
        k += 1;
    }
    table
}

impl Repertoire {
    /// The repertoire of `text`: one pass over its bytes, decoding only
    /// the characters that start with a byte an uncommon one starts with.
    pub fn of(text: &str) -> Repertoire {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(k) = bytes[at..]
            .iter()
            .position(|&b| UNCOMMON_LEAD[usize::from(b)])
        {
            at += k;
            // A lead byte starts a character: `at` is a boundary.
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                return Repertoire::Any;
            };
            if is_uncommon(c) {
                return Repertoire::Any;
            }
            at += c.len_utf8();
        }
        Repertoire::Common
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character, classified one by one, is classified alike by the
    /// fast paths (the gaps of `is_uncommon`, the lead bytes of `of`).
    #[test]
    fn uncommon_characters_are_the_digits_and_the_astral_planes() {
        let digit = |c: char| UNCOMMON_DIGITS.iter().any(|&(s, e)| s <= c && c <= e);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c >= BEYOND_BMP || digit(c);
            assert_eq!(is_uncommon(c), expected, "{:04X}", c as u32);
            let text = format!("数字{c}件");
            let repertoire = if expected {
                Repertoire::Any
            } else {
                Repertoire::Common
            };
            assert_eq!(Repertoire::of(&text), repertoire, "{:04X}", c as u32);
        }
    }

    /// The table holds the decimal digits of `\d` other than `0`–`9` below
    /// U+10000, as the `regex` crate has them.
    #[test]
    fn uncommon_digits_are_those_of_the_regex_crate() {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::parse(r"\d").unwrap();
        let HirKind::Class(Class::Unicode(digits)) = hir.kind() else {
            panic!("\\d is a class");
        };
        let bmp: Vec<(char, char)> = digits
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .filter(|&(start, end)| end > '9' && start < BEYOND_BMP)
            .collect();
        assert_eq!(bmp, UNCOMMON_DIGITS);
    }

    #[test]
    fn texts() {
        assert_eq!(Repertoire::of(""), Repertoire::Common);
        assert_eq!(
            Repertoire::of("全年受理12件(含转结)，纠错率37.5%·完"),
            Repertoire::Common
        );
        assert_eq!(Repertoire::of("受理１２件"), Repertoire::Any);
        assert_eq!(Repertoire::of("受理٣件"), Repertoire::Any);
        assert_eq!(Repertoire::of("姓名𠮷"), Repertoire::Any);
    }
}
