//! A cheap form of a pattern of the built-in packs whose NFA is rebuilt
//! only when a search needs it. Most of the phrase regexes a report
//! searches near their literals match nowhere in it: a report of 100 KB
//! rebuilt 20 NFAs for anchored searches (about 65,000 instructions each)
//! and found matches of 6. The build script stores each form's DFA
//! (anchored starts only, minimized, from `regex-automata`) as a table
//! ([`Screen`]), which answers an anchored search for whether a match may
//! start at a position, a lookup a byte and nothing to load; the NFA and
//! its engines are built on the first search the table cannot rule out,
//! and on any unanchored search. Whether a short text holds a match, and
//! where the earliest match of an anchored search ends, the table answers
//! alone: a heading, or a window before a literal whose regex asks only
//! that at most positions, needs neither the NFA nor a lazy DFA.
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
    /// The start state at the start of a text, then after each byte, or
    /// after any byte when that is the same.
    pub(super) starts: &'static [u16],
    /// The next state of each state below [`Screen::matched`] and class.
    pub(super) next: &'static [u16],
    /// The state that has seen a match.
    pub(super) matched: u16,
    /// The names of the NFA's capture groups, the whole match first.
    pub(super) groups: &'static [Option<&'static str>],
    /// The bytes a match may begin with at the start of a text and
    /// elsewhere, a bit each ([`Starts`]): those on which a start state
    /// does not go to the dead state.
    pub(super) first: [[u64; 4]; 2],
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
        let haystack = input.haystack();
        let span = input.get_span();
        let before = match span.start.checked_sub(1) {
            None => 0,
            Some(_) if self.starts.len() == 2 => 1,
            Some(at) => 1 + usize::from(*haystack.get(at)?),
        };
        let mut state = *self.starts.get(before)?;
        // A match state is entered on the byte after the match.
        for (at, &b) in (span.start..).zip(haystack.get(span.range())?) {
            state = self.step(state, *self.classes.get(usize::from(b))?)?;
            if state == 0 || state == self.matched {
                return Some((state == self.matched).then_some(at));
            }
        }
        let last = match haystack.get(span.end) {
            Some(&b) => *self.classes.get(usize::from(b))?,
            None => u8::try_from(self.stride - 1).ok()?,
        };
        Some((self.step(state, last)? == self.matched).then_some(span.end))
    }

    fn step(&self, state: u16, class: u8) -> Option<u16> {
        let at = usize::from(state) * self.stride + usize::from(class);
        self.next.get(at).copied()
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
