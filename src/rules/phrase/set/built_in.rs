//! The search for the literals of a phrase set of the built-in packs: the
//! Aho-Corasick DFA of every literal of their phrase rules, which the build
//! script worked out (`tables.rs`), so a run builds no automaton. A set
//! searches the DFA and takes the matches of its own literals.

mod table {
    include!(concat!(env!("OUT_DIR"), "/phrase_literals.rs"));
}

use super::slot::{EMPTY, first_slot, next_slot};
use table::{
    COLUMNS, LITERAL_ENDS, LITERAL_TEXT, LONGEST, MATCH_END, MATCH_ENDS, MATCH_LITERALS, ROW,
    SLOTS, START, TRANSITIONS,
};

/// The patterns of one phrase set, by the literal of the DFA each is.
pub(super) struct BuiltInLiterals {
    /// Per literal of the DFA: where its patterns start in `patterns` (one
    /// more entry: the end).
    starts: Vec<u32>,
    /// The indices of the set's patterns, by literal, each literal's in order.
    patterns: Vec<u32>,
}

impl BuiltInLiterals {
    /// The search for those of `patterns` the DFA holds (`None`: none of
    /// them), reporting each by its index in `patterns`, and the indices
    /// of the others.
    pub(super) fn split(patterns: &[&str]) -> (Option<BuiltInLiterals>, Vec<usize>) {
        let mut held = Vec::new();
        let mut others = Vec::new();
        for (index, pattern) in patterns.iter().enumerate() {
            match (literal_id(pattern), u32::try_from(index)) {
                (Some(literal), Ok(index)) => held.push((index, literal)),
                _ => others.push(index),
            }
        }
        if held.is_empty() {
            return (None, others);
        }
        let mut starts = vec![0u32; LITERAL_ENDS.len() + 1];
        for &(_, literal) in &held {
            starts[literal + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // Each pattern in the next free place of its literal's.
        let mut free = starts.clone();
        let mut by_literal = vec![0u32; held.len()];
        for &(index, literal) in &held {
            by_literal[free[literal] as usize] = index;
            free[literal] += 1;
        }
        let literals = BuiltInLiterals {
            starts,
            patterns: by_literal,
        };
        (Some(literals), others)
    }

    /// Every occurrence of every pattern in `haystack`, overlapping:
    /// `found(pattern, start, end)`, by end, then longest first, then in
    /// the patterns' order — as the `aho-corasick` crate's automata report
    /// them ([`crate::rules::overlapping`]).
    ///
    /// A byte at a time, one table lookup each, in [`LANES`] parts of the
    /// text at once: each lookup waits for the one before it in its part,
    /// so one part alone keeps the processor waiting on memory; the parts'
    /// lookups overlap. A part starts [`LONGEST`] − 1 bytes before the end
    /// of the one before it (the DFA, started anywhere, finds every
    /// occurrence that starts there or later) and reports only the matches
    /// that end within it; the matches of the later parts wait in a list
    /// until the earlier ones are reported.
    #[inline(never)]
    pub(super) fn scan(&self, haystack: &[u8], found: &mut impl FnMut(usize, usize, usize)) {
        let len = haystack.len();
        if len < LANES * LANE_MIN {
            let mut state = START;
            for (at, &byte) in haystack.iter().enumerate() {
                state = step(state, byte);
                if state < MATCH_END {
                    self.report(state / ROW, at + 1, found);
                }
            }
            return;
        }
        // Part `k` reads from `starts[k]` and reports the matches that end
        // after `ends[k]` (the first part: all) and at or before `ends[k + 1]`.
        let ends: [usize; LANES + 1] = std::array::from_fn(|k| k * len / LANES);
        let starts: [usize; LANES] =
            std::array::from_fn(|k| ends[k].saturating_sub(LONGEST.saturating_sub(1)));
        let parts: [&[u8]; LANES] = std::array::from_fn(|k| &haystack[starts[k]..ends[k + 1]]);
        // Room for a match every [`MATCH_EVERY`] bytes, about as many as
        // a report has: no Vec grown one by one.
        let mut later: [Vec<(usize, usize)>; LANES] = std::array::from_fn(|k| {
            Vec::with_capacity(if k == 0 { 0 } else { len / LANES / MATCH_EVERY })
        });
        // Match state `state` after byte `at` of part `k`.
        let mut record = |k: usize, state: usize, at: usize| {
            let end = starts[k] + at + 1;
            if k == 0 {
                self.report(state / ROW, end, found);
            } else if end > ends[k] {
                later[k].push((state, end));
            }
        };
        let mut states = [START; LANES];
        let together = parts.iter().map(|p| p.len()).min().unwrap_or(0);
        // The parts' first `together` bytes, read in step. The loop keeps
        // only the states, the parts and the tables in registers: the
        // states after a byte where some part is in a match state are
        // noted, and reported after every [`NOTED_BLOCK`] bytes, so that
        // the notes of a long text never pile up.
        let lanes: [&[u8]; LANES] = parts.map(|p| &p[..together]);
        let mut matched: Vec<(usize, [usize; LANES])> =
            Vec::with_capacity(together.min(NOTED_BLOCK) * LANES / MATCH_EVERY);
        for block in (0..together).step_by(NOTED_BLOCK) {
            for at in block..together.min(block + NOTED_BLOCK) {
                for (state, lane) in states.iter_mut().zip(&lanes) {
                    *state = step(*state, lane[at]);
                }
                if states.iter().any(|&s| s < MATCH_END) {
                    matched.push((at, states));
                }
            }
            for (at, states) in matched.drain(..) {
                for (k, &state) in states.iter().enumerate() {
                    if state < MATCH_END {
                        record(k, state, at);
                    }
                }
            }
        }
        // The rest of each part, in turn.
        for (k, (state, part)) in states.iter_mut().zip(&parts).enumerate() {
            for (at, &byte) in part.iter().enumerate().skip(together) {
                *state = step(*state, byte);
                if *state < MATCH_END {
                    record(k, *state, at);
                }
            }
        }
        for matches in &later[1..] {
            for &(state, end) in matches {
                self.report(state / ROW, end, found);
            }
        }
    }

    /// The patterns among the literals that end at `end` in match state
    /// `state` (its row), handed to `found` (the caller's code, compiled
    /// in: a match costs no call through a pointer).
    fn report(&self, state: usize, end: usize, found: &mut impl FnMut(usize, usize, usize)) {
        let from = if state == 0 { 0 } else { MATCH_ENDS[state - 1] };
        for &literal in &MATCH_LITERALS[from as usize..MATCH_ENDS[state] as usize] {
            let literal = literal as usize;
            let start = end - literal_len(literal);
            let (from, to) = (self.starts[literal], self.starts[literal + 1]);
            for &pattern in &self.patterns[from as usize..to as usize] {
                found(pattern as usize, start, end);
            }
        }
    }
}

/// The id of the literal `text`, if the DFA has it.
fn literal_id(text: &str) -> Option<usize> {
    let mut slot = first_slot(text, SLOTS.len());
    loop {
        let id = SLOTS[slot];
        if id == EMPTY {
            return None;
        }
        if literal(id as usize) == text {
            return Some(id as usize);
        }
        slot = next_slot(slot, SLOTS.len());
    }
}

/// Where literal `id` ends in `LITERAL_TEXT`, and where it starts.
fn literal_span(id: usize) -> (usize, usize) {
    let start = if id == 0 { 0 } else { LITERAL_ENDS[id - 1] };
    (start as usize, LITERAL_ENDS[id] as usize)
}

/// The text of literal `id`.
fn literal(id: usize) -> &'static str {
    let (start, end) = literal_span(id);
    &LITERAL_TEXT[start..end]
}

/// Every literal of the DFA, by id.
#[cfg(test)]
pub(super) fn literals() -> impl Iterator<Item = &'static str> {
    (0..LITERAL_ENDS.len()).map(literal)
}

