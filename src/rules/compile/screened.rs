//! A cheap form of a pattern of the built-in packs whose NFA is rebuilt
//! only when a search needs it. Most of the phrase regexes a report
//! searches near their literals match nowhere in it: a report of 100 KB
//! rebuilt 20 NFAs for anchored searches (about 65,000 instructions each)
//! and found matches of 6. The build script stores each form's DFA
//! (anchored starts only, minimized, from `regex-automata`) as a table
//! ([`Screen`]), which answers an anchored search for whether a match may
//! start at a position, a lookup a byte and nothing to load; its states
//! take a byte each in a table of at most 256 (all but a few), two bytes
//! in a larger one ([`States`]). The NFA and its engines are built on the
//! first search the table cannot rule out, and on any unanchored search.
//! Whether a short text holds a match, and where the earliest match of an
//! anchored search ends, the table answers alone: a heading, or a window
//! before a literal whose regex asks only that at most positions, needs
//! neither the NFA nor a lazy DFA.
//!
//! A position the table rules out starts no match of the NFA: the DFA
//! finds every match the NFA finds (it is stored only for an NFA without
//! empty matches, whose matches cannot split a character), and the table
//! follows the DFA's states as its search does, from the start state of
//! the byte before the position to the state after the byte beyond the
//! span. A position it does not rule out is searched with the NFA, as any
//! other cheap form.

use super::NfaRegex;
use super::nfa;
use super::starts::Starts;
use regex_automata::nfa::thompson::backtrack;
use regex_automata::util::captures::GroupInfo;
use regex_automata::{Anchored, HalfMatch, Input, PatternID};
use std::sync::OnceLock;

/// The DFA of a form as the build script stores it: its states numbered
/// with the dead state 0 and every match state [`Screen::matched`], the
/// transitions of the others.
#[derive(Debug)]
pub(super) struct Screen {
    /// The class of each byte; the class after the last is the end of the
    /// text.
    pub(super) classes: &'static [u8],
    /// The classes, and so the transitions of a state.
    pub(super) stride: usize,
    /// The start states and the transitions.
    pub(super) states: States,
    /// The state that has seen a match.
    pub(super) matched: u16,
    /// The names of the NFA's capture groups, the whole match first.
    pub(super) groups: &'static [Option<&'static str>],
    /// The bytes a match may begin with at the start of a text and
    /// elsewhere, a bit each ([`Starts`]): those on which a start state
    /// does not go to the dead state.
    pub(super) first: [[u64; 4]; 2],
}

/// The states of a [`Screen`], a byte each when every state's number fits
/// one (at most 256 states).
#[derive(Debug)]
pub(super) enum States {
    /// A byte a state.
    Narrow(Table<u8>),
    /// Two bytes a state, for a table of more states.
    Wide(Table<u16>),
}

/// The start states and transitions of a [`Screen`], a `T` a state.
#[derive(Debug)]
pub(super) struct Table<T: 'static> {
    /// The start state at the start of a text, then after each byte, or
    /// after any byte when that is the same.
    pub(super) starts: &'static [T],
    /// The next state of each state below [`Screen::matched`] and class.
    pub(super) next: &'static [T],
}

impl Screen {
    /// Whether a match may start at the start of the anchored search
    /// `input` and end within its span (`true` also for a table that does
    /// not read, not expected).
    fn may_match(&self, input: &Input<'_>) -> bool {
        self.run(input).is_none_or(|end| end.is_some())
    }

    /// Where the first match the DFA meets ends, of those that start at
    /// the start of the anchored search `input` and end within its span
    /// (`Some(None)`: none; `None`: the table does not read, not expected).
    /// The DFA matches what the NFA matches; it meets the match that ends
    /// first, as the lazy DFA of an earliest search does.
    fn run(&self, input: &Input<'_>) -> Option<Option<usize>> {
        // The width is chosen once a search, not once a byte.
        match &self.states {
            States::Narrow(table) => self.run_in(table, input),
            States::Wide(table) => self.run_in(table, input),
        }
    }

    /// [`Screen::run`] in the screen's `table`.
    fn run_in<T: Copy + Into<usize>>(
        &self,
        table: &Table<T>,
        input: &Input<'_>,
    ) -> Option<Option<usize>> {
        let haystack = input.haystack();
        let span = input.get_span();
        let before = match span.start.checked_sub(1) {
            None => 0,
            Some(_) if table.starts.len() == 2 => 1,
            Some(at) => 1 + usize::from(*haystack.get(at)?),
        };
        let matched = usize::from(self.matched);
        let mut state = (*table.starts.get(before)?).into();
        // A match state is entered on the byte after the match.
        for (at, &b) in (span.start..).zip(haystack.get(span.range())?) {
            state = self.step(table, state, *self.classes.get(usize::from(b))?)?;
            if state == 0 || state == matched {
                return Some((state == matched).then_some(at));
            }
        }
        let last = match haystack.get(span.end) {
            Some(&b) => *self.classes.get(usize::from(b))?,
            None => u8::try_from(self.stride - 1).ok()?,
        };
        Some((self.step(table, state, last)? == matched).then_some(span.end))
    }

    fn step<T: Copy + Into<usize>>(
        &self,
        table: &Table<T>,
        state: usize,
        class: u8,
    ) -> Option<usize> {
        let at = state * self.stride + usize::from(class);
        table.next.get(at).map(|&next| next.into())
    }
}

/// The longest span (in bytes) [`Screened::is_match`] answers without
/// the NFA: a heading or a window, not the body of a section.
const SCAN_SPAN: usize = 256;

