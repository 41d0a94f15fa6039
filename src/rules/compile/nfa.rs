//! A pattern's NFA as bytes: the build script compiles the built-in
//! packs' patterns ([`super::stored`] holds their syntax) into the NFA of
//! their cheap forms, and a run rebuilds the NFA from these bytes with
//! `regex-automata`'s NFA builder instead of compiling the syntax.
//! Compiling a pattern (its classes into UTF-8 byte sequences, its
//! alternations of words into a trie, each piece into states) costs about
//! 155,000 instructions, many of them allocations a rebuild does not make;
//! rebuilding its states about 65,000 (a report of 100 KB rebuilds 16 of
//! the 30 it searches with; [`super::screened`] rules the others' matches
//! out without them).
//!
//! The NFA is its start states and then each state, its kind's tag and
//! then its parts, numbers as LEB128 varints, in the order of the NFA's
//! states. The builder gives each state the next id, and it leaves out
//! only the empty states a compiled NFA no longer has: the states keep
//! their ids, and the NFA is the one compiled, with the same byte classes
//! and properties.

// Also compiled into `build.rs`, which encodes the built-in packs'
// patterns with it: this module may use only std and regex-automata's
// NFA compiler.
use regex_automata::nfa::thompson::{self, Builder, NFA, State, Transition};
use regex_automata::util::look::Look;
use regex_automata::util::primitives::{PatternID, StateID};

/// The compiler's configuration for the cheap forms (see `build_nfa` in
/// `src/rules/compile.rs`), with which the build script compiles the
/// stored NFAs: the configuration `meta` gives its forward NFA, without
/// shrinking (a reverse NFA only).
pub(crate) fn config() -> thompson::Config {
    thompson::Config::new()
        .utf8(true)
        .reverse(false)
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .shrink(false)
        .which_captures(thompson::WhichCaptures::All)
}

/// The most bytes an NFA may take, as in the `regex` crate.
pub(crate) const NFA_SIZE_LIMIT: usize = 1 << 22;

const BYTE_RANGE: u8 = 0;
const SPARSE: u8 = 1;
const LOOK: u8 = 2;
const UNION: u8 = 3;
const BINARY_UNION: u8 = 4;
const CAPTURE_START: u8 = 5;
const CAPTURE_END: u8 = 6;
const FAIL: u8 = 7;
const MATCH: u8 = 8;

/// `nfa`, compiled from one pattern, as bytes appended to `out` (for the
/// build script); false, with nothing appended, for an NFA of other
/// patterns or with a dense state (the compiler builds neither).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn encode(nfa: &NFA, out: &mut Vec<u8>) -> bool {
    let pattern = PatternID::ZERO;
    let (Some(start), 1, false) = (
        nfa.start_pattern(pattern),
        nfa.pattern_len(),
        nfa.is_reverse(),
    ) else {
        return false;
    };
    let mut encoded = vec![u8::from(nfa.is_utf8())];
    for id in [nfa.start_anchored(), nfa.start_unanchored(), start] {
        number(id.as_usize(), &mut encoded);
    }
    number(nfa.states().len(), &mut encoded);
    let groups = nfa.group_info();
    for state in nfa.states() {
        match state {
            State::ByteRange { trans } => {
                encoded.push(BYTE_RANGE);
                transition(trans, &mut encoded);
            }
            State::Sparse(sparse) => {
                encoded.push(SPARSE);
                number(sparse.transitions.len(), &mut encoded);
                for trans in &sparse.transitions {
                    transition(trans, &mut encoded);
                }
            }
            State::Dense(_) => return false,
            State::Look { look, next } => {
                encoded.push(LOOK);
                number(look.as_repr() as usize, &mut encoded);
                number(next.as_usize(), &mut encoded);
            }
            State::Union { alternates } => {
                encoded.push(UNION);
                number(alternates.len(), &mut encoded);
                for alt in alternates {
                    number(alt.as_usize(), &mut encoded);
                }
            }
            State::BinaryUnion { alt1, alt2 } => {
                encoded.push(BINARY_UNION);
                number(alt1.as_usize(), &mut encoded);
                number(alt2.as_usize(), &mut encoded);
            }
            State::Capture {
                next,
                group_index,
                slot,
                ..
            } => {
                let group = group_index.as_usize();
                if groups.slot(pattern, group) == Some(slot.as_usize()) {
                    encoded.push(CAPTURE_START);
                    number(group, &mut encoded);
                    match groups.to_name(pattern, group) {
                        // 0 for no name, else its length plus one.
                        None => encoded.push(0),
                        Some(name) => {
                            number(name.len() + 1, &mut encoded);
                            encoded.extend(name.as_bytes());
                        }
                    }
                } else {
                    encoded.push(CAPTURE_END);
                    number(group, &mut encoded);
                }
                number(next.as_usize(), &mut encoded);
            }
            State::Fail => encoded.push(FAIL),
            State::Match { .. } => encoded.push(MATCH),
        }
    }
    out.extend(encoded);
    true
}