/// The length of literal `id` in bytes.
fn literal_len(id: usize) -> usize {
    let (start, end) = literal_span(id);
    end - start
}

/// How many parts of a text [`BuiltInLiterals::scan`] searches at once.
const LANES: usize = 4;

/// Texts shorter than this many bytes a part are searched in one.
const LANE_MIN: usize = 256;

/// How many bytes of each part [`BuiltInLiterals::scan`] reads in step
/// before it reports the matches it noted: a bound on the notes it keeps
/// (a 100 MB text would otherwise note some 26 MB of them).
const NOTED_BLOCK: usize = 1 << 12;

/// About how many bytes of a report there are a match of a built-in
/// literal (phrase or regex literal) in, for room in the lists of matches
/// [`BuiltInLiterals::scan`] keeps.
const MATCH_EVERY: usize = 64;

/// The state after `state` reads `byte`.
#[inline(always)]
fn step(state: usize, byte: u8) -> usize {
    next(state + usize::from(COLUMNS[usize::from(byte)]))
}

/// The state at offset `at` of the transitions (a row's, plus a column's).
#[inline(always)]
fn next(at: usize) -> usize {
    let entry = &TRANSITIONS[at..at + 4];
    u32::from_le_bytes([entry[0], entry[1], entry[2], entry[3]]) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The DFA finds what the crate's overlapping iterator finds, in the
    /// same order, for sets of its literals in any order and with
    /// repetitions, on every string of the built-in packs.
    #[test]
    fn finds_what_the_crate_finds() {
        let all: Vec<&str> = (0..LITERAL_ENDS.len()).map(literal).collect();
        let mut mixed: Vec<&str> = all.iter().rev().step_by(3).copied().collect();
        mixed.extend(all.iter().step_by(2));
        let texts = crate::pack::builtin_strings().join("\n");
        for patterns in [all, mixed] {
            let (Some(dfa), others) = BuiltInLiterals::split(&patterns) else {
                panic!("the DFA holds its own literals");
            };
            assert!(others.is_empty());
            let mut found = Vec::new();
            dfa.scan(texts.as_bytes(), &mut |p, s, e| found.push((p, s, e)));
            let expected: Vec<_> = AhoCorasick::new(&patterns)
                .unwrap()
                .find_overlapping_iter(&texts)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert!(expected.len() > 1000, "{}", expected.len());
            assert_eq!(found, expected);
        }
    }

    /// Where the parts of a text meet, each match is found once and in
    /// order: literals (the longest among them) across every part's end
    /// at every offset, and texts of every length around the threshold.
    #[test]
    fn parts_meet_without_losing_or_repeating_a_match() {
        let all: Vec<&str> = (0..LITERAL_ENDS.len()).map(literal).collect();
        let (Some(dfa), _) = BuiltInLiterals::split(&all) else {
            panic!("the DFA holds its own literals");
        };
        let crate_ac = AhoCorasick::new(&all).unwrap();
        let assert_same = |hay: &[u8]| {
            let mut found = Vec::new();
            dfa.scan(hay, &mut |p, s, e| found.push((p, s, e)));
            let expected: Vec<_> = crate_ac
                .find_overlapping_iter(aho_corasick::Input::new(hay))
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert_eq!(found, expected, "{:?}", String::from_utf8_lossy(hay));
            expected.len()
        };
        let longest = *all.iter().max_by_key(|l| l.len()).unwrap();
        assert_eq!(longest.len(), LONGEST);
        let len = 2 * LANES * LANE_MIN;
        for literal in [longest, all[all.len() / 2], all[0]] {
            for cut in 1..=literal.len() {
                let mut hay = vec![b'x'; len];
                for k in 1..LANES {
                    let at = k * len / LANES - cut;
                    hay[at..at + literal.len()].copy_from_slice(literal.as_bytes());
                }
                assert!(assert_same(&hay) >= LANES - 1);
            }
        }
        let texts = crate::pack::builtin_strings().join("\n");
        for len in (LANES * LANE_MIN - 8..LANES * LANE_MIN + 8).chain(4000..4010) {
            assert!(assert_same(&texts.as_bytes()[..len]) > 0);
        }
    }

    /// Every literal is found by its text, and only its own.
    #[test]
    fn literals_are_found_by_their_text() {
        for id in 0..LITERAL_ENDS.len() {
            assert_eq!(literal_id(literal(id)), Some(id));
        }
        assert!(LITERAL_ENDS.len() > 500);
        assert_eq!(literal_id("年年年年年年"), None);
    }

    /// A pattern the DFA does not hold is left to an automaton of its own.
    #[test]
    fn other_patterns_are_not_built_in() {
        let (dfa, others) = BuiltInLiterals::split(&["不在内置规则包里的字面量"]);
        assert!(dfa.is_none());
        assert_eq!(others, [0]);
        let (dfa, others) = BuiltInLiterals::split(&[literal(0), "不在内置规则包里的字面量"]);
        assert!(dfa.is_some());
        assert_eq!(others, [1]);
    }
}
