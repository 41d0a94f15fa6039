//! All phrase rules of a run searched in one pass over the text.

mod built_in;
mod slot;

use super::caches::Caches;
use super::groups::Groups;
use super::{Phrase, View, ceil_boundary};
use crate::diagnostic::Finding;
use crate::normalize::Repertoire;
use crate::parallel;
use crate::rules::Context;
use crate::rules::compile::{Cache, Near, Regex, SearchedRegex};
use crate::rules::literals::Reach;
use crate::rules::overlapping::overlapping;
use crate::span::Span;
use aho_corasick::dfa;
use aho_corasick::nfa::{contiguous, noncontiguous};
use built_in::BuiltInLiterals;
use regex_automata::Input;
use regex_automata::util::captures::Captures;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// The enabled phrase rules of a run, searched together: one Aho-Corasick
/// pass over the normalized text finds every literal phrase and tells which
/// regexes can match at all (their [required literals](crate::rules::literals));
/// only those are compiled and run — a regex whose matches start near its
/// literals only in short windows before each occurrence.
pub(crate) struct PhraseSet {
    /// (engine rule index, rule)
    rules: Vec<(usize, Arc<Phrase>)>,
    automaton: Option<Literals>,
    /// Aho-Corasick pattern id → what a match of it means.
    owners: Vec<Owner>,
    /// Every regex, in the order they run.
    regexes: Vec<PlannedRegex>,
    /// For the anchored searches of `regexes`.
    caches: Caches,
}

/// A regex of the set and how it is searched.
struct PlannedRegex {
    /// Position of its rule in [`PhraseSet::rules`].
    slot: usize,
    /// Index among the rule's regexes.
    index: usize,
    /// No required literals: run on every document.
    always: bool,
    /// How near before an occurrence of one of its literals every match
    /// starts (see [`crate::rules::plans::plan`]).
    reach: Option<Reach>,
    /// Whether a window before one of its literals is first looked at for
    /// the strings every match holds ([`SearchedRegex::required_beyond`]),
    /// worked out on first use.
    check_windows: OnceLock<bool>,
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    /// A literal phrase of the rule at this position in `rules`.
    Literal(usize),
    /// A literal of this regex (position in `regexes`).
    Regex(usize),
}

/// Every literal of a phrase set, searched by Aho-Corasick automata: the
/// DFA the build script worked out for the literals of the built-in packs
/// (nothing to build), an automaton built now for the others (a user
/// pack's), or both.
enum Literals {
    BuiltIn(BuiltInLiterals),
    Built(Box<Built>),
    Mixed(Box<Mixed>),
}

/// The literals of a phrase set (of user packs) searched without the
/// built-in DFA: at first by a [`Searcher`] quick to build (a pre-commit
/// hook checks one file), by a DFA once enough text has been searched to
/// repay building it (one table lookup a byte). Both find the same matches
/// in the same order.
struct Built {
    first: Searcher,
    dfa: LaterDfa,
}

/// The literals of a set some of which the built-in DFA holds and some
/// not (the built-in packs and a user pack): the DFA for the former, a
/// [`Searcher`] for the latter — a fraction of building an automaton for
/// them all — their matches merged in the order one automaton reports them; and,
/// once enough text has been searched to repay it, the DFA of them all
/// (one pass instead of two).
struct Mixed {
    built_in: BuiltInLiterals,
    others: Searcher,
    /// The index among the set's literals of each of `others`'.
    other_ids: Vec<usize>,
    all: LaterDfa,
}

/// How [`Built`] and [`Mixed`] search literals before their DFA is built:
/// by their first characters when each character starts few of them,
/// until [`NFA_AFTER`] bytes a literal have been searched (the NFA is then
/// built); else with the NFA at once.
enum Searcher {
    ByFirstChar {
        by_first: ByFirstChar,
        nfa: OnceLock<Nfa>,
        /// Bytes searched so far.
        searched: AtomicUsize,
    },
    Nfa(Nfa),
}

/// An Aho-Corasick NFA of literals: contiguous (faster), or noncontiguous
/// when a contiguous one cannot be built.
enum Nfa {
    Contiguous(contiguous::NFA),
    Noncontiguous(noncontiguous::NFA),
}