#[cfg_attr(not(test), allow(dead_code))]
fn transition(trans: &Transition, out: &mut Vec<u8>) {
    out.extend([trans.start, trans.end]);
    number(trans.next.as_usize(), out);
}

#[cfg_attr(not(test), allow(dead_code))]
fn number(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The NFA `encoded` holds (`None`: it holds none, not expected of bytes
/// written by [`encode`]).
pub(crate) fn decode(encoded: &[u8]) -> Option<NFA> {
    BUILDER.with_borrow_mut(|builder| {
        // Left as it was by a decode that stopped at bytes it could not read.
        builder.clear();
        rebuild(encoded, builder)
    })
}

thread_local! {
    /// The NFA builder of [`decode`], one a thread, cleared for each NFA
    /// and so keeping its tables: a new one grew its table of states (a
    /// few hundred bytes to a few kilobytes) by doubling for every NFA and
    /// freed it after (a report of 100 KB rebuilds 30 NFAs for 7% fewer
    /// instructions).
    static BUILDER: std::cell::RefCell<Builder> = std::cell::RefCell::new(Builder::new());
}

/// [`decode`] with `builder`, cleared.
fn rebuild(encoded: &[u8], builder: &mut Builder) -> Option<NFA> {
    let mut reader = Reader {
        rest: encoded,
        states: 0,
    };
    builder.set_utf8(reader.byte()? != 0);
    builder.set_size_limit(Some(NFA_SIZE_LIMIT)).ok()?;
    let anchored = reader.id_unchecked()?;
    let unanchored = reader.id_unchecked()?;
    let start = reader.id_unchecked()?;
    reader.states = reader.len()?;
    for id in [anchored, unanchored, start] {
        (id.as_usize() < reader.states).then_some(())?;
    }
    builder.start_pattern().ok()?;
    for _ in 0..reader.states {
        let added = match reader.byte()? {
            BYTE_RANGE => builder.add_range(reader.transition()?),
            SPARSE => {
                let n = reader.len()?;
                // Each transition takes three bytes at least.
                let mut transitions = Vec::with_capacity(n.min(reader.rest.len() / 3));
                for _ in 0..n {
                    transitions.push(reader.transition()?);
                }
                builder.add_sparse(transitions)
            }
            LOOK => {
                let look = Look::from_repr(u32::try_from(reader.len()?).ok()?)?;
                builder.add_look(reader.id()?, look)
            }
            UNION => {
                let n = reader.len()?;
                let mut alternates = Vec::with_capacity(n.min(reader.rest.len()));
                for _ in 0..n {
                    alternates.push(reader.id()?);
                }
                builder.add_union(alternates)
            }
            BINARY_UNION => builder.add_union(vec![reader.id()?, reader.id()?]),
            CAPTURE_START => {
                let group = u32::try_from(reader.len()?).ok()?;
                let name = match reader.len()? {
                    0 => None,
                    n => Some(std::str::from_utf8(reader.bytes(n - 1)?).ok()?.into()),
                };
                builder.add_capture_start(reader.id()?, group, name)
            }
            CAPTURE_END => {
                let group = u32::try_from(reader.len()?).ok()?;
                builder.add_capture_end(reader.id()?, group)
            }
            FAIL => builder.add_fail(),
            MATCH => builder.add_match(),
            _ => return None,
        };
        added.ok()?;
    }
    builder.finish_pattern(start).ok()?;
    if !reader.rest.is_empty() {
        return None;
    }
    builder.build(anchored, unanchored).ok()
}

/// The bytes not read yet, of an NFA of `states` states.
struct Reader<'a> {
    rest: &'a [u8],
    states: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(b)
    }

    fn len(&mut self) -> Option<usize> {
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7F).checked_shl(shift)?;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }

    fn bytes(&mut self, len: usize) -> Option<&[u8]> {
        let (taken, rest) = self.rest.split_at_checked(len)?;
        self.rest = rest;
        Some(taken)
    }

    /// A state's id, before the count of states is read.
    fn id_unchecked(&mut self) -> Option<StateID> {
        StateID::new(self.len()?).ok()
    }

    /// The id of one of the states (the builder would panic at another).
    fn id(&mut self) -> Option<StateID> {
        let id = self.id_unchecked()?;
        (id.as_usize() < self.states).then_some(id)
    }

    fn transition(&mut self) -> Option<Transition> {
        let (start, end) = (self.byte()?, self.byte()?);
        let next = self.id()?;
        Some(Transition { start, end, next })
    }
}
