//! Sets of byte values for skipping through UTF-8 text to the next byte
//! that can start one of a few characters, decoding nothing in between; and
//! sets of characters found by their first and last bytes.

/// A set of bytes that start characters (ASCII or UTF-8 lead bytes, never
/// continuation bytes), tested with one table lookup.
///
/// Its members are found by a [`Finder`], 64 bytes at a time, not a
/// character at a time: stepping by the length of each character makes each
/// step wait for the lookup before it. Testing every byte instead, each
/// test independent of the others, took 12% less time for a check of 2,000
/// reports (three times the lookups); marking the few bytes worth a lookup
/// in blocks, with vector compares, takes fewer instructions and less time
/// again.
#[derive(Clone)]
pub(crate) struct ByteSet {
    member: [bool; 256],
    /// A run of lead bytes none of which is a member, as its first byte and
    /// its length: with the continuation bytes, the bytes a [`Finder`]
    /// passes over 64 at a time. The run that holds the first bytes of the
    /// ideographs (E4–E9), most of Chinese text, when no member is one.
    passed: (u8, u8),
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

/// The lead bytes of the Chinese ideographs (U+4E00–U+9FFF): most of the
/// text.
const IDEOGRAPH_LEADS: std::ops::RangeInclusive<usize> = 0xE4..=0xE9;

/// The run of lead bytes (C0–FF) not in `member` that holds the most
/// [`IDEOGRAPH_LEADS`], else the widest: its first byte and its length.
const fn passed_run(member: &[bool; 256]) -> (u8, u8) {
    // Runs are compared by (ideograph leads, length).
    let (mut best, mut best_score) = ((0xC0, 0), (0, 0));
    let (mut run, mut score) = ((0xC0, 0u8), (0, 0));
    let mut b = 0xC0;
    while b < 256 {
        if member[b] {
            (run, score) = (((b + 1) as u8, 0), (0, 0));
        } else {
            run.1 += 1;
            score.1 += 1;
            if *IDEOGRAPH_LEADS.start() <= b && b <= *IDEOGRAPH_LEADS.end() {
                score.0 += 1;
            }
            if score.0 > best_score.0 || (score.0 == best_score.0 && score.1 > best_score.1) {
                (best, best_score) = (run, score);
            }
        }
        b += 1;
    }
    best
}

/// The multiplier that gathers the top bits of a word's eight bytes into
/// its top byte, the first byte's bit lowest: each top bit is shifted to
/// its own place, and no two products overlap.
const GATHER: u64 = 0x0002_0408_1020_4081;

/// Bytes a [`Finder`] tests at once.
const BLOCK: usize = 64;

impl ByteSet {
    const EMPTY: ByteSet = ByteSet {
        member: [false; 256],
        passed: (0xC0, 64),
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
            set.member[bytes[i] as usize] = true;
            i += 1;
        }
        set.passed = passed_run(&set.member);
        set
    }

    /// The set of the first bytes of `chars` in UTF-8. A first byte never
    /// occurs inside another character, so a position found is always a
    /// character boundary.
    pub(crate) fn first_bytes_of(chars: impl IntoIterator<Item = char>) -> Self {
        let mut set = Self::EMPTY;
        for c in chars {
            set.member[usize::from(first_byte(c))] = true;
        }
        set.passed = passed_run(&set.member);
        set
    }

    /// Add `b`, which must start characters (not a continuation byte).
    pub(crate) fn insert(&mut self, b: u8) {
        assert!(
            !is_continuation(b),
            "a continuation byte starts no character"
        );
        self.member[usize::from(b)] = true;
        self.passed = passed_run(&self.member);
    }

    #[cfg(test)]
    const fn contains(&self, b: u8) -> bool {
        self.member[b as usize]
    }

    /// The first position at or after `from` in `haystack` (UTF-8 text)
    /// whose byte is in the set, found by testing every byte: what a
    /// [`Finder`] must find.
    #[cfg(test)]
    fn find(&self, haystack: &[u8], from: usize) -> Option<usize> {
        let rest = haystack.get(from..)?;
        let at = rest.iter().position(|&b| self.member[usize::from(b)])?;
        Some(from + at)
    }