/// Bytes searched by first characters, a literal, before its NFA is built:
/// building it costs about 6,300 instructions a literal, and searching by
/// first characters some 35 a byte more than with it (a user pack's 500
/// literals over the corpus reports).
const NFA_AFTER: usize = 160;

/// Literals by their first character, looked up at each character of a
/// text: built by sorting them, where an NFA of 500 literals (a user
/// pack's) costs some 3 million instructions — a third of checking a
/// report — to build.
struct ByFirstChar {
    literals: Packed,
    /// The literals by their first characters: those of a first character
    /// together, each with its first bytes.
    order: Vec<Prefixed>,
    /// Each first character, and where its literals are in `order`.
    firsts: Vec<(char, usize, usize)>,
    /// Bit `c % 256` is set for each first character `c`, so that most
    /// characters of a text are passed over at once.
    mask: [u64; 4],
}

/// A literal of a [`ByFirstChar`] and its first eight bytes (fewer for a
/// shorter one), compared with a text's in one operation: where its first
/// character occurs (a user pack's 500 literals drawn from the reports'
/// commonest characters start at every few characters of a report), the
/// rest of most of them differs within those bytes.
struct Prefixed {
    /// Its index among the literals.
    pattern: usize,
    /// Its first bytes, little-endian, and the mask of those it has.
    bytes: u64,
    mask: u64,
}

/// The first eight bytes of `bytes` as a little-endian number (zeros past
/// its end), and the mask of those it has.
fn first_bytes(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len().min(8);
    let mut first = [0; 8];
    first[..n].copy_from_slice(&bytes[..n]);
    let mask = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
    (u64::from_le_bytes(first), mask)
}

/// A first character may start up to this many literals of a
/// [`ByFirstChar`], each compared where the character occurs.
const MAX_SAME_FIRST: usize = 32;

/// Literals kept in one string: one allocation, not one each.
#[derive(Clone)]
struct Packed {
    text: String,
    /// Where each literal ends in `text` (and the next one starts).
    ends: Vec<usize>,
}

/// The DFA of a set's literals, built once [`DFA_AFTER`] bytes have been
/// searched.
struct LaterDfa {
    patterns: Packed,
    dfa: OnceLock<Option<dfa::DFA>>,
    /// Bytes searched so far.
    searched: AtomicUsize,
}

/// Bytes searched with the NFA before the DFA is built.
const DFA_AFTER: usize = 1 << 20;

impl Literals {
    fn new(patterns: &[&str]) -> Self {
        let packed = |ids: &[usize]| Packed::new(ids.iter().map(|&i| patterns[i]));
        match BuiltInLiterals::split(patterns) {
            (Some(built_in), others) if others.is_empty() => Literals::BuiltIn(built_in),
            (Some(built_in), others) => Literals::Mixed(Box::new(Mixed {
                built_in,
                others: Searcher::new(packed(&others)),
                other_ids: others,
                all: LaterDfa::new(Packed::new(patterns.iter().copied())),
            })),
            (None, all) => Literals::Built(Box::new(Built::new(packed(&all)))),
        }
    }

    /// Every occurrence of every literal in `text`, overlapping:
    /// `found(pattern, start, end)`, by end, then longest first, then in
    /// the patterns' order (as `AhoCorasick::find_overlapping_iter`
    /// reports them).
    fn scan(&self, text: &str, mut found: impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        match self {
            Literals::BuiltIn(dfa) => dfa.scan(bytes, &mut found),
            Literals::Built(built) => match built.dfa.after(bytes.len()) {
                Some(dfa) => overlapping(dfa, bytes, &mut found),
                None => built.first.scan(text, &mut found),
            },
            Literals::Mixed(mixed) => match mixed.all.after(bytes.len()) {
                Some(dfa) => overlapping(dfa, bytes, &mut found),
                None => mixed.scan(text, &mut found),
            },
        }
    }
}

impl Built {
    fn new(patterns: Packed) -> Self {
        Built {
            first: Searcher::new(patterns.clone()),
            dfa: LaterDfa::new(patterns),
        }
    }
}

