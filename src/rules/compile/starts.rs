//! The bytes a match of a pattern can begin with, read from its syntax or
//! its NFA.
//!
//! The phrase set searches a regex anchored at each position of a window
//! before its literal ([`super::Near::Anchored`]): a search of the lazy DFA
//! or the bounded backtracker each (some 40,000 in 200 reports), most of
//! which end at the first byte or two. A position whose byte no match
//! begins with is passed over after a table lookup: for a pattern of year
//! ranges that begins with `(?:^|[^\d-])`, the digits of the years
//! themselves, about four positions in ten.

use regex_automata::nfa::thompson::{NFA, State};
use regex_automata::util::look::Look as NfaLook;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The bytes a match can begin with at the start of a text and elsewhere
/// (where `^` never matches).
#[derive(Debug, Clone)]
pub(crate) struct Starts {
    at_start: Bytes,
    elsewhere: Bytes,
}

impl Starts {
    /// The first bytes of the matches of `hir`; any byte when a match may
    /// be empty.
    pub(crate) fn of(hir: &Hir) -> Self {
        let bytes = |at_start| {
            let first = first(hir, at_start);
            if first.empty { Bytes::ALL } else { first.bytes }
        };
        Starts {
            at_start: bytes(true),
            elsewhere: bytes(false),
        }
    }

    /// Any byte.
    pub(crate) const ANY: Starts = Starts {
        at_start: Bytes::ALL,
        elsewhere: Bytes::ALL,
    };

    /// The first bytes of the matches of `nfa` (its anchored start); any
    /// byte when a match may be empty.
    pub(crate) fn of_nfa(nfa: &NFA) -> Self {
        Starts {
            at_start: nfa_first(nfa, true),
            elsewhere: nfa_first(nfa, false),
        }
    }

    /// The bytes of the bits set in `at_start` (bit `b % 64` of word
    /// `b / 64` for byte `b`) at the start of a text and in `elsewhere`
    /// elsewhere.
    pub(crate) fn of_bits(at_start: [u64; 4], elsewhere: [u64; 4]) -> Self {
        Starts {
            at_start: Bytes(at_start),
            elsewhere: Bytes(elsewhere),
        }
    }

    /// Whether a match may begin at byte `at` of `haystack`.
    #[inline]
    pub(crate) fn may_start(&self, haystack: &[u8], at: usize) -> bool {
        let bytes = if at == 0 {
            &self.at_start
        } else {
            &self.elsewhere
        };
        haystack.get(at).is_none_or(|&b| bytes.contains(b))
    }
}

/// A set of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bytes([u64; 4]);

impl Bytes {
    const NONE: Bytes = Bytes([0; 4]);
    const ALL: Bytes = Bytes([u64::MAX; 4]);