    /// A finder of the set's members in `haystack` (UTF-8 text), for a
    /// scan that looks for one after another.
    pub(crate) fn finder<'h>(&self, haystack: &'h [u8]) -> Finder<'_, 'h> {
        Finder {
            set: self,
            haystack,
            // None loaded yet.
            block: usize::MAX,
            members: 0,
        }
    }

    /// Whether a [`Finder`] looks `b` up: it starts a character, and not
    /// one of those in [`ByteSet::passed`].
    #[inline(always)]
    fn may_hold(&self, b: u8) -> bool {
        let (first, len) = self.passed;
        !is_continuation(b) && b.wrapping_sub(first) >= len
    }

    /// The members in `block`, one bit each (the first byte lowest). The
    /// bytes that [`ByteSet::may_hold`] one are marked first, all alike and
    /// at once (the compiler compares them as vectors); only those are
    /// looked up.
    #[inline]
    fn members(&self, block: &[u8; BLOCK]) -> u64 {
        let mut tops = [0u8; BLOCK];
        for (top, &b) in tops.iter_mut().zip(block) {
            *top = if self.may_hold(b) { 0x80 } else { 0 };
        }
        let mut candidates = 0;
        for (k, word) in tops.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            candidates |= (word.wrapping_mul(GATHER) >> 56) << (8 * k);
        }
        // Without a branch on each lookup: whether a candidate is a member
        // is hard to predict.
        let mut members = 0;
        while candidates != 0 {
            let at = candidates.trailing_zeros();
            let b = block[at as usize % BLOCK];
            members |= u64::from(self.member[usize::from(b)]) << at;
            candidates &= candidates - 1;
        }
        members
    }
}

/// The members of a [`ByteSet`] in a text, found one after another, 64
/// bytes at a time.
///
/// For each block of 64 bytes it marks the members at once: first, all
/// alike, the bytes that start a character outside [`ByteSet::passed`] (a
/// few in Chinese text: ASCII and punctuation), then it looks up only
/// those. Looking up every byte takes more instructions and more time,
/// and a scan that steps a character at a time waits on each lookup.
pub(crate) struct Finder<'s, 'h> {
    set: &'s ByteSet,
    haystack: &'h [u8],
    /// Where the block of `members` starts (`usize::MAX` before the first
    /// is loaded).
    block: usize,
    /// The members in the block, one bit each.
    members: u64,
}

impl Finder<'_, '_> {
    /// The first position at or after `from` whose byte is in the set: a
    /// character boundary. Any `from` will do; quickest when it only moves
    /// forward.
    #[inline]
    pub(crate) fn find(&mut self, from: usize) -> Option<usize> {
        let in_block = from.checked_sub(self.block).filter(|&k| k < BLOCK);
        let skipped = match in_block {
            Some(k) => k,
            None => {
                self.load(from)?;
                0
            }
        };
        // The members at or after `from`.
        let mut ahead = self.members & (u64::MAX << skipped);
        while ahead == 0 {
            self.load(self.block + BLOCK)?;
            ahead = self.members;
        }
        Some(self.block + ahead.trailing_zeros() as usize)
    }

    /// Mark the members in the block that starts at `start`; `None` at the
    /// end of the text.
    fn load(&mut self, start: usize) -> Option<()> {
        let rest = self.haystack.get(start..).filter(|r| !r.is_empty())?;
        let members = match rest.first_chunk::<BLOCK>() {
            Some(block) => self.set.members(block),
            None => {
                // The last bytes, after them continuation bytes: never
                // members.
                let mut block = [0x80; BLOCK];
                block[..rest.len()].copy_from_slice(rest);
                self.set.members(&block)
            }
        };
        self.block = start;
        self.members = members;
        Some(())
    }
}

/// The last byte of `c` in UTF-8: `c` itself when ASCII, else a
/// continuation byte holding its low six bits.
const fn last_byte(c: char) -> u8 {
    let c = c as u32;
    if c < 0x80 {
        c as u8
    } else {
        0x80 | (c & 0x3F) as u8
    }
}

/// The first byte of `c` in UTF-8.
const fn first_byte(c: char) -> u8 {
    let c = c as u32;
    match c {
        0..0x80 => c as u8,
        0x80..0x800 => 0xC0 | (c >> 6) as u8,
        0x800..0x1_0000 => 0xE0 | (c >> 12) as u8,
        _ => 0xF0 | (c >> 18) as u8,
    }
}

/// A set of characters, found by the first and the last byte of their
/// UTF-8 form. Finer than a [`ByteSet`] of first bytes: it passes over most
/// characters that only share a first byte with a member (`、` and `。`
/// start like `《`) without decoding them. A position found may still hold
/// a character outside the set (with `“` and `〔` in it, `—` starts like the
/// one and ends like the other): the caller decodes it and decides.
#[derive(Clone)]
pub(crate) struct CharSet {
    first: ByteSet,
    /// Whether some member ends with the byte.
    last: [bool; 256],
}

impl CharSet {
    pub(crate) const EMPTY: CharSet = CharSet {
        first: ByteSet::EMPTY,
        last: [false; 256],
    };

    /// This set and `chars`.
    pub(crate) const fn with(mut self, chars: &[char]) -> Self {
        let mut i = 0;
        while i < chars.len() {
            self.first.member[first_byte(chars[i]) as usize] = true;
            self.last[last_byte(chars[i]) as usize] = true;
            i += 1;
        }
        self.first.passed = passed_run(&self.first.member);
        self
    }

    /// The set of `chars`.
    pub(crate) fn of(chars: impl IntoIterator<Item = char>) -> Self {
        let chars: Vec<char> = chars.into_iter().collect();
        Self::EMPTY.with(&chars)
    }