impl Mixed {
    /// [`Literals::scan`] with both automata: the others' matches first
    /// (a user pack's literals: few), then the built-in DFA's, each after
    /// the others' that end before it, or at its end and are longer.
    /// Equal literals are never on both sides, so this is the one order.
    fn scan(&self, text: &str, found: &mut impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut others = Vec::new();
        self.others
            .scan(text, &mut |p, s, e| others.push((self.other_ids[p], s, e)));
        let mut others = others.into_iter().peekable();
        self.built_in.scan(bytes, &mut |pattern, start, end| {
            while let Some((p, s, e)) = others.next_if(|&(_, s, e)| (e, s) < (end, start)) {
                found(p, s, e);
            }
            found(pattern, start, end);
        });
        for (p, s, e) in others {
            found(p, s, e);
        }
    }
}

impl Searcher {
    fn new(patterns: Packed) -> Self {
        match ByFirstChar::new(patterns) {
            Ok(by_first) => Searcher::ByFirstChar {
                by_first,
                nfa: OnceLock::new(),
                searched: AtomicUsize::new(0),
            },
            Err(patterns) => Searcher::Nfa(Nfa::new(&patterns)),
        }
    }

    /// As [`Literals::scan`].
    fn scan(&self, text: &str, found: &mut impl FnMut(usize, usize, usize)) {
        match self {
            Searcher::ByFirstChar {
                by_first,
                nfa,
                searched,
            } => {
                let len = text.len();
                if searched.fetch_add(len, Ordering::Relaxed) + len
                    < NFA_AFTER.saturating_mul(by_first.literals.len())
                {
                    by_first.scan(text, found);
                } else {
                    let nfa = nfa.get_or_init(|| Nfa::new(&by_first.literals));
                    nfa.scan(text.as_bytes(), found);
                }
            }
            Searcher::Nfa(nfa) => nfa.scan(text.as_bytes(), found),
        }
    }
}

impl Nfa {
    fn new(patterns: &Packed) -> Self {
        // No prefilter: a rare-byte prefilter fires on most lead bytes of
        // Chinese text.
        match contiguous::Builder::new()
            .prefilter(false)
            .build(patterns.iter())
        {
            Ok(nfa) => Nfa::Contiguous(nfa),
            Err(_) => Nfa::Noncontiguous(
                noncontiguous::Builder::new()
                    .prefilter(false)
                    .build(patterns.iter())
                    .expect("an automaton of non-empty literals within the pattern limit"),
            ),
        }
    }

    fn scan(&self, bytes: &[u8], found: &mut impl FnMut(usize, usize, usize)) {
        match self {
            Nfa::Contiguous(nfa) => overlapping(nfa, bytes, found),
            Nfa::Noncontiguous(nfa) => overlapping(nfa, bytes, found),
        }
    }
}

impl ByFirstChar {
    /// `Err` (giving them back) when a literal is empty or a character
    /// starts more than [`MAX_SAME_FIRST`] of them.
    fn new(literals: Packed) -> Result<Self, Packed> {
        let mut firsts: Vec<(char, usize)> = Vec::with_capacity(literals.len());
        for (i, literal) in literals.iter().enumerate() {
            let Some(c) = literal.chars().next() else {
                break;
            };
            firsts.push((c, i));
        }
        if firsts.len() < literals.len() {
            return Err(literals);
        }
        // By first character only: a character's literals are all compared.
        firsts.sort_unstable();
        let order = firsts
            .iter()
            .map(|&(_, pattern)| {
                let (bytes, mask) = first_bytes(literals.get(pattern).as_bytes());
                Prefixed {
                    pattern,
                    bytes,
                    mask,
                }
            })
            .collect();
        let mut groups: Vec<(char, usize, usize)> = Vec::new();
        let mut mask = [0; 4];
        for (k, &(first, _)) in firsts.iter().enumerate() {
            match groups.last_mut() {
                Some((c, _, end)) if *c == first => *end = k + 1,
                _ => {
                    groups.push((first, k, k + 1));
                    let bit = u32::from(first) % 256;
                    mask[bit as usize / 64] |= 1 << (bit % 64);
                }
            }
        }
        if groups
            .iter()
            .any(|&(_, from, to)| to - from > MAX_SAME_FIRST)
        {
            return Err(literals);
        }
        Ok(ByFirstChar {
            literals,
            order,
            firsts: groups,
            mask,
        })
    }