    #[inline]
    fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    fn insert_range(&mut self, from: u8, to: u8) {
        for b in from..=to {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    fn union(mut self, other: Bytes) -> Bytes {
        for (word, o) in self.0.iter_mut().zip(other.0) {
            *word |= o;
        }
        self
    }
}

/// What begins a match of a piece of a pattern: its first bytes, and
/// whether it can match nothing (what follows it then begins the match
/// too).
struct First {
    bytes: Bytes,
    empty: bool,
}

/// The first bytes of `hir`, where `^` matches (`at_start`) or not. More
/// bytes than a match begins with are fine (the assertions other than `^`
/// are taken to hold), fewer never.
fn first(hir: &Hir, at_start: bool) -> First {
    let nothing = |empty| First {
        bytes: Bytes::NONE,
        empty,
    };
    match hir.kind() {
        HirKind::Empty => nothing(true),
        HirKind::Literal(literal) => match literal.0.first() {
            Some(&b) => First {
                bytes: Bytes::NONE.union(byte(b)),
                empty: false,
            },
            None => nothing(true),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let mut bytes = Bytes::NONE;
            // UTF-8 keeps the order of characters: those of a range begin
            // with the bytes from its first's to its last's.
            for range in class.ranges() {
                bytes.insert_range(lead(range.start()), lead(range.end()));
            }
            First {
                bytes,
                empty: false,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut bytes = Bytes::NONE;
            for range in class.ranges() {
                bytes.insert_range(range.start(), range.end());
            }
            First {
                bytes,
                empty: false,
            }
        }
        // No match begins after the start of the text with `^`.
        HirKind::Look(Look::Start) if !at_start => nothing(false),
        HirKind::Look(_) => nothing(true),
        HirKind::Repetition(rep) => {
            let sub = first(&rep.sub, at_start);
            First {
                bytes: sub.bytes,
                empty: sub.empty || rep.min == 0,
            }
        }
        HirKind::Capture(cap) => first(&cap.sub, at_start),
        HirKind::Concat(subs) => {
            let mut bytes = Bytes::NONE;
            for sub in subs {
                let sub = first(sub, at_start);
                bytes = bytes.union(sub.bytes);
                if !sub.empty {
                    return First {
                        bytes,
                        empty: false,
                    };
                }
            }
            First { bytes, empty: true }
        }
        HirKind::Alternation(subs) => {
            subs.iter()
                .map(|sub| first(sub, at_start))
                .fold(nothing(false), |all, sub| First {
                    bytes: all.bytes.union(sub.bytes),
                    empty: all.empty || sub.empty,
                })
        }
    }
}

/// The bytes of the transitions out of the states `nfa` reaches from its
/// anchored start without reading a byte, where `^` matches (`at_start`)
/// or not (the other assertions are taken to hold); all when it reaches
/// a match so.
fn nfa_first(nfa: &NFA, at_start: bool) -> Bytes {
    let mut bytes = Bytes::NONE;
    let mut seen = vec![false; nfa.states().len()];
    let mut todo = vec![nfa.start_anchored()];
    while let Some(id) = todo.pop() {
        if std::mem::replace(&mut seen[id.as_usize()], true) {
            continue;
        }
        match nfa.state(id) {
            State::ByteRange { trans } => bytes.insert_range(trans.start, trans.end),
            State::Sparse(sparse) => {
                for t in &sparse.transitions {
                    bytes.insert_range(t.start, t.end);
                }
            }
            State::Dense(dense) => {
                for (b, next) in (0..=u8::MAX).zip(&dense.transitions) {
                    if next.as_usize() != 0 {
                        bytes.insert_range(b, b);
                    }
                }
            }
            State::Look { look, .. } if *look == NfaLook::Start && !at_start => {}
            State::Look { next, .. } | State::Capture { next, .. } => todo.push(*next),
            State::Union { alternates } => todo.extend(alternates.iter()),
            State::BinaryUnion { alt1, alt2 } => todo.extend([*alt1, *alt2]),
            State::Fail => {}
            State::Match { .. } => return Bytes::ALL,
        }
    }
    bytes
}

/// The set of the byte `b`.
fn byte(b: u8) -> Bytes {
    let mut bytes = Bytes::NONE;
    bytes.insert_range(b, b);
    bytes
}

/// The first byte of `c` in UTF-8.
fn lead(c: char) -> u8 {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf).as_bytes()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// From the syntax and from the NFA of `pattern`.
    fn starts(pattern: &str) -> [Starts; 2] {
        let nfa = NFA::new(pattern).unwrap();
        [
            Starts::of(&regex_syntax::parse(pattern).unwrap()),
            Starts::of_nfa(&nfa),
        ]
    }

    /// Every position where an anchored search finds a match is one where
    /// a match may start, and most others are not, on the phrase rules'
    /// kind of patterns.
    #[test]
    fn matches_begin_with_their_first_bytes() {
        let text = "2024年，2023-2024年间(2024)〔2024〕5号 x1.5%至2%、a年\n^b";
        for pattern in [
            r"(?:^|[^\d-])(?P<at>(?P<from>(?:19|20)\d{2})\s*[-~–]\s*(?P<to>(?:19|20)\d{2}))年",
            r"(?:^|[^\d.])(?P<at>\d+(?:\.\d+)?)\s*[~至到—-]\s*\d+(?:\.\d+)?(?P<unit>%|[万亿]元?)",
            r"\p{Han}〔(?P<at>\d{1,3})〕\d*号",
            r"(?m)^b|a?年|\b\d",
            r"x*(?:y|\d)+",
            r"(?i)A年",
        ] {
            let re = regex_automata::meta::Regex::new(pattern).unwrap();
            for starts in starts(pattern) {
                for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    let input = regex_automata::Input::new(text)
                        .span(at..text.len())
                        .anchored(regex_automata::Anchored::Yes);
                    if re.is_match(input) {
                        assert!(starts.may_start(text.as_bytes(), at), "{pattern} at {at}");
                    }
                }
            }
        }
        for years in starts(r"(?:^|[^\d-])(?:19|20)\d{2}") {
            assert!(years.may_start(b"2024", 0));
            assert!(!years.may_start(b" 2024", 1));
            assert!(years.may_start(b" 2024", 0));
            assert!(!years.may_start("年-".as_bytes(), 3));
            assert!(years.may_start("年-".as_bytes(), 0));
        }
    }

    /// A pattern that may match nothing may start anywhere.
    #[test]
    fn empty_matches_start_anywhere() {
        for pattern in [r"a*", r"(?:$|x)", r"\b"] {
            for starts in starts(pattern) {
                assert!((0..=255u8).all(|b| starts.may_start(&[b'x', b], 1)));
            }
        }
    }
}