/// A cheap form screened by its stored DFA.
#[derive(Debug)]
pub(super) struct Screened {
    screen: &'static Screen,
    /// The stored NFA ([`nfa`]).
    nfa_bytes: &'static [u8],
    /// The bounded backtracker's configuration.
    backtrack: backtrack::Config,
    /// The NFA's engines, built on the first search the table cannot rule
    /// out (`None`: the stored NFA does not rebuild, not expected, and
    /// nothing matches, as for a pattern that does not compile).
    pub(super) nfa: OnceLock<Option<NfaRegex>>,
    group_info: GroupInfo,
}

impl Screened {
    /// The form with the stored NFA `nfa` and table `screen`, its bounded
    /// backtracker configured by `backtrack` (`None`: the table's groups do
    /// not make a group list, not expected).
    pub(super) fn new(
        screen: &'static Screen,
        nfa: &'static [u8],
        backtrack: backtrack::Config,
    ) -> Option<Self> {
        Some(Screened {
            screen,
            nfa_bytes: nfa,
            backtrack,
            nfa: OnceLock::new(),
            group_info: GroupInfo::new([screen.groups.iter().copied()]).ok()?,
        })
    }

    pub(super) fn group_info(&self) -> &GroupInfo {
        &self.group_info
    }

    /// The bytes a match may begin with.
    pub(super) fn starts(&self) -> Starts {
        let [at_start, elsewhere] = self.screen.first;
        Starts::of_bits(at_start, elsewhere)
    }

    /// Whether a match lies in the short span of `input`, anchored or not,
    /// read from the table alone, as an anchored search from each byte
    /// (`None`: ask the NFA, for a longer span, where a search from each
    /// byte could read most of the rest, or a table that does not read).
    /// A heading searched for whether it holds a pattern then rebuilds no
    /// NFA, whether it does or not.
    pub(super) fn is_match(&self, input: &Input<'_>) -> Option<bool> {
        let span = input.get_span();
        if input.get_anchored() == Anchored::Yes {
            return self.screen.run(input).map(|end| end.is_some());
        }
        if span.len() > SCAN_SPAN {
            return None;
        }
        // A match is never empty, so none starts at the span's end.
        for at in span.range() {
            let from = input.clone().span(at..span.end).anchored(Anchored::Yes);
            if self.screen.run(&from)?.is_some() {
                return Some(true);
            }
        }
        Some(false)
    }

    /// Where the first match of an anchored search told to stop at the
    /// earliest match ends, read from the table alone, as the lazy DFA of
    /// an unscreened form answers it (`None`: ask the NFA, for another
    /// search or a table that does not read).
    pub(super) fn earliest(&self, input: &Input<'_>) -> Option<Option<HalfMatch>> {
        if input.get_anchored() != Anchored::Yes || !input.get_earliest() {
            return None;
        }
        let end = self.screen.run(input)?;
        Some(end.map(|end| HalfMatch::new(PatternID::ZERO, end)))
    }

    /// The NFA's engines to search `input` with (`None`: no match is
    /// possible there).
    pub(super) fn nfa_for(&self, input: &Input<'_>) -> Option<&NfaRegex> {
        if input.get_anchored() == Anchored::Yes && !self.screen.may_match(input) {
            return None;
        }
        self.nfa
            .get_or_init(|| {
                let nfa = nfa::decode(self.nfa_bytes)?;
                NfaRegex::build(nfa, self.backtrack.clone(), drop).ok()
            })
            .as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::{Screen, States, Table};
    use regex_automata::{Anchored, Input};

    /// The DFA of `ab` (classes: other bytes 0, `a` 1, `b` 2, the end 3;
    /// states: 1 at the start, 2 after `a`, 3 after `ab`, 4 matched).
    const NEXT: [u16; 16] = [0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 4, 4, 4, 4];

    fn screen(states: States) -> Screen {
        let mut classes = [0; 256];
        classes[usize::from(b'a')] = 1;
        classes[usize::from(b'b')] = 2;
        Screen {
            classes: Box::leak(Box::new(classes)),
            stride: 4,
            states,
            matched: 4,
            groups: &[None],
            first: [[0; 4]; 2],
        }
    }

    fn narrow(next: &[u16]) -> Screen {
        let next: Vec<u8> = next.iter().map(|&s| u8::try_from(s).unwrap()).collect();
        screen(States::Narrow(Table {
            starts: &[1, 1],
            next: next.leak(),
        }))
    }

    fn wide(next: &[u16]) -> Screen {
        screen(States::Wide(Table {
            starts: &[1, 1],
            next: next.to_vec().leak(),
        }))
    }

    fn anchored(haystack: &str, at: usize) -> Input<'_> {
        Input::new(haystack)
            .span(at..haystack.len())
            .anchored(Anchored::Yes)
    }

    /// A table read a byte a state answers as the same table read two
    /// bytes a state.
    #[test]
    fn both_widths_answer_alike() {
        let (narrow, wide) = (narrow(&NEXT), wide(&NEXT));
        for haystack in ["", "a", "ab", "abc", "xab", "aab", "ba", "abab"] {
            for at in 0..=haystack.len() {
                let input = anchored(haystack, at);
                let expected = haystack[at..].starts_with("ab").then_some(at + 2);
                assert_eq!(narrow.run(&input), Some(expected), "{haystack} at {at}");
                assert_eq!(wide.run(&input), Some(expected), "{haystack} at {at}");
            }
        }
    }

    /// A table that does not read (cut short here) rules nothing out, in
    /// either width, and does not panic.
    #[test]
    fn a_table_that_does_not_read_rules_nothing_out() {
        for screen in [narrow(&NEXT[..10]), wide(&NEXT[..10])] {
            assert_eq!(screen.run(&anchored("ab", 0)), None);
            assert!(screen.may_match(&anchored("ab", 0)));
            // A search the table rules out before the missing row is
            // still answered.
            assert_eq!(screen.run(&anchored("ba", 0)), Some(None));
        }
    }
}