    /// As [`Literals::scan`]: the occurrences, collected and put in the
    /// automata's order — by end, then longest first, then in the order
    /// of the literals.
    fn scan(&self, text: &str, found: &mut impl FnMut(usize, usize, usize)) {
        let bytes = text.as_bytes();
        let mut occurrences = Vec::new();
        for (at, c) in text.char_indices() {
            let bit = u32::from(c) % 256;
            if self.mask[bit as usize / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            let Ok(k) = self.firsts.binary_search_by_key(&c, |&(first, ..)| first) else {
                continue;
            };
            let (_, from, to) = self.firsts[k];
            let rest = &bytes[at..];
            let (first, _) = first_bytes(rest);
            for candidate in &self.order[from..to] {
                if first & candidate.mask != candidate.bytes {
                    continue;
                }
                let literal = self.literals.get(candidate.pattern);
                if rest.starts_with(literal.as_bytes()) {
                    occurrences.push((at + literal.len(), at, candidate.pattern));
                }
            }
        }
        occurrences.sort_unstable();
        for (end, start, pattern) in occurrences {
            found(pattern, start, end);
        }
    }
}

impl Packed {
    fn new<'a>(literals: impl Iterator<Item = &'a str>) -> Self {
        let mut packed = Packed {
            text: String::new(),
            ends: Vec::with_capacity(literals.size_hint().0),
        };
        for literal in literals {
            packed.text.push_str(literal);
            packed.ends.push(packed.text.len());
        }
        packed
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j]);
        &self.text[start..self.ends[i]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

impl LaterDfa {
    fn new(patterns: Packed) -> Self {
        LaterDfa {
            patterns,
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
        }
    }

    /// The DFA, built once `len` more bytes to search bring the bytes
    /// searched to [`DFA_AFTER`] (`None` before, or when it cannot be
    /// built).
    fn after(&self, len: usize) -> Option<&dfa::DFA> {
        if self.searched.fetch_add(len, Ordering::Relaxed) + len < DFA_AFTER {
            return None;
        }
        self.dfa
            .get_or_init(|| {
                dfa::Builder::new()
                    .prefilter(false)
                    .build(self.patterns.iter())
                    .ok()
            })
            .as_ref()
    }
}

/// An anchored search costs about as much as scanning this many bytes.
const ANCHORED_SEARCH_COST: usize = 48;

/// An anchored search with the cheap form of a regex costs about as much
/// as this many of the short searches by which a [`SearchedRegex`] counts
/// when to compile its full form (about 1,600 instructions each): its
/// PikeVM about 3,700 in the built-in patterns. With its bounded
/// backtracker, which searches only the bytes a match may span when that
/// is known, it costs about 640, but counted as half a short search it
/// leaves the cheap form to searches the full form costs less for (a
/// report of 100 KB 0.8% more instructions).
///
/// [`SearchedRegex`]: crate::rules::compile::SearchedRegex
const ANCHORED_SEARCH_WEIGHT: usize = 2;

/// Room for the occurrences of a regex's literals a document is given at
/// first (about 8 a report, in windows the phrase set searches): one
/// allocation, not the three of growing one by one.
const FEW_OCCURRENCES: usize = 16;

impl PhraseSet {
    pub(crate) fn new(rules: Vec<(usize, Arc<Phrase>)>) -> Self {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (slot, (_, rule)) in rules.iter().enumerate() {
            for lit in &rule.literals {
                patterns.push(lit);
                owners.push(Owner::Literal(slot));
            }
        }
        let mut regexes = Vec::new();
        for view in [View::Normalized, View::Original] {
            for (slot, (_, rule)) in rules.iter().enumerate() {
                if rule.view != view {
                    continue;
                }
                for (index, (literals, reach)) in rule.plans.iter().enumerate() {
                    let k = regexes.len();
                    regexes.push(PlannedRegex {
                        slot,
                        index,
                        always: literals.is_none(),
                        reach: reach.clone(),
                        check_windows: OnceLock::new(),
                    });
                    for lit in literals.iter().flatten() {
                        patterns.push(lit);
                        owners.push(Owner::Regex(k));
                    }
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| Literals::new(&patterns));
        PhraseSet {
            rules,
            automaton,
            owners,
            caches: Caches::new(regexes.len()),
            regexes,
        }
    }

    /// Whether the set searches the build script's DFA ([`built_in`]).
    #[cfg(test)]
    pub(crate) fn searches_built_in_literals(&self) -> bool {
        matches!(self.automaton, Some(Literals::BuiltIn(_)))
    }

    /// Find every phrase of every rule; `emit(engine rule index, finding)`.
    pub(crate) fn scan(&self, cx: &Context<'_>, mut emit: impl FnMut(usize, Finding)) {
        let applies: Vec<bool> = self.rules.iter().map(|(_, r)| r.applies(cx)).collect();
        // Per regex: whether it may match, and where its literals start
        // (normalized offsets, 32 bits as every position of a document;
        // kept for anchored regexes only).
        let mut run: Vec<bool> = self.regexes.iter().map(|r| r.always).collect();
        let mut found_at: Vec<Vec<u32>> = vec![Vec::new(); self.regexes.len()];
        // Regexes with so many literal occurrences that anchored searches
        // already cost more than a scan: their list is dropped, not grown
        // (on a 100 MB text it could hold millions of offsets). An offset
        // beyond 32 bits (never, below the file size limit) also means a scan.
        let mut too_many: Vec<bool> = vec![false; self.regexes.len()];
        let hay_len: Vec<usize> = self
            .regexes
            .iter()
            .map(|r| self.rules[r.slot].1.haystack(cx).len())
            .collect();
        if let Some(literals) = &self.automaton {
            literals.scan(cx.text, |pattern, start, end| match self.owners[pattern] {
                Owner::Literal(slot) if applies[slot] => {
                    let (index, rule) = &self.rules[slot];
                    if let Some(f) = rule.finding(cx, Span::new(start, end), &Groups::default()) {
                        emit(*index, f);
                    }
                }
                Owner::Literal(_) => {}
                Owner::Regex(k) => {
                    run[k] = true;
                    if let Some(reach) = &self.regexes[k].reach
                        && !too_many[k]
                    {
                        // Most regexes meet their literals a few times a
                        // report: room for as many at once.
                        if found_at[k].capacity() == 0 {
                            found_at[k].reserve(FEW_OCCURRENCES);
                        }
                        let fits = u32::try_from(start).map(|s| found_at[k].push(s)).is_ok();
                        if !fits || costly(found_at[k].len() * (reach.bytes / 2 + 1), hay_len[k]) {
                            too_many[k] = true;
                            found_at[k] = Vec::new();
                        }
                    }
                }
            });
        }
        // How each regex that may match is searched: anchored searches near
        // its literals when there are few enough of them to cost less than
        // a scan of the whole text, else a scan.
        let searches: Vec<(usize, Search)> = self
            .regexes
            .iter()
            .enumerate()
            .filter(|&(k, planned)| run[k] && applies[planned.slot])
            .map(|(k, planned)| {
                let rule = &self.rules[planned.slot].1;
                let windows = planned
                    .reach
                    .as_ref()
                    .filter(|_| !too_many[k])
                    .and_then(|reach| windows(rule, cx, std::mem::take(&mut found_at[k]), reach));
                let search = windows.map_or(Search::Scan, Search::Near);
                (k, search)
            })
            .collect();
        // Their regexes, compiled (on first use) on all cores.
        let compiled = parallel::map(&searches, |(k, search)| {
            let planned = &self.regexes[*k];
            let rule = &self.rules[planned.slot].1;
            let re = &rule.regexes[planned.index];
            match search {
                Search::Near(windows) => re.for_searches_near(
                    searches_in(windows) * ANCHORED_SEARCH_WEIGHT,
                    rule.repertoire(cx),
                ),
                Search::Scan => re
                    .for_scan(rule.haystack(cx).len(), rule.repertoire(cx))
                    .map(|re| (re, Near::Anchored(None))),
            }
        });
        for ((k, search), re) in searches.into_iter().zip(compiled) {
            let Some((re, near)) = re else { continue };
            let planned = &self.regexes[k];
            let (index, rule) = &self.rules[planned.slot];
            let mut emit = |f| emit(*index, f);
            match search {
                Search::Near(windows) => self.caches.with(k, re, |cache| {
                    let pattern = &rule.regexes[planned.index];
                    let check_windows = *planned.check_windows.get_or_init(|| {
                        let (literals, _) = &rule.plans[planned.index];
                        pattern.required_beyond(literals.as_deref().unwrap_or_default())
                    });
                    let search = NearSearch {
                        pattern,
                        re,
                        near,
                        check_windows,
                    };
                    rule.scan_near(cx, &search, cache, &windows, &mut emit);
                }),
                Search::Scan => rule.scan_regex(cx, re, &mut emit),
            }
        }
    }
}

/// How a regex is searched in one document.
enum Search {
    /// Anchored searches in windows before its literals ([`windows`]).
    Near(Vec<Window>),
    /// A scan of the whole text.
    Scan,
}

/// A regex searched near its literals in one document.
struct NearSearch<'r> {
    pattern: &'r SearchedRegex,
    /// Its form compiled for the search.
    re: &'r Regex,
    near: Near,
    /// Whether a window is first looked at for the strings every match
    /// holds ([`PlannedRegex::check_windows`]).
    check_windows: bool,
}

/// Where matches of a regex may start, before an occurrence of one of its
/// literals: `start..=literal` (byte offsets of the text the regex runs on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    start: u32,
    literal: u32,
}

/// The windows before the occurrences of a regex's literals at `found`
/// (offsets of the normalized text) where, as `reach` says, its matches
/// may start, sorted; `None` when anchored searches there would cost more
/// than a scan of the whole text (or a run is too long to walk).
fn windows(
    rule: &Phrase,
    cx: &Context<'_>,
    mut found: Vec<u32>,
    reach: &Reach,
) -> Option<Vec<Window>> {
    let hay = rule.haystack(cx);
    // Runs only make windows longer: the cost without them first.
    if costly(found.len() * (reach.bytes / 2 + 1), hay.len()) {
        return None;
    }
    if rule.view == View::Original {
        for s in &mut found {
            *s = u32::try_from(cx.norm.offset_to_original(*s as usize)).ok()?;
        }
    }
    found.sort_unstable();
    found.dedup();
    let windows = found
        .into_iter()
        .map(|literal| {
            let run_start = match reach.run.ranges() {
                [] => literal as usize,
                _ => reach.run.start(hay, literal as usize)?,
            };
            Some(Window {
                // Not after `literal`: it fits as well.
                start: u32::try_from(run_start.saturating_sub(reach.bytes)).ok()?,
                literal,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    (!costly(searches_in(&windows), hay.len())).then_some(windows)
}

/// Whether this many anchored searches cost more than a scan of a text of
/// `hay_len` bytes.
fn costly(searches: usize, hay_len: usize) -> bool {
    searches.saturating_mul(ANCHORED_SEARCH_COST) >= hay_len
}

/// About how many anchored searches `windows` take: one every other byte.
fn searches_in(windows: &[Window]) -> usize {
    windows
        .iter()
        .map(|w| (w.literal - w.start) as usize / 2 + 1)
        .sum()
}

impl Phrase {
    /// The text a regex of this rule runs on.
    pub(super) fn haystack<'t>(&self, cx: &Context<'t>) -> &'t str {
        match self.view {
            View::Normalized => cx.text,
            View::Original => cx.original,
        }
    }

    /// Whether that text holds an uncommon character ([`Repertoire`]).
    pub(super) fn repertoire(&self, cx: &Context<'_>) -> Repertoire {
        match self.view {
            View::Normalized => cx.norm.repertoire(),
            View::Original => cx.norm.original_repertoire(),
        }
    }

    /// Every finding of `re` (a regex of this rule), from a scan of the
    /// whole text.
    pub(super) fn scan_regex(&self, cx: &Context<'_>, re: &Regex, mut emit: impl FnMut(Finding)) {
        for caps in re.captures_iter(self.haystack(cx)) {
            self.emit_match(cx, re, &caps, &mut emit);
        }
    }

    /// Every finding of `re` (a regex of this rule), whose matches all
    /// start in one of `windows` (sorted) and, when that is known, span at
    /// most so many bytes: the matches a scan of the whole text finds,
    /// searched near the literals only, left to right, resuming after
    /// each match.
    ///
    /// Searched by a span ([`Near::Span`]), a regex is searched once a
    /// window (and once more after each match in it), unanchored, in the
    /// window and as far beyond its literal as a match starting there can
    /// reach: the leftmost match in that span is the leftmost in the text,
    /// as long as it starts in the window, and no match starting there is
    /// cut short. Searched anchored ([`Near::Anchored`]), it is searched at
    /// each position of the window, over as many bytes as a match spans
    /// when that is known: the leftmost match from a position is the
    /// anchored match at the first position that has one.
    ///
    /// Searched neither way: a window whose span (as far as a match
    /// starting in it reaches, when that is known) holds none of the
    /// strings every match contains, and, anchored, a position whose byte
    /// no match begins with.
    fn scan_near(
        &self,
        cx: &Context<'_>,
        search: &NearSearch<'_>,
        cache: &mut Cache,
        windows: &[Window],
        mut emit: impl FnMut(Finding),
    ) {
        let NearSearch {
            pattern,
            re,
            near,
            check_windows,
        } = *search;
        let hay = self.haystack(cx);
        let mut caps = re.create_captures();
        let after = |at: usize| ceil_boundary(hay, (at + 1).min(hay.len()));
        let starts = matches!(near, Near::Anchored(_)).then(|| re.starts());
        // Every position before `next` has been searched or lies in a match.
        let mut next = 0;
        for &Window { start, literal } in windows {
            let (start, literal) = (start as usize, literal as usize);
            let mut at = ceil_boundary(hay, start.max(next));
            if check_windows
                && let Near::Span(longest) | Near::Anchored(Some(longest)) = near
                && at <= literal
            {
                let end = ceil_boundary(hay, literal.saturating_add(longest).min(hay.len()));
                if !pattern.may_match_within(&hay[at..end]) {
                    continue;
                }
            }
            while at <= literal {
                if starts.is_some_and(|s| !s.may_start(hay.as_bytes(), at)) {
                    at = after(at);
                    continue;
                }
                let found = match near {
                    Near::Span(longest) => {
                        let end =
                            ceil_boundary(hay, literal.saturating_add(longest).min(hay.len()));
                        re.search_captures_with(cache, &Input::new(hay).span(at..end), &mut caps);
                        caps.get_match().filter(|m| m.start() <= literal)
                    }
                    Near::Anchored(Some(longest)) => {
                        let end = ceil_boundary(hay, at.saturating_add(longest).min(hay.len()));
                        let input = Input::new(hay)
                            .span(at..end)
                            .anchored(regex_automata::Anchored::Yes);
                        re.search_captures_with(cache, &input, &mut caps);
                        caps.get_match()
                    }
                    Near::Anchored(None) => {
                        let input = Input::new(hay)
                            .span(at..hay.len())
                            .anchored(regex_automata::Anchored::Yes);
                        // Most positions start no match: a search without
                        // capture groups (a lazy DFA) says so for less.
                        if re
                            .search_half_with(cache, &input.clone().earliest(true))
                            .is_none()
                        {
                            at = after(at);
                            continue;
                        }
                        re.search_captures_with(cache, &input, &mut caps);
                        caps.get_match()
                    }
                };
                match found {
                    // Matches are never empty (see `anchors`).
                    Some(m) if m.end() > at => {
                        self.emit_match(cx, re, &caps, &mut emit);
                        at = m.end();
                    }
                    Some(_) => at = after(at),
                    None if matches!(near, Near::Span(_)) => at = after(literal),
                    None => at = after(at),
                }
            }
            next = next.max(at);
        }
    }

    fn emit_match(
        &self,
        cx: &Context<'_>,
        re: &Regex,
        caps: &Captures,
        emit: &mut impl FnMut(Finding),
    ) {
        let groups = Groups::of(re, caps);
        if let Some(f) = groups
            .reported()
            .and_then(|at| self.finding(cx, at, &groups))
        {
            emit(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::overlapping::tests::{PATTERNS, TEXT, expected};

    /// `literals` find `expected` in `text` with the automata built at
    /// first, and then with the DFA of them all.
    fn assert_finds(literals: &Literals, text: &str, expected: &[(usize, usize, usize)]) {
        let later = match literals {
            Literals::BuiltIn(_) => panic!("nothing built"),
            Literals::Built(built) => &built.dfa,
            Literals::Mixed(mixed) => &mixed.all,
        };
        for _ in 0..2 {
            let mut found = Vec::new();
            literals.scan(text, |p, s, e| found.push((p, s, e)));
            assert_eq!(found, expected);
            later.searched.store(DFA_AFTER, Ordering::Relaxed);
        }
        assert!(later.dfa.get().is_some_and(Option::is_some));
    }

    /// `Built` finds what the crate's overlapping iterator finds, in the
    /// same order, with the NFA and with the DFA.
    #[test]
    fn literals_find_what_the_crate_finds() {
        let built = Built::new(Packed::new(PATTERNS.into_iter()));
        assert_finds(&Literals::Built(Box::new(built)), TEXT, &expected());
    }

    /// Literals searched by their first characters, and by an NFA when one
    /// character starts too many of them, find what the crate finds, in
    /// the same order — also a literal given twice.
    #[test]
    fn searchers_find_what_the_crate_finds() {
        let mut patterns: Vec<String> = PATTERNS.map(String::from).to_vec();
        patterns.push("政府".to_owned());
        let many: Vec<String> = (0..=MAX_SAME_FIRST)
            .map(|n| format!("府{}", char::from_u32(0x4e00 + n as u32).unwrap()))
            .collect();
        let text = format!("{TEXT}{}", many.join("府"));
        for (patterns, by_first) in [(patterns.clone(), true), ([patterns, many].concat(), false)] {
            let expected: Vec<_> = aho_corasick::AhoCorasick::new(&patterns)
                .unwrap()
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let searcher = Searcher::new(Packed::new(patterns.iter().map(String::as_str)));
            // By first characters, then (once enough has been searched)
            // with the NFA.
            for _ in 0..2 {
                let mut found = Vec::new();
                searcher.scan(&text, &mut |p, s, e| found.push((p, s, e)));
                assert_eq!(found, expected);
                let Searcher::ByFirstChar { searched, .. } = &searcher else {
                    assert!(!by_first);
                    continue;
                };
                assert!(by_first);
                searched.store(usize::MAX / 2, Ordering::Relaxed);
            }
            if let Searcher::ByFirstChar { nfa, .. } = &searcher {
                assert!(nfa.get().is_some());
            }
        }
    }

    /// Literals of the built-in packs among others: both automata's
    /// matches, merged, are what the crate finds, in the same order — also
    /// where the others overlap built-in ones, end where they end, or hold
    /// them — and so is the DFA of them all.
    #[test]
    fn mixed_literals_find_what_the_crate_finds() {
        // 30 literals beginning with 再 are searched by their first
        // characters, 40 by an NFA.
        for (taken, by_first) in [(30, true), (40, false)] {
            let mut patterns: Vec<&str> = built_in::literals().step_by(3).collect();
            // Longer and shorter than built-in literals, ending where they end.
            let others: Vec<String> = patterns
                .iter()
                .take(taken)
                .flat_map(|p| {
                    let chars: Vec<char> = p.chars().collect();
                    let last: String = chars[chars.len() - 1..].iter().collect();
                    [format!("再{p}"), format!("{p}了"), format!("{last}的")]
                })
                .collect();
            patterns.extend(others.iter().map(String::as_str));
            let text = format!(
                "{}\n{}",
                crate::pack::builtin_strings().join("，"),
                others.join("。")
            );
            let expected: Vec<_> = aho_corasick::AhoCorasick::new(&patterns)
                .unwrap()
                .find_overlapping_iter(&text)
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            assert!(expected.len() > 1000, "{}", expected.len());
            let literals = Literals::new(&patterns);
            let Literals::Mixed(mixed) = &literals else {
                panic!("not mixed");
            };
            assert_eq!(
                matches!(mixed.others, Searcher::ByFirstChar { .. }),
                by_first
            );
            assert_finds(&literals, &text, &expected);
        }
    }
}
