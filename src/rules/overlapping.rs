//! Every occurrence of a set of literals, overlapping, with an Aho-Corasick
//! automaton built at run time: the phrase scan's loop for literals the
//! build script's tables do not hold (a user pack's).

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::{contiguous, noncontiguous};
use aho_corasick::{Anchored, dfa};

/// An automaton [`overlapping`] scans, and how: whether a turn of its loop
/// takes four bytes.
pub(crate) trait Scanned: Automaton {
    /// Four transitions a turn of the loop, so that its bookkeeping is paid
    /// once for four: a DFA's transition is then about 8 instructions
    /// instead of 13. An NFA's transitions follow failures in loops of
    /// their own, and cost more unrolled than the bookkeeping saves.
    const BY_FOUR: bool;
}

impl Scanned for dfa::DFA {
    const BY_FOUR: bool = true;
}

impl Scanned for contiguous::NFA {
    const BY_FOUR: bool = false;
}

impl Scanned for noncontiguous::NFA {
    const BY_FOUR: bool = false;
}

/// Every occurrence in `haystack` of every pattern of `aut` (built with
/// the standard match kind), overlapping: `found(pattern, start, end)`, by
/// end, then in the automaton's order — as `find_overlapping_iter` reports
/// them.
///
/// A byte at a time (or four, see [`Scanned::BY_FOUR`]), and a state test
/// only when the state is special (a match). The crate's own iterator
/// keeps its position in a state object between matches and costs about
/// 1.6 times the instructions a byte (DFA). Not inlined, and the matches
/// reported from a function of their own: the loop then keeps its state in
/// registers.
#[inline(never)]
pub(crate) fn overlapping<A: Scanned>(
    aut: &A,
    haystack: &[u8],
    found: &mut dyn FnMut(usize, usize, usize),
) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    let (quads, rest) = if A::BY_FOUR {
        let quads = haystack.chunks_exact(4);
        (quads.clone(), quads.remainder())
    } else {
        ([].chunks_exact(4), haystack)
    };
    let mut at = 0;
    for quad in quads {
        for (k, &byte) in quad.iter().enumerate() {
            if !step(aut, &mut sid, byte, at + k + 1, found) {
                return;
            }
        }
        at += 4;
    }
    for (k, &byte) in rest.iter().enumerate() {
        if !step(aut, &mut sid, byte, at + k + 1, found) {
            return;
        }
    }
}

/// The transition from `sid` on `byte`, reporting the matches that end
/// there, at `end`; false once the automaton is dead.
#[inline(always)]
fn step<A: Automaton>(
    aut: &A,
    sid: &mut StateID,
    byte: u8,
    end: usize,
    found: &mut dyn FnMut(usize, usize, usize),
) -> bool {
    *sid = aut.next_state(Anchored::No, *sid, byte);
    if aut.is_special(*sid) {
        if aut.is_dead(*sid) {
            return false;
        }
        report_matches(aut, *sid, end, found);
    }
    true
}

/// The patterns that match in state `sid`, ending at `end`.
#[inline(never)]
fn report_matches<A: Automaton>(
    aut: &A,
    sid: StateID,
    end: usize,
    found: &mut dyn FnMut(usize, usize, usize),
) {
    if aut.is_match(sid) {
        for i in 0..aut.match_len(sid) {
            let pattern = aut.match_pattern(sid, i);
            found(pattern.as_usize(), end - aut.pattern_len(pattern), end);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// Overlapping literals, and a text where they overlap.
    pub(crate) const PATTERNS: [&str; 8] = [
        "法治",
        "治政",
        "法治政府",
        "政府",
        "府",
        "2024年",
        "4年",
        "(注)",
    ];
    pub(crate) const TEXT: &str = "推进法治政府建设。2024年法治政府(注)府府，法治政府建设2024年";

    /// What the crate's overlapping iterator finds of [`PATTERNS`] in
    /// [`TEXT`]: `(pattern, start, end)`.
    pub(crate) fn expected() -> Vec<(usize, usize, usize)> {
        let found: Vec<_> = AhoCorasick::new(PATTERNS)
            .unwrap()
            .find_overlapping_iter(TEXT)
            .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
            .collect();
        assert!(found.len() > 10);
        found
    }

    /// The scan with every kind of automaton finds what the crate's
    /// overlapping iterator finds, in the same order.
    #[test]
    fn finds_what_the_crate_finds() {
        let mut found = Vec::new();
        let mut push = |p, s, e| found.push((p, s, e));
        let hay = TEXT.as_bytes();
        overlapping(&dfa::DFA::new(PATTERNS).unwrap(), hay, &mut push);
        overlapping(&contiguous::NFA::new(PATTERNS).unwrap(), hay, &mut push);
        overlapping(&noncontiguous::NFA::new(PATTERNS).unwrap(), hay, &mut push);
        // Without a prefilter, as the rules build them.
        let plain = dfa::Builder::new()
            .prefilter(false)
            .build(PATTERNS)
            .unwrap();
        overlapping(&plain, hay, &mut push);
        assert_eq!(found, expected().repeat(4));
    }
}
