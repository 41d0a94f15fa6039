//! Sets of byte values for skipping through UTF-8 text to the next byte
//! that can start one of a few characters, decoding nothing in between.

/// A set of bytes that start characters (ASCII or UTF-8 lead bytes, never
/// continuation bytes), tested with one table lookup.
///
/// The table also holds, for a byte outside the set, the length of the
/// character it starts, so [`ByteSet::find`] steps through the text a
/// character at a time: a Chinese character costs one lookup, not three.
#[derive(Clone)]
pub(crate) struct ByteSet {
    /// 0 for a member; otherwise how many bytes to step past the byte: the
    /// UTF-8 length of the character it starts (1 for a continuation byte).
    step: [u8; 256],
}

/// The UTF-8 length of the character that byte `b` starts; 1 for a byte that
/// starts none (a continuation byte, or one that never occurs in UTF-8).
const fn char_len(b: u8) -> u8 {
    match b {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}

const fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

impl ByteSet {
    const EMPTY: ByteSet = {
        let mut step = [0; 256];
        let mut b = 0;
        while b < 256 {
            step[b] = char_len(b as u8);
            b += 1;
        }
        ByteSet { step }
    };

    /// The set of `bytes` (none of them a continuation byte).
    pub(crate) const fn new(bytes: &[u8]) -> Self {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < bytes.len() {
            assert!(
                !is_continuation(bytes[i]),
                "a continuation byte starts no character"
            );
            set.step[bytes[i] as usize] = 0;
            i += 1;
        }
        set
    }

    /// The set of the first bytes of `chars` in UTF-8. A first byte never
    /// occurs inside another character, so a position found is always a
    /// character boundary.
    pub(crate) fn first_bytes_of(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = Self::EMPTY;
        for c in chars {
            set.insert(c.encode_utf8(&mut [0; 4]).as_bytes()[0]);
        }
        set
    }

    /// Add `b`, which must start characters (not a continuation byte).
    pub(crate) fn insert(&mut self, b: u8) {
        assert!(
            !is_continuation(b),
            "a continuation byte starts no character"
        );
        self.step[usize::from(b)] = 0;
    }

    #[cfg(test)]
    const fn contains(&self, b: u8) -> bool {
        self.step[b as usize] == 0
    }

    /// The first position at or after `from` in `haystack` (UTF-8 text)
    /// whose byte is in the set. Steps over whole characters once it is on
    /// a character boundary; members start characters, so none is passed.
    pub(crate) fn find(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let mut i = from;
        while let Some(&b) = haystack.get(i) {
            match self.step[usize::from(b)] {
                0 => return Some(i),
                step => i += usize::from(step),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_member_at_a_character_boundary() {
        let set = ByteSet::first_bytes_of(['《', '(']);
        let s = "(甲》乙《";
        let b = s.as_bytes();
        assert_eq!(set.find(b, 0), Some(0));
        // `》` shares the first byte of `《`: a candidate to decode.
        assert_eq!(set.find(b, 1), Some(s.find('》').unwrap()));
        assert_eq!(
            set.find(b, s.find('乙').unwrap()),
            Some(s.find('《').unwrap())
        );
        assert_eq!(set.find(b, b.len()), None);
        assert_eq!(set.find(b, b.len() + 1), None);
        assert!(ByteSet::new(b"!?").contains(b'?'));
    }

    #[test]
    fn stepping_by_characters_finds_what_a_byte_scan_finds() {
        let text = "a\u{A0}é,法治。“政府”\u{20021}(2024)；\u{FF08}x\n";
        let sets = [
            ByteSet::new(b"()[]!?;\xE2\xE3"),
            ByteSet::first_bytes_of(['《', '(', '\u{20021}', '\u{A0}']),
            ByteSet::new(b"\n\xEF"),
        ];
        let b = text.as_bytes();
        for set in &sets {
            // From every position, boundaries and continuation bytes alike.
            for from in 0..=b.len() + 1 {
                let by_byte = (from..b.len()).find(|&i| set.contains(b[i]));
                assert_eq!(set.find(b, from), by_byte, "from {from}");
            }
        }
    }
}
