//! Sets of byte values for skipping through UTF-8 text to the next byte
//! that can start one of a few characters, decoding nothing in between.

/// A set of byte values, tested with one table lookup.
#[derive(Clone)]
pub(crate) struct ByteSet([bool; 256]);

impl ByteSet {
    /// The set of `bytes`.
    pub(crate) const fn new(bytes: &[u8]) -> Self {
        let mut set = [false; 256];
        let mut i = 0;
        while i < bytes.len() {
            set[bytes[i] as usize] = true;
            i += 1;
        }
        ByteSet(set)
    }

    /// The set of the first bytes of `chars` in UTF-8. A first byte never
    /// occurs inside another character, so a position found is always a
    /// character boundary.
    pub(crate) fn first_bytes_of(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = ByteSet([false; 256]);
        for c in chars {
            set.insert(c.encode_utf8(&mut [0; 4]).as_bytes()[0]);
        }
        set
    }

    pub(crate) fn insert(&mut self, b: u8) {
        self.0[usize::from(b)] = true;
    }

    pub(crate) const fn contains(&self, b: u8) -> bool {
        self.0[b as usize]
    }

    /// The first position at or after `from` in `haystack` whose byte is in
    /// the set.
    pub(crate) fn find(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let rest = haystack.get(from..)?;
        rest.iter()
            .position(|&b| self.contains(b))
            .map(|k| from + k)
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
}
