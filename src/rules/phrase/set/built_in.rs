//! The search for the literals of a phrase set of the built-in packs: the
//! Aho-Corasick DFA of every literal of their phrase rules, which the build
//! script worked out (`tables.rs`), so a run builds no automaton. A set
//! searches the DFA and takes the matches of its own literals.

mod table {
    include!(concat!(env!("OUT_DIR"), "/phrase_literals.rs"));
}

use table::{COLUMNS, LITERALS, MATCH_END, MATCHES, ROW, START, TRANSITIONS};

/// The patterns of one phrase set, by the literal of the DFA each is.
pub(super) struct BuiltInLiterals {
    /// Per literal of the DFA: where its patterns start in `patterns` (one
    /// more entry: the end).
    starts: Vec<u32>,
    /// The indices of the set's patterns, by literal, each literal's in order.
    patterns: Vec<u32>,
}

impl BuiltInLiterals {
    /// `None` unless every one of `patterns` is a literal of the DFA.
    pub(super) fn new(patterns: &[String]) -> Option<BuiltInLiterals> {
        let mut pairs = patterns
            .iter()
            .enumerate()
            .map(|(index, pattern)| {
                let literal = LITERALS.binary_search(&pattern.as_str()).ok()?;
                Some((literal, u32::try_from(index).ok()?))
            })
            .collect::<Option<Vec<_>>>()?;
        pairs.sort_unstable();
        let mut starts = vec![0u32; LITERALS.len() + 1];
        for &(literal, _) in &pairs {
            starts[literal + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Some(BuiltInLiterals {
            starts,
            patterns: pairs.into_iter().map(|(_, index)| index).collect(),
        })
    }

    /// Every occurrence of every pattern in `haystack`, overlapping:
    /// `found(pattern, start, end)`, by end, then longest first, then in
    /// the patterns' order — as the `aho-corasick` crate's automata report
    /// them ([`crate::rules::overlapping`]).
    ///
    /// A byte at a time, one table lookup each; the matches reported from
    /// a function of their own.
    #[inline(never)]
    pub(super) fn scan(&self, haystack: &[u8], found: &mut dyn FnMut(usize, usize, usize)) {
        let mut state = START;
        for (at, &byte) in haystack.iter().enumerate() {
            state = next(state + usize::from(COLUMNS[usize::from(byte)]));
            if state < MATCH_END {
                self.report(state / ROW, at + 1, found);
            }
        }
    }

    /// The patterns among the literals that end at `end` in match state
    /// `state` (its row).
    #[inline(never)]
    fn report(&self, state: usize, end: usize, found: &mut dyn FnMut(usize, usize, usize)) {
        for &literal in MATCHES[state] {
            let literal = literal as usize;
            let start = end - LITERALS[literal].len();
            let (from, to) = (self.starts[literal], self.starts[literal + 1]);
            for &pattern in &self.patterns[from as usize..to as usize] {
                found(pattern as usize, start, end);
            }
        }
    }
}

/// The state at offset `at` of the transitions (a row's, plus a column's).
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
        let all: Vec<String> = LITERALS.iter().map(|&l| l.to_owned()).collect();
        let mut mixed: Vec<String> = all.iter().rev().step_by(3).cloned().collect();
        mixed.extend(all.iter().step_by(2).cloned());
        let texts = crate::pack::builtin_strings().join("\n");
        for patterns in [all, mixed] {
            let dfa = BuiltInLiterals::new(&patterns).unwrap();
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

    /// A pattern the DFA does not hold: the set builds its own automaton.
    #[test]
    fn other_patterns_are_not_built_in() {
        assert!(BuiltInLiterals::new(&["不在内置规则包里的字面量".to_owned()]).is_none());
    }
}