    /// The first position at or after `from` in `haystack` (UTF-8 text)
    /// that may hold a member: a character whose first and last bytes are
    /// those of members. Every member is found.
    #[cfg(test)]
    fn find(&self, haystack: &[u8], from: usize) -> Option<usize> {
        self.finder(haystack).find(from)
    }

    /// A finder of the set's members in `haystack` (UTF-8 text), for a
    /// scan that looks for one after another.
    pub(crate) fn finder<'h>(&self, haystack: &'h [u8]) -> CharFinder<'_, 'h> {
        CharFinder {
            last: &self.last,
            first: self.first.finder(haystack),
        }
    }
}

/// The members of a [`CharSet`] in a text, found one after another (see
/// [`Finder`]).
pub(crate) struct CharFinder<'s, 'h> {
    last: &'s [bool; 256],
    first: Finder<'s, 'h>,
}

impl CharFinder<'_, '_> {
    /// The first position at or after `from` that may hold a member: a
    /// character whose first and last bytes are those of members. Every
    /// member is found.
    pub(crate) fn find(&mut self, from: usize) -> Option<usize> {
        let haystack = self.first.haystack;
        let mut i = from;
        while let Some(at) = self.first.find(i) {
            let len = usize::from(char_len(haystack[at]));
            match haystack.get(at + len - 1) {
                Some(&last) if !self.last[usize::from(last)] => i = at + len,
                _ => return Some(at),
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
    fn a_char_set_finds_every_member_and_skips_most_others() {
        let text = "a、b。(《c》—“d”〔e〕\u{20021}f\u{A0}";
        let members = ['《', '》', '(', '〔', '“', '\u{20021}', '\u{A0}'];
        let set = CharSet::of(members);
        let b = text.as_bytes();
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = set.find(b, from) {
            found.push(text[at..].chars().next().unwrap());
            from = at + 1;
        }
        // `—` (E2 80 94) starts like `“` (E2 80 9C) and ends like `〔`
        // (E3 80 94): a candidate.
        assert_eq!(
            found,
            ['(', '《', '》', '—', '“', '〔', '\u{20021}', '\u{A0}']
        );
        // From every position, every member at or after it is found.
        for from in 0..=b.len() + 1 {
            let first_member = text
                .char_indices()
                .find(|&(i, c)| i >= from && members.contains(&c))
                .map(|(i, _)| i);
            let found = set.find(b, from);
            if let Some(m) = first_member {
                assert!(found.is_some_and(|f| f <= m), "from {from}");
            }
            if let Some(at) = found {
                assert!(text.is_char_boundary(at) && at >= from);
            }
        }
        const CONST_SET: CharSet = CharSet::EMPTY.with(&['《', '(']);
        assert_eq!(CONST_SET.find("、(".as_bytes(), 0), Some(3));
    }

    #[test]
    fn finds_the_first_member_from_any_position() {
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

    #[test]
    fn a_finder_finds_what_find_finds() {
        // Blocks of 64 bytes start at every offset of the marks, and the
        // text ends inside a block.
        let text = "法治政府建设年度报告,“依法行政”(2024)；\u{A0}é\n".repeat(7) + "。x\u{20021}";
        let sets = [
            ByteSet::new(b"()[]!?;\xE2\xE3"),
            ByteSet::new(b",;:\xE3"),
            ByteSet::first_bytes_of(['法', '(', '\u{20021}', '\u{A0}', 'x']),
            ByteSet::new(b"\n\xEF"),
            ByteSet::new(b""),
        ];
        let b = text.as_bytes();
        for set in &sets {
            for from in 0..=b.len() + 1 {
                assert_eq!(set.finder(b).find(from), set.find(b, from), "from {from}");
            }
            // One finder asked again and again, forward and back.
            let mut finder = set.finder(b);
            for from in (0..=b.len() + 1).chain((0..b.len()).rev().step_by(5)) {
                assert_eq!(finder.find(from), set.find(b, from), "from {from}");
                if let Some(at) = finder.find(from) {
                    assert_eq!(finder.find(at), Some(at));
                }
            }
        }
    }

    #[test]
    fn the_passed_bytes_are_the_run_of_lead_bytes_with_the_ideographs() {
        // The run with the ideographs' first bytes, though not the widest.
        assert_eq!(ByteSet::new(b",;:\xE3").passed, (0xE4, 0x1C));
        // The run with most of them; the widest of those.
        assert_eq!(ByteSet::new(b"\xC0\xE6").passed, (0xE7, 0x19));
        assert_eq!(ByteSet::new(b"\xE1\xE6\xF4").passed, (0xE7, 0x0D));
        assert_eq!(ByteSet::new(b"").passed, (0xC0, 0x40));
        let mut set = ByteSet::new(b"a");
        set.insert(0xE4);
        assert_eq!(set.passed, (0xE5, 0x1B));
    }
}
