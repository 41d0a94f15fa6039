//! Compiling rule specs: the context a kind compiles in, the errors it
//! reports, and the patterns of packs as regexes.
//!
//! [`crate::pack`] parses YAML into specs; this module and the kinds turn
//! specs into checks. Nothing here reads YAML files: errors carry a YAML
//! location, and the loader attaches the file.

mod common;
mod nfa;
mod screened;
mod starts;
mod stored;

use super::required_section::Locator;
use super::sections::{Sections, resolve};
use super::{pattern, plans};
use crate::normalize::Repertoire;
use common::common_form;
use nfa::NFA_SIZE_LIMIT;
use regex_automata::meta;
use regex_automata::nfa::thompson::backtrack::{self, BoundedBacktracker};
use regex_automata::nfa::thompson::{self, pikevm::PikeVM};
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::util::iter::Searcher;
use regex_automata::util::pool::{Pool, PoolGuard};
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Anchored, HalfMatch, Input, Match, hybrid};
use regex_syntax::hir::Hir;
use screened::{Screen, Screened};
use serde_saphyr::{Location, Spanned};
pub(crate) use starts::Starts;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// An error in a rule spec, located in its YAML file (the file is added by the loader).
#[derive(Debug, Clone)]
pub(crate) struct SpecError {
    pub at: Option<Location>,
    pub message: String,
}

impl SpecError {
    pub(crate) fn new(at: Option<Location>, message: impl Into<String>) -> Self {
        SpecError {
            at,
            message: message.into(),
        }
    }
}

/// What a rule kind may consult while compiling.
pub(crate) struct CompileCx<'a> {
    /// The rule's id.
    pub id: &'a str,
    /// The rule's message (kinds that build their own messages use it as a headline).
    pub message: &'a str,
    /// Where the rule's `check` starts, for errors about the whole spec.
    pub at: Option<Location>,
    /// The parts of the report other rules locate, by rule id.
    pub sections: Sections<'a>,
    /// Compile every pattern now and report the invalid ones (user packs,
    /// validated when loaded). Otherwise a kind may leave patterns that only
    /// some documents need to compile on first use (the built-in packs,
    /// validated by the test suite).
    pub eager: bool,
}

impl CompileCx<'_> {
    /// The locator of the `required_section` rule a spec names by `id`
    /// (compiled once and shared), or an error at the reference.
    pub(crate) fn section(&self, id: &Spanned<String>) -> Result<Arc<Locator>, SpecError> {
        resolve(&|id| self.sections.locator(id), id)
    }
}

/// A pattern from a pack, matched against the normalized text: its literal
/// characters are normalized like the text ([`pattern`]), and it runs in
/// linear time (`regex`), so a hostile pattern in a third-party pack cannot
/// make a run hang. Compiled on first use ([`LazyRegex`]); with `cx.eager`
/// (user packs) compiled now, so that an invalid pattern is reported at its
/// YAML location when the pack loads.
pub(crate) fn compile_regex(
    pattern: &Spanned<String>,
    cx: &CompileCx<'_>,
) -> Result<LazyRegex, SpecError> {
    let re = LazyRegex(SearchedRegex::new(
        pattern,
        pattern::normalize_regex(&pattern.value),
        build_short_regex,
    ));
    if cx.eager {
        re.0.validate()?;
    }
    Ok(re)
}

pub(crate) fn compile_regexes(
    patterns: &[Spanned<String>],
    cx: &CompileCx<'_>,
) -> Result<Vec<LazyRegex>, SpecError> {
    patterns.iter().map(|p| compile_regex(p, cx)).collect()
}

/// Compile `form`, of `pattern` (which locates errors), with the
/// lower-level `regex-automata` API (anchored searches at chosen
/// positions) and every engine: the size limit, match semantics and error
/// messages of the `regex` crate, and its prefilter ([`prefix_prefilter`]).
pub(crate) fn build_search_regex(
    pattern: &Spanned<String>,
    form: &Form<'_>,
) -> Result<Regex, SpecError> {
    let hir = form.hir()?;
    let re = build_meta(pattern, hir)?;
    Ok(Regex {
        engine: Engine::Meta(re),
        // `meta` keeps no NFA to read them from.
        starts: OnceLock::from(Starts::of(hir)),
    })
}

/// How a pattern's syntax is compiled ([`build_search_regex`],
/// [`build_short_regex`], [`build_anchored_regex`]).
pub(crate) type Build = fn(&Spanned<String>, &Form<'_>) -> Result<Regex, SpecError>;

/// A form of a pattern to compile: its syntax as parsed by [`parse`] or
/// rewritten by [`common_form`], and for a pattern of the built-in packs
/// the NFA the build script compiled from it ([`nfa`]), which the cheap
/// forms rebuild without the syntax, and the DFA that screens their
/// anchored searches ([`screened`]).
pub(crate) struct Form<'a> {
    hir: Source<'a>,
    nfa: Option<&'static [u8]>,
    screen: Option<&'static Screen>,
}

/// Where a [`Form`]'s syntax comes from.
enum Source<'a> {
    /// Parsed already (by the tests, which compile forms of their own).
    #[cfg(test)]
    Parsed(&'a Hir),
    /// A pattern's, parsed (or rebuilt from what the build script stored)
    /// when first needed: as written, or its common form when `common`.
    Syntax { syntax: &'a Syntax, common: bool },
}

impl<'a> Form<'a> {
    /// `hir`, compiled from its syntax.
    #[cfg(test)]
    fn of(hir: &'a Hir) -> Self {
        Form {
            hir: Source::Parsed(hir),
            nfa: None,
            screen: None,
        }
    }

    /// The syntax, or why it does not parse.
    fn hir(&self) -> Result<&'a Hir, SpecError> {
        match self.hir {
            #[cfg(test)]
            Source::Parsed(hir) => Ok(hir),
            // A common form that does not decode (not expected) leaves
            // the form as written, which finds the same.
            Source::Syntax {
                syntax,
                common: true,
            } => syntax.common().map_or_else(|| syntax.parsed(), Ok),
            Source::Syntax { syntax, .. } => syntax.parsed(),
        }
    }
}

/// Parse `text`, the form of `pattern` (which locates errors) to match,
/// with the syntax and error messages of the `regex` crate.
fn parse(pattern: &Spanned<String>, text: &str) -> Result<Hir, SpecError> {
    use regex_automata::util::syntax;
    syntax::parse_with(text, &syntax::Config::default().utf8(true))
        .map_err(|e| invalid(pattern, &e.to_string()))
}

/// [`build_search_regex`] for short haystacks (a heading, a window of a
/// few characters), which the bounded backtracker searches about as fast as
/// a lazy DFA would. Without the lazy DFA there is no reverse NFA to build
/// either, and without the one-pass DFA (anchored searches only) and a
/// prefilter nothing but the NFA: about half the cost of compiling the
/// pattern. Same matches.
pub(crate) fn build_short_regex(
    pattern: &Spanned<String>,
    form: &Form<'_>,
) -> Result<Regex, SpecError> {
    build_nfa(pattern, form, BoundedBacktracker::config())
}

/// [`build_search_regex`] for anchored searches that start anywhere in a
/// long text and end a few characters later: the bounded backtracker for
/// a search of a span short enough that the table it clears before each
/// search (a bit for each state of the NFA and each byte of the span) is
/// at most [`ANCHORED_VISITED`] bytes, else the PikeVM, whose cost grows
/// with the characters it reads (the one-pass DFA costs more to build than
/// the first searches of a document save). Same matches.
pub(crate) fn build_anchored_regex(
    pattern: &Spanned<String>,
    form: &Form<'_>,
) -> Result<Regex, SpecError> {
    let config = BoundedBacktracker::config().visited_capacity(ANCHORED_VISITED);
    build_nfa(pattern, form, config)
}

/// The most bytes the bounded backtracker of [`build_anchored_regex`]
/// clears before a search: spans of up to about 800 bytes for an NFA of 80
/// states (a window before a literal and a match), not the rest of a long
/// text. A quarter or four times as many cost more instructions (a report
/// of 100 KB 0.5% and 0.4% more).
const ANCHORED_VISITED: usize = 8 << 10;

/// The error for a `pattern` that exceeds `limit`, as the `regex` crate
/// words it.
fn too_large(pattern: &Spanned<String>, limit: usize) -> SpecError {
    invalid(
        pattern,
        &format!("Compiled regex exceeds size limit of {limit} bytes."),
    )
}

/// Compile with `regex-automata` as the `regex` crate would, with all its
/// engines and its prefilter ([`prefix_prefilter`]): for scans of long
/// texts.
fn build_meta(pattern: &Spanned<String>, hir: &Hir) -> Result<meta::Regex, SpecError> {
    use regex_automata::MatchKind;
    let config = meta::Config::new()
        .nfa_size_limit(Some(NFA_SIZE_LIMIT))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true);
    meta::Builder::new()
        .configure(prefix_prefilter(config, hir))
        .build_from_hir(hir)
        .map_err(|e| match e.size_limit() {
            Some(limit) => too_large(pattern, limit),
            None => invalid(pattern, &e.to_string()),
        })
}

thread_local! {
    /// The NFA compiler of the cheap forms, one a thread, configured as
    /// `meta` configures its own for the forward NFA. `meta` makes a new
    /// compiler for every regex, which allocates and fills a table of
    /// 10,000 entries for the first class of non-ASCII characters it
    /// compiles, and frees it; a compiler used again keeps it.
    static COMPILER: thompson::Compiler = {
        let mut compiler = thompson::Compiler::new();
        compiler.configure(nfa::config());
        compiler
    };
}

/// Compile the NFA of `form` (or rebuild the stored one), the PikeVM and
/// the bounded backtracker configured by `backtrack`: the engines `meta`
/// builds when told to build no others (and no prefilter), which search
/// as it searches with them ([`NfaRegex`]). A form the build script
/// stored a screening DFA for rebuilds them on the first search the DFA
/// cannot rule out ([`screened`]).
fn build_nfa(
    pattern: &Spanned<String>,
    form: &Form<'_>,
    backtrack: backtrack::Config,
) -> Result<Regex, SpecError> {
    let failed = |e: thompson::BuildError| match e.size_limit() {
        Some(limit) => too_large(pattern, limit),
        // As `meta` words any other error of the NFA or its engines.
        None => invalid(pattern, "error building NFA"),
    };
    if let (Some(nfa), Some(screen)) = (form.nfa, form.screen)
        && let Some(screened) = Screened::new(screen, nfa, backtrack.clone())
    {
        return Ok(Regex {
            engine: Engine::Screened(Box::new(screened)),
            starts: OnceLock::new(),
        });
    }
    // Bytes that do not decode (not expected) leave the syntax to compile.
    let nfa = match form.nfa.and_then(nfa::decode) {
        Some(nfa) => nfa,
        None => {
            let hir = form.hir()?;
            COMPILER.with(|c| c.build_from_hir(hir).map_err(failed))?
        }
    };
    Ok(Regex {
        engine: Engine::Nfa(NfaRegex::build(nfa, backtrack, failed)?),
        starts: OnceLock::new(),
    })
}

/// A compiled form of a pattern, with the searches of `meta::Regex` its
/// users make.
#[derive(Debug)]
pub(crate) struct Regex {
    engine: Engine,
    /// The bytes its matches begin with: worked out from the syntax when
    /// the full form is compiled, from the NFA or the stored DFA of a cheap
    /// form on first use ([`Regex::starts`]).
    starts: OnceLock<Starts>,
}

#[derive(Debug)]
enum Engine {
    /// The full form ([`build_search_regex`]).
    Meta(meta::Regex),
    /// A cheap form ([`build_short_regex`], [`build_anchored_regex`]).
    Nfa(NfaRegex),
    /// A cheap form of a built-in pattern, its NFA rebuilt only for a
    /// search its stored DFA cannot rule out ([`screened`]).
    Screened(Box<Screened>),
}

/// The engine a [`Regex`] searches with: `meta`'s, or the NFA's of a
/// cheap form.
enum Ready<'r> {
    Meta(&'r meta::Regex),
    Nfa(&'r NfaRegex),
}

/// The search cache of a [`Regex`], for many searches.
pub(crate) struct Cache(CacheOf);

enum CacheOf {
    Meta(Box<meta::Cache>),
    Nfa(Box<NfaCache>),
    /// A screened form's, made on the first search of its NFA.
    Screened(Option<Box<NfaCache>>),
}

impl Cache {
    /// The cache of `re`, the NFA of the regex that made this one.
    fn nfa(&mut self, re: &NfaRegex) -> Option<&mut NfaCache> {
        match &mut self.0 {
            CacheOf::Nfa(cache) => Some(cache),
            CacheOf::Screened(cache) => {
                Some(cache.get_or_insert_with(|| Box::new(re.create_cache())))
            }
            CacheOf::Meta(_) => None,
        }
    }
}

impl Regex {
    pub(crate) fn create_cache(&self) -> Cache {
        Cache(match &self.engine {
            Engine::Meta(re) => CacheOf::Meta(Box::new(re.create_cache())),
            Engine::Nfa(re) => CacheOf::Nfa(Box::new(re.create_cache())),
            Engine::Screened(_) => CacheOf::Screened(None),
        })
    }

    pub(crate) fn create_captures(&self) -> Captures {
        Captures::all(self.group_info().clone())
    }

    pub(crate) fn group_info(&self) -> &GroupInfo {
        match &self.engine {
            Engine::Meta(re) => re.group_info(),
            Engine::Nfa(re) => re.pikevm.get_nfa().group_info(),
            Engine::Screened(re) => re.group_info(),
        }
    }

    /// The engine to search `input` with (`None`: no match is possible: a
    /// screened form's DFA rules one out, or its NFA does not rebuild).
    fn ready(&self, input: &Input<'_>) -> Option<Ready<'_>> {
        match &self.engine {
            Engine::Meta(re) => Some(Ready::Meta(re)),
            Engine::Nfa(re) => Some(Ready::Nfa(re)),
            Engine::Screened(re) => re.nfa_for(input).map(Ready::Nfa),
        }
    }

    pub(crate) fn is_match<'h>(&self, input: impl Into<Input<'h>>) -> bool {
        let input = input.into().earliest(true);
        if let Engine::Screened(re) = &self.engine
            && let Some(found) = re.is_match(&input)
        {
            return found;
        }
        match self.ready(&input) {
            Some(Ready::Meta(re)) => re.is_match(input),
            Some(Ready::Nfa(re)) => re
                .search_slots(&mut re.pool.get(), &input, &mut [])
                .is_some(),
            None => false,
        }
    }

    pub(crate) fn find<'h>(&self, input: impl Into<Input<'h>>) -> Option<Match> {
        let input = input.into();
        match self.ready(&input)? {
            Ready::Meta(re) => re.find(input),
            Ready::Nfa(re) => re.search(&mut re.pool.get(), &input),
        }
    }

    pub(crate) fn captures<'h>(&self, input: impl Into<Input<'h>>, caps: &mut Captures) {
        self.search_captures(&input.into(), caps);
    }

    pub(crate) fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        match self.ready(input) {
            Some(Ready::Meta(re)) => re.search_captures(input, caps),
            Some(Ready::Nfa(re)) => re.search_captures(&mut re.pool.get(), input, caps),
            None => caps.set_pattern(None),
        }
    }

    /// `search_captures` with `cache` (made by this regex).
    pub(crate) fn search_captures_with(
        &self,
        cache: &mut Cache,
        input: &Input<'_>,
        caps: &mut Captures,
    ) {
        match (self.ready(input), &mut cache.0) {
            (Some(Ready::Meta(re)), CacheOf::Meta(cache)) => {
                re.search_captures_with(cache, input, caps);
            }
            (Some(Ready::Meta(re)), _) => re.search_captures(input, caps),
            (Some(Ready::Nfa(re)), _) => match cache.nfa(re) {
                Some(cache) => re.search_captures(cache, input, caps),
                None => re.search_captures(&mut re.pool.get(), input, caps),
            },
            (None, _) => caps.set_pattern(None),
        }
    }

    /// Where the first match ends, with `cache` (made by this regex). Of
    /// an earliest search, only whether there is a match is the same for
    /// every form: the end may be the shortest match's (a lazy DFA, a
    /// screened form's table) or the leftmost-first match's (an NFA engine).
    pub(crate) fn search_half_with(
        &self,
        cache: &mut Cache,
        input: &Input<'_>,
    ) -> Option<HalfMatch> {
        if let Engine::Screened(re) = &self.engine
            && let Some(found) = re.earliest(input)
        {
            return found;
        }
        let found = match (self.ready(input)?, &mut cache.0) {
            (Ready::Meta(re), CacheOf::Meta(cache)) => return re.search_half_with(cache, input),
            (Ready::Meta(re), _) => return re.search_half(input),
            (Ready::Nfa(re), _) => match cache.nfa(re) {
                Some(cache) => re.search(cache, input),
                None => re.search(&mut re.pool.get(), input),
            },
        };
        found.map(|m| HalfMatch::new(m.pattern(), m.end()))
    }

    /// The bytes a match begins with: the phrase set looks a position up
    /// before each anchored search near a literal.
    pub(crate) fn starts(&self) -> &Starts {
        self.starts.get_or_init(|| match &self.engine {
            Engine::Nfa(re) => Starts::of_nfa(re.pikevm.get_nfa()),
            Engine::Screened(re) => re.starts(),
            // Set when compiled.
            Engine::Meta(_) => Starts::ANY,
        })
    }

    /// Every match in `haystack`, left to right.
    pub(crate) fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        let input = Input::new(haystack);
        Matches(match self.ready(&input) {
            Some(Ready::Meta(re)) => MatchesOf::Meta(re.find_iter(haystack)),
            Some(Ready::Nfa(re)) => MatchesOf::Nfa {
                re,
                cache: re.pool.get(),
                it: Searcher::new(input),
            },
            None => MatchesOf::None,
        })
    }

    /// The groups of every match in `haystack`, left to right.
    pub(crate) fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CapturesMatches<'r, 'h> {
        let caps = self.create_captures();
        let input = Input::new(haystack);
        CapturesMatches(match self.ready(&input) {
            Some(Ready::Meta(re)) => CapturesOf::Meta(re.captures_iter(haystack)),
            Some(Ready::Nfa(re)) => CapturesOf::Nfa {
                re,
                cache: re.pool.get(),
                caps,
                it: Searcher::new(input),
            },
            None => CapturesOf::None,
        })
    }
}

/// The matches of [`Regex::find_iter`].
pub(crate) struct Matches<'r, 'h>(MatchesOf<'r, 'h>);

enum MatchesOf<'r, 'h> {
    Meta(meta::FindMatches<'r, 'h>),
    Nfa {
        re: &'r NfaRegex,
        cache: PoolGuard<'r, NfaCache, NfaCacheFn>,
        it: Searcher<'h>,
    },
    /// A screened form whose NFA does not rebuild (not expected).
    None,
}

impl Iterator for Matches<'_, '_> {
    type Item = Match;

    fn next(&mut self) -> Option<Match> {
        match &mut self.0 {
            MatchesOf::Meta(it) => it.next(),
            MatchesOf::Nfa { re, cache, it } => it.advance(|input| Ok(re.search(cache, input))),
            MatchesOf::None => None,
        }
    }
}

/// The groups of the matches of [`Regex::captures_iter`].
pub(crate) struct CapturesMatches<'r, 'h>(CapturesOf<'r, 'h>);

enum CapturesOf<'r, 'h> {
    Meta(meta::CapturesMatches<'r, 'h>),
    Nfa {
        re: &'r NfaRegex,
        cache: PoolGuard<'r, NfaCache, NfaCacheFn>,
        caps: Captures,
        it: Searcher<'h>,
    },
    /// A screened form whose NFA does not rebuild (not expected).
    None,
}

impl Iterator for CapturesMatches<'_, '_> {
    type Item = Captures;

    fn next(&mut self) -> Option<Captures> {
        match &mut self.0 {
            CapturesOf::Meta(it) => it.next(),
            CapturesOf::None => None,
            CapturesOf::Nfa {
                re,
                cache,
                caps,
                it,
            } => {
                // As `meta::CapturesMatches` iterates.
                it.advance(|input| {
                    re.search_captures(cache, input, caps);
                    Ok(caps.get_match())
                });
                caps.is_match().then(|| caps.clone())
            }
        }
    }
}

/// The PikeVM and, for short haystacks, the bounded backtracker of an NFA,
/// chosen for each search as `meta` chooses between them, and so finding
/// what it finds: leftmost-first, no empty match splitting a character.
#[derive(Debug)]
struct NfaRegex {
    pikevm: PikeVM,
    backtrack: BoundedBacktracker,
    /// The forward lazy DFA of the NFA, built on the first anchored search
    /// for whether a match starts at a position of a long text
    /// ([`NfaRegex::starts_match`]; `None`: it cannot be built).
    dfa: OnceLock<Option<Box<hybrid::dfa::DFA>>>,
    /// Caches for searches not given one, as `meta` keeps them.
    pool: Pool<NfaCache, NfaCacheFn>,
}

/// The search caches of an [`NfaRegex`]. The PikeVM's (tables of a few
/// entries for each state of the NFA, filled when made) is made on its
/// first search: most regexes of a report search only short spans, with
/// the bounded backtracker.
#[derive(Debug)]
struct NfaCache {
    pikevm: Option<regex_automata::nfa::thompson::pikevm::Cache>,
    backtrack: backtrack::Cache,
    /// The lazy DFA's states so far, made on its first search.
    dfa: Option<hybrid::dfa::Cache>,
}

type NfaCacheFn = Box<dyn Fn() -> NfaCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl NfaRegex {
    /// The engines of `nfa`, the bounded backtracker configured by
    /// `backtrack`, or the error `failed` makes of why they do not build.
    fn build<E>(
        nfa: thompson::NFA,
        backtrack: backtrack::Config,
        failed: impl Fn(thompson::BuildError) -> E,
    ) -> Result<Self, E> {
        let backtrack = BoundedBacktracker::builder()
            .configure(backtrack)
            .build_from_nfa(nfa.clone())
            .map_err(&failed)?;
        let pikevm = PikeVM::new_from_nfa(nfa).map_err(failed)?;
        Ok(NfaRegex::new(pikevm, backtrack))
    }

    fn new(pikevm: PikeVM, backtrack: BoundedBacktracker) -> Self {
        let b = backtrack.clone();
        let create: NfaCacheFn = Box::new(move || NfaCache {
            pikevm: None,
            backtrack: b.create_cache(),
            dfa: None,
        });
        NfaRegex {
            pikevm,
            backtrack,
            dfa: OnceLock::new(),
            pool: Pool::new(create),
        }
    }

    fn create_cache(&self) -> NfaCache {
        NfaCache {
            pikevm: None,
            backtrack: self.backtrack.create_cache(),
            dfa: None,
        }
    }

    /// The first match in `input`.
    fn search(&self, cache: &mut NfaCache, input: &Input<'_>) -> Option<Match> {
        let mut slots = [None, None];
        let pattern = self.search_slots(cache, input, &mut slots)?;
        let (start, end) = (slots[0]?.get(), slots[1]?.get());
        Some(Match::new(pattern, start..end))
    }

    fn search_captures(&self, cache: &mut NfaCache, input: &Input<'_>, caps: &mut Captures) {
        caps.set_pattern(None);
        let pattern = self.search_slots(cache, input, caps.slots_mut());
        caps.set_pattern(pattern);
    }

    /// The search of `meta`'s core strategy without its one-pass DFA, and
    /// its lazy DFA only for whether a match starts at a position: the
    /// bounded backtracker when it can search `input` and is not told to
    /// stop at the earliest match of a long haystack (it cannot stop
    /// early), the lazy DFA for an anchored search told to stop there that
    /// reads no groups ([`NfaRegex::starts_match`], for an NFA without empty
    /// matches, which could split a character), else the PikeVM.
    fn search_slots(
        &self,
        cache: &mut NfaCache,
        input: &Input<'_>,
        slots: &mut [Option<NonMaxUsize>],
    ) -> Option<regex_automata::PatternID> {
        let usable = !(input.get_earliest() && input.haystack().len() > 128)
            && input.get_span().len() <= self.backtrack.max_haystack_len();
        if usable
            && let Ok(found) = self
                .backtrack
                .try_search_slots(&mut cache.backtrack, input, slots)
        {
            return found;
        }
        if input.get_earliest()
            && input.get_anchored() == Anchored::Yes
            && slots.len() <= 2
            && !self.pikevm.get_nfa().has_empty()
            && let Some(found) = self.starts_match(cache, input)
        {
            let found = found?;
            let [start, end] = [input.start(), found.offset()].map(NonMaxUsize::new);
            for (slot, at) in slots.iter_mut().zip([start, end]) {
                *slot = at;
            }
            return Some(found.pattern());
        }
        let pikevm = cache
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search_slots(pikevm, input, slots)
    }

    /// Whether a match starts where the anchored search `input` does, and
    /// where the first one found ends, by the forward lazy DFA: a search
    /// from a position of a long text (too long a span for the bounded
    /// backtracker) that only asks whether a match starts there, which the
    /// PikeVM answers for some 3,600 instructions a position and the lazy
    /// DFA, once it has met the NFA's states, for a few a byte. A match that
    /// is found is a match of the span, not necessarily the one the PikeVM
    /// would stop at. `None`: the lazy DFA cannot answer (it cannot be
    /// built, or gives up, at a byte a Unicode word boundary would need or
    /// with its cache full), which the PikeVM then does.
    fn starts_match(&self, cache: &mut NfaCache, input: &Input<'_>) -> Option<Option<HalfMatch>> {
        let dfa = self
            .dfa
            .get_or_init(|| {
                let config = hybrid::dfa::Config::new()
                    .match_kind(regex_automata::MatchKind::LeftmostFirst)
                    .unicode_word_boundary(true)
                    .cache_capacity(STARTS_CACHE);
                hybrid::dfa::Builder::new()
                    .configure(config)
                    .build_from_nfa(self.pikevm.get_nfa().clone())
                    .ok()
                    .map(Box::new)
            })
            .as_ref()?;
        let dfa_cache = cache.dfa.get_or_insert_with(|| dfa.create_cache());
        dfa.try_search_fwd(dfa_cache, input).ok()
    }
}

/// The most bytes the lazy DFA of [`NfaRegex::starts_match`] keeps states
/// in before it clears them (a few hundred states of the NFA of a pattern).
const STARTS_CACHE: usize = 1 << 20;

/// `config` with the prefilter the `regex` crate would choose for the
/// pattern `hir` from the strings its matches start with, and no other
/// strategy.
///
/// Without such a prefilter, or with one it deems slow, the `regex` crate
/// also tries to scan for a string every match ends with ("reverse
/// suffix") or holds ("reverse inner") and to find the start of a match
/// from there with a reverse automaton. Finding out whether a pattern has
/// one means building a prefilter for each piece of it in turn: about a
/// million instructions a pattern, as much as the rest of the full form,
/// and few patterns of the built-in packs have one (a date ending in `月`,
/// a document number ending in `号`). It would pay in scans of long texts
/// only, and a full form mostly searches windows near the strings the
/// phrase set found; a phrase regex scans the whole text when those
/// strings occur too often to search near each, which is when scanning
/// for them saves least. A pattern of strings alone (a list of words) is
/// left to the crate, which searches for its strings without an automaton.
fn prefix_prefilter(config: meta::Config, hir: &Hir) -> meta::Config {
    use regex_automata::MatchKind;
    use regex_automata::util::prefilter::Prefilter;
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    // As the `regex` crate extracts them.
    let mut prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    prefixes.optimize_for_prefix_by_preference();
    let props = hir.properties();
    if props.explicit_captures_len() == 0
        && props.look_set().is_empty()
        && (prefixes.is_exact() || props.is_alternation_literal())
    {
        return config.auto_prefilter(true);
    }
    let prefilter = prefixes
        .literals()
        .and_then(|literals| Prefilter::new(MatchKind::LeftmostFirst, literals));
    config.auto_prefilter(false).prefilter(prefilter)
}

/// The error for an invalid `pattern`, from the regex compiler's `reason`.
fn invalid(pattern: &Spanned<String>, reason: &str) -> SpecError {
    let reason = reason
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    SpecError::new(
        Some(pattern.referenced),
        format!("无效的正则表达式：{reason}"),
    )
}

/// The syntax of a pattern of a pack, parsed on first use and then kept
/// for each form of it that is compiled ([`Pattern`]): parsing a pattern
/// and working out its [`common_form`] cost nearly half as much as
/// compiling its cheap form. Those of the built-in packs are rebuilt from
/// what the build script stored ([`BuiltIn`]) for a sixth of that, and
/// only for a full form: their cheap forms are rebuilt from stored NFAs
/// (screened by stored DFAs), and the longest match of each form is
/// stored.
struct Syntax {
    /// As written, for errors.
    source: Spanned<String>,
    /// What is compiled and matched (the source normalized like the text
    /// it runs on, see [`pattern`]).
    text: String,
    /// The form as written, parsed.
    parsed: OnceLock<Result<Hir, SpecError>>,
    /// The common form (`None`: the form as written serves, or it does
    /// not parse).
    common: OnceLock<Option<Hir>>,
    /// What the build script stored of it, for a pattern of the built-in
    /// packs that parses.
    known: OnceLock<Option<&'static BuiltIn>>,
}

impl Syntax {
    fn new(source: &Spanned<String>, text: String) -> Self {
        Syntax {
            source: source.clone(),
            text,
            parsed: OnceLock::new(),
            common: OnceLock::new(),
            known: OnceLock::new(),
        }
    }

    fn known(&self) -> Option<&'static BuiltIn> {
        *self.known.get_or_init(|| built_in(&self.text))
    }

    /// The form as written, or why it does not parse.
    fn parsed(&self) -> Result<&Hir, SpecError> {
        self.parsed
            .get_or_init(|| {
                let stored = self.known().and_then(|known| stored::decode(known.parsed));
                stored.map_or_else(|| parse(&self.source, &self.text), Ok)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The form as written, to compile.
    fn exact_form(&self) -> Form<'_> {
        Form {
            hir: Source::Syntax {
                syntax: self,
                common: false,
            },
            nfa: self.known().and_then(|known| known.nfa),
            screen: self.known().and_then(|known| known.screen),
        }
    }

    /// The [`common_form`] to compile, when it is not the form as written.
    fn common_form(&self) -> Option<Form<'_>> {
        let (has_common, nfa, screen) = match self.known() {
            Some(known) => (
                known.common.is_some(),
                known.common_nfa,
                known.common_screen,
            ),
            None => (self.common().is_some(), None, None),
        };
        has_common.then_some(Form {
            hir: Source::Syntax {
                syntax: self,
                common: true,
            },
            nfa,
            screen,
        })
    }

    /// The [`common_form`], when it is not the form as written.
    fn common(&self) -> Option<&Hir> {
        self.common
            .get_or_init(|| match self.known() {
                // Bytes that do not decode (not expected) leave the form
                // as written, which finds the same.
                Some(known) => stored::decode(known.common?),
                None => common_form(self.parsed().ok()?),
            })
            .as_ref()
    }

    /// The most bytes a match in a text of `repertoire` spans (`None`:
    /// unbounded, or the pattern does not parse): in a text of the common
    /// repertoire the pattern and its common form find the same matches.
    /// Stored for the built-in packs' patterns.
    fn maximum_len(&self, repertoire: Repertoire) -> Option<usize> {
        let common = repertoire == Repertoire::Common;
        if let Some(known) = self.known() {
            return match known.common {
                Some(_) if common => known.common_longest,
                _ => known.longest,
            };
        }
        let hir = match self.common().filter(|_| common) {
            Some(hir) => hir,
            None => self.parsed().ok()?,
        };
        hir.properties().maximum_len()
    }
}

/// The syntax of a pattern of the built-in packs, parsed and its common
/// form worked out by the build script ([`stored`]).
struct BuiltIn {
    /// What is compiled and matched.
    text: &'static str,
    /// The form as written.
    parsed: &'static [u8],
    /// The common form, when it is not the form as written.
    common: Option<&'static [u8]>,
    /// The NFA of the form as written ([`nfa`]; `None`: too large).
    nfa: Option<&'static [u8]>,
    /// The NFA of the common form, when there is one.
    common_nfa: Option<&'static [u8]>,
    /// The DFA that screens the anchored searches of the form as written
    /// ([`screened`]; `None`: too large, or not stored for its NFA).
    screen: Option<&'static Screen>,
    /// The same of the common form, when there is one.
    common_screen: Option<&'static Screen>,
    /// The most bytes a match of the form as written spans (`None`:
    /// unbounded).
    longest: Option<usize>,
    /// The same of the common form, when there is one.
    common_longest: Option<usize>,
}

mod built_in {
    use super::BuiltIn;
    use super::screened::{Screen, States, Table};
    include!(concat!(env!("OUT_DIR"), "/built_in_syntax.rs"));
}

/// The stored syntax of `text` when it is a pattern of the built-in
/// packs (as matched) that parses.
fn built_in(text: &str) -> Option<&'static BuiltIn> {
    let all = built_in::SYNTAX;
    all.binary_search_by(|b| b.text.cmp(text))
        .ok()
        .map(|i| &all[i])
}

/// A pattern of a pack compiled by one [`Build`], on first use: most
/// documents never need most of a pack's patterns. In two forms, each
/// compiled when first needed from its [`Syntax`]: as written, for any
/// text, and its [`common_form`] for texts of the common repertoire (most
/// texts; the form as written when the pattern has no class to simplify).
struct Pattern {
    build: Build,
    /// The form as written (`None`: it does not compile). Boxed, as the
    /// other form: most patterns of a pack are never compiled, and a
    /// pattern not compiled then takes a few words, not a regex's room
    /// (a pack of 500 regexes touched 600 KB less at load).
    exact: OnceLock<Option<Box<Regex>>>,
    /// The common form (`None`: the form as written serves).
    common: OnceLock<Option<Box<Regex>>>,
}

impl Pattern {
    /// A pattern to be compiled by `build`.
    fn new(build: Build) -> Self {
        Pattern {
            build,
            exact: OnceLock::new(),
            common: OnceLock::new(),
        }
    }

    /// Compile the form as written of `syntax` now (once), reporting an
    /// invalid pattern at its YAML location.
    fn validate(&self, syntax: &Syntax) -> Result<&Regex, SpecError> {
        if let Some(Some(re)) = self.exact.get() {
            return Ok(re);
        }
        let re = (self.build)(&syntax.source, &syntax.exact_form())?;
        Ok(self
            .exact
            .get_or_init(|| Some(Box::new(re)))
            .as_deref()
            .unwrap_or_else(|| unreachable!("a valid pattern compiles every time")))
    }

    /// The compiled regex of `syntax` for a text of `repertoire`. `None`
    /// only for a pattern that does not compile, which validation rules
    /// out: user packs are validated when they are loaded, the built-in
    /// packs by the test suite.
    fn get(&self, syntax: &Syntax, repertoire: Repertoire) -> Option<&Regex> {
        if repertoire == Repertoire::Any {
            return self.exact(syntax);
        }
        // A common form that does not compile (its classes are never
        // larger, so this is not expected) leaves the form as written.
        let common = self.common.get_or_init(|| {
            (self.build)(&syntax.source, &syntax.common_form()?)
                .ok()
                .map(Box::new)
        });
        match common {
            Some(re) => Some(re),
            None => self.exact(syntax),
        }
    }

    /// The form as written of `syntax`.
    fn exact(&self, syntax: &Syntax) -> Option<&Regex> {
        self.exact
            .get_or_init(|| {
                (self.build)(&syntax.source, &syntax.exact_form())
                    .ok()
                    .map(Box::new)
            })
            .as_deref()
    }
}

/// How a regex is searched near a literal
/// ([`SearchedRegex::for_searches_near`]), in the window before it where
/// its matches may start.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Near {
    /// Once, unanchored, from the window's start to this many bytes (the
    /// most a match spans) beyond the literal: the full form, whose lazy
    /// DFA reads that in one pass for less than anchored searches at each
    /// position of the window cost.
    Span(usize),
    /// Anchored at each position of the window, over at most this many
    /// bytes when that is known (the most a match spans): the cheap form,
    /// whose bounded backtracker then searches so short a span for less
    /// than its PikeVM the rest of the text.
    Anchored(Option<usize>),
}

/// A pattern searched many times over short stretches (heading texts,
/// anchored searches a few characters long), in two forms compiled on
/// first use: a cheap one without the lazy DFA ([`build_short_regex`],
/// [`build_anchored_regex`]) for its first searches — all a report or two
/// need — and the full one, faster per search, once it has been searched
/// often enough to repay compiling it. Both find the same matches.
pub(crate) struct SearchedRegex {
    /// Parsed once for both forms.
    syntax: Syntax,
    cheap: Pattern,
    full: Pattern,
    /// Searches so far.
    searches: AtomicUsize,
    /// The strings one of which every match contains, worked out on first
    /// use (`None`: not known); see [`SearchedRegex::may_match`].
    prefilter: OnceLock<Option<Prefilter>>,
}

/// [`super::literals::Prefilter`] as a searcher.
struct Prefilter {
    strings: Strings,
    /// Finding one of `strings` is finding a match.
    exact: bool,
}

/// The strings of a [`Prefilter`], searched in short texts: a few one by
/// one, more by the character they start with. An automaton of them (an
/// Aho-Corasick NFA) would cost about 180,000 instructions to build,
/// whatever its strings (a start state of 256 transitions, a dead state,
/// their failure links…): more than all the searches of the hundreds of
/// headings and windows a document has. Most patterns have one.
enum Strings {
    Few(Vec<memchr::memmem::Finder<'static>>),
    Many(ByFirstChar),
}

/// Up to this many strings are looked for one by one.
const FEW_STRINGS: usize = 8;

impl Strings {
    fn new(strings: Vec<String>) -> Strings {
        // The empty string occurs in every text, where a finder finds it.
        if strings.len() <= FEW_STRINGS || strings.iter().any(String::is_empty) {
            let finders = strings
                .iter()
                .map(|s| memchr::memmem::Finder::new(s.as_bytes()).into_owned());
            return Strings::Few(finders.collect());
        }
        Strings::Many(ByFirstChar::new(strings))
    }

    /// Whether one of the strings occurs in `haystack`.
    fn is_match(&self, haystack: &str) -> bool {
        match self {
            Strings::Few(finders) => finders
                .iter()
                .any(|f| f.find(haystack.as_bytes()).is_some()),
            Strings::Many(strings) => strings.is_match(haystack),
        }
    }
}

/// Non-empty strings by their first character, for looking up the
/// characters of a short text one by one: built by sorting them.
struct ByFirstChar {
    /// The strings, sorted: those of a first character are together.
    strings: Vec<String>,
    /// Bit `c % 64` is set for the first character `c` of each string, so
    /// that most characters of a text are passed over at once.
    firsts: u64,
}

impl ByFirstChar {
    fn new(mut strings: Vec<String>) -> Self {
        strings.sort_unstable();
        let firsts = strings
            .iter()
            .filter_map(|s| s.chars().next())
            .fold(0, |bits, c| bits | Self::bit(c));
        ByFirstChar { strings, firsts }
    }

    fn bit(c: char) -> u64 {
        1 << (u32::from(c) % 64)
    }

    /// Whether one of the strings starts at a character of `haystack`.
    fn is_match(&self, haystack: &str) -> bool {
        haystack.char_indices().any(|(at, c)| {
            if self.firsts & Self::bit(c) == 0 {
                return false;
            }
            let rest = &haystack[at..];
            // The strings that start with `c` and sort at or after it.
            let from = self
                .strings
                .partition_point(|s| s.as_str() < &rest[..c.len_utf8()]);
            self.strings[from..]
                .iter()
                .take_while(|s| s.starts_with(c))
                .any(|s| rest.starts_with(s.as_str()))
        })
    }
}

/// Searches with the cheap form before the full one is compiled: about
/// three times what compiling the full form costs, in searches (some
/// 1,600 instructions a short search, 500,000 a full form without the
/// strategies [`prefix_prefilter`] leaves out), so that the regexes a
/// report of 100 KB searches a few hundred times are compiled once. A run
/// over many files would repay full forms compiled sooner (at 384
/// searches: 200 files 1.7% fewer instructions, a report of 100 KB 0.6%
/// more).
const CHEAP_SEARCHES: usize = 1024;

/// The most searches a pattern's first use (the windows of one document the
/// phrase set searches near its literals) makes with the cheap form, more
/// than [`CHEAP_SEARCHES`]: where a match starts is now found by a lazy DFA
/// ([`NfaRegex::starts_match`]) or a backtracker over a short window, so
/// one report of 100 KB repays no full form (its CPU time 10% less).
/// Later uses count towards [`CHEAP_SEARCHES`] as before: a run over many
/// files repays full forms compiled sooner (raising [`CHEAP_SEARCHES`]
/// itself to 4,096 cost 2,000 reports 4% more CPU time).
const FIRST_CHEAP_SEARCHES: usize = 4096;

/// A text this short (in bytes) is scanned with the cheap form.
const SHORT_TEXT: usize = 1024;

/// A cheap search of this many bytes counts as one more search towards
/// [`CHEAP_SEARCHES`]: the bounded backtracker tries every position of its
/// text (a heading of 50 characters several times as long as one of 10).
const BYTES_PER_SEARCH: usize = 64;

impl SearchedRegex {
    /// `source` (as written), to be compiled as `text`, first by `cheap`.
    pub(crate) fn new(source: &Spanned<String>, text: String, cheap: Build) -> Self {
        SearchedRegex {
            syntax: Syntax::new(source, text),
            cheap: Pattern::new(cheap),
            full: Pattern::new(build_search_regex),
            searches: AtomicUsize::new(0),
            prefilter: OnceLock::new(),
        }
    }

    /// Whether the pattern may match in `haystack`: false only when a short
    /// haystack holds none of the strings every match contains
    /// ([`plans::prefilter`]) — most headings and windows a figure
    /// or section rule searches, which are then searched (and the pattern
    /// compiled) not at all. A long text is left to the regex's own
    /// prefilter.
    pub(crate) fn may_match(&self, haystack: &str) -> bool {
        haystack.len() > SHORT_TEXT
            || self
                .prefilter()
                .is_none_or(|p| p.strings.is_match(haystack))
    }

    /// Whether a match may lie in `text`, of any length: false only when
    /// it holds none of the strings every match contains. The phrase set
    /// asks before it searches the window before a literal, as far as a
    /// match starting there reaches ([`Near`]).
    pub(crate) fn may_match_within(&self, text: &str) -> bool {
        self.prefilter().is_none_or(|p| p.strings.is_match(text))
    }

    /// Whether [`SearchedRegex::may_match_within`] can tell anything of
    /// the text around an occurrence of one of `literals`: not when each of
    /// them holds one of the strings every match contains (a regex of the
    /// phrase set whose prefilter is its own literals).
    pub(crate) fn required_beyond(&self, literals: &[String]) -> bool {
        self.prefilter()
            .is_some_and(|p| !literals.iter().all(|l| p.strings.is_match(l)))
    }

    /// Whether the pattern matches in `haystack`. A list of words
    /// (`原因|根源`) is found by its prefilter alone, without compiling it:
    /// in a short text always, in a long one until the pattern has been
    /// searched often enough to repay its full form, whose own prefilter is
    /// faster there (compiling it builds a Teddy and an Aho-Corasick DFA,
    /// some 400,000 instructions: the one automaton a report of 15 KB
    /// built, for the body of its shortcomings section).
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        match self.prefilter() {
            Some(p) if p.exact && self.by_words(haystack.len()) => p.strings.is_match(haystack),
            _ => self
                .regex_for(haystack)
                .is_some_and(|re| re.is_match(haystack)),
        }
    }

    /// Whether a text of `len` bytes is searched for the words of an exact
    /// prefilter: a short one always, a long one while the searches so far
    /// (one every [`BYTES_PER_SEARCH`] bytes) stay within
    /// [`CHEAP_SEARCHES`], as the cheap form is used.
    fn by_words(&self, len: usize) -> bool {
        len <= SHORT_TEXT || std::ptr::eq(self.form_for(1 + len / BYTES_PER_SEARCH), &self.cheap)
    }

    /// The regex to search `haystack` with, for a caller that does not
    /// know its repertoire (`None`: no match is possible). A short text's
    /// repertoire is read from it, a long text is taken to hold anything.
    pub(crate) fn regex_for(&self, haystack: &str) -> Option<&Regex> {
        if !self.may_match(haystack) {
            return None;
        }
        let repertoire = if haystack.len() <= SHORT_TEXT {
            Repertoire::of(haystack)
        } else {
            Repertoire::Any
        };
        self.for_scan(haystack.len(), repertoire)
    }

    fn prefilter(&self) -> Option<&Prefilter> {
        self.prefilter
            .get_or_init(|| {
                let found = plans::prefilter(self.text())?;
                Some(Prefilter {
                    strings: Strings::new(found.strings),
                    exact: found.exact,
                })
            })
            .as_ref()
    }

    /// What is compiled and matched.
    pub(crate) fn text(&self) -> &str {
        &self.syntax.text
    }

    /// Compile the cheap form as written now, reporting an invalid pattern
    /// (the full form is the same pattern with more engines, the common
    /// forms the same with simpler classes).
    pub(crate) fn validate(&self) -> Result<&Regex, SpecError> {
        self.cheap.validate(&self.syntax)
    }

    /// The regex for about `n` more short searches of a text of
    /// `repertoire` (`None`: it does not compile, see [`Pattern::get`]).
    pub(crate) fn for_searches(&self, n: usize, repertoire: Repertoire) -> Option<&Regex> {
        self.form_for(n).get(&self.syntax, repertoire)
    }

    /// The form for about `n` more short searches: the cheap one while the
    /// searches so far stay within [`CHEAP_SEARCHES`], or for a first use
    /// of up to [`FIRST_CHEAP_SEARCHES`].
    fn form_for(&self, n: usize) -> &Pattern {
        let before = self.searches.fetch_add(n, Ordering::Relaxed);
        if before + n <= CHEAP_SEARCHES || (before == 0 && n <= FIRST_CHEAP_SEARCHES) {
            &self.cheap
        } else {
            &self.full
        }
    }

    /// [`SearchedRegex::for_searches`] for searches near a literal, and how
    /// to search there ([`Near`]).
    pub(crate) fn for_searches_near(
        &self,
        n: usize,
        repertoire: Repertoire,
    ) -> Option<(&Regex, Near)> {
        let form = self.form_for(n);
        let re = form.get(&self.syntax, repertoire)?;
        let longest = self.syntax.maximum_len(repertoire);
        let near = match longest {
            Some(longest) if std::ptr::eq(form, &self.full) => Near::Span(longest),
            _ => Near::Anchored(longest),
        };
        Some((re, near))
    }

    /// The regex for a scan of a text of `len` bytes and `repertoire`: the
    /// full form, or the cheap one for a text as short as a rule's example,
    /// which it scans for less than compiling the full form would cost.
    pub(crate) fn for_scan(&self, len: usize, repertoire: Repertoire) -> Option<&Regex> {
        if len <= SHORT_TEXT {
            // A cheap search costs about as much as the bytes it reads.
            self.for_searches(1 + len / BYTES_PER_SEARCH, repertoire)
        } else {
            self.full.get(&self.syntax, repertoire)
        }
    }
}

impl std::fmt::Debug for SearchedRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SearchedRegex").field(&self.text()).finish()
    }
}

/// A pattern of a figure, title or section rule, with the methods of
/// `regex::Regex` those rules use. Most of its searches are over short texts
/// (the words before a figure, a title), so it is a [`SearchedRegex`]:
/// compiled on first use, first in the cheap form, in full once searched
/// often enough, and in full for a long text. A pattern that does not
/// compile (ruled out by validation, see [`Pattern::get`]) matches nothing.
pub(crate) struct LazyRegex(SearchedRegex);

impl LazyRegex {
    /// A pattern written in the code, not in a pack (a rule's default).
    pub(crate) fn fixed(pattern: &str) -> Self {
        let source = Spanned::new(pattern.to_owned(), Location::UNKNOWN, Location::UNKNOWN);
        LazyRegex(SearchedRegex::new(
            &source,
            pattern.to_owned(),
            build_short_regex,
        ))
    }

    /// Whether the pattern has a capture group `name`, read from its syntax
    /// (nothing is compiled); false for a pattern that does not parse.
    pub(crate) fn has_capture(&self, name: &str) -> bool {
        regex_syntax::ParserBuilder::new()
            .build()
            .parse(self.0.text())
            .is_ok_and(|hir| has_capture(&hir, name))
    }

    /// The regex to search `haystack` with (`None`: no match is possible).
    fn regex(&self, haystack: &str) -> Option<&Regex> {
        self.0.regex_for(haystack)
    }

    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.0.is_match(haystack)
    }

    /// The first match in `haystack`.
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<Found<'h>> {
        let m = self.regex(haystack)?.find(haystack)?;
        Some(Found {
            haystack,
            range: m.range(),
        })
    }

    /// Every match in `haystack`, left to right.
    pub(crate) fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Found<'h>> {
        self.regex(haystack)
            .into_iter()
            .flat_map(move |re| re.find_iter(haystack))
            .map(move |m| Found {
                haystack,
                range: m.range(),
            })
    }

    /// The groups of the first match in `haystack`.
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        let re = self.regex(haystack)?;
        let mut caps = re.create_captures();
        re.captures(haystack, &mut caps);
        caps.is_match().then_some(Groups { haystack, caps })
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.0.text()).finish()
    }
}

/// Whether `hir` has a capture group called `name`.
fn has_capture(hir: &regex_syntax::hir::Hir, name: &str) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(cap) => cap.name.as_deref() == Some(name) || has_capture(&cap.sub, name),
        HirKind::Repetition(rep) => has_capture(&rep.sub, name),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|h| has_capture(h, name))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// A match of a [`LazyRegex`].
#[derive(Debug, Clone)]
pub(crate) struct Found<'h> {
    haystack: &'h str,
    range: std::ops::Range<usize>,
}

impl<'h> Found<'h> {
    pub(crate) fn start(&self) -> usize {
        self.range.start
    }

    pub(crate) fn end(&self) -> usize {
        self.range.end
    }

    pub(crate) fn as_str(&self) -> &'h str {
        &self.haystack[self.range.clone()]
    }
}

/// The capture groups of a match of a [`LazyRegex`].
pub(crate) struct Groups<'h> {
    haystack: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// The group called `name`, if it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<Found<'h>> {
        let span = self.caps.get_group_by_name(name)?;
        Some(Found {
            haystack: self.haystack,
            range: span.range(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::common::union_len;
    use super::*;
    use regex::RegexBuilder;
    use regex_syntax::hir::{Class, HirKind};

    /// Compile `source`, the form of `pattern` (which locates errors) to match.
    fn build_regex(pattern: &Spanned<String>, source: &str) -> Result<regex::Regex, SpecError> {
        RegexBuilder::new(source)
            .size_limit(1 << 22)
            .build()
            .map_err(|e| invalid(pattern, &e.to_string()))
    }

    fn spanned(s: &str) -> Spanned<String> {
        Spanned::new(s.to_owned(), Location::UNKNOWN, Location::UNKNOWN)
    }

    /// Every form of a searched regex (cheap and full, as written and
    /// common) finds the same matches, anchored or not, and the full form
    /// takes over after [`CHEAP_SEARCHES`].
    #[test]
    fn searched_regex_forms_agree() {
        use regex_automata::{Anchored, Input};
        let source = spanned(r"\p{Han}(?P<at>〔\d{4}〕)\d+号");
        let text = "鄂政发〔2024〕12号，鄂政发〔2024〕号，x〔2024〕3号".to_owned();
        for (cheap, repertoire) in [build_short_regex, build_anchored_regex]
            .into_iter()
            .flat_map(|b| [(b, Repertoire::Any), (b, Repertoire::Common)])
        {
            let re = SearchedRegex::new(&source, source.value.clone(), cheap);
            let cheap = re.for_searches(1, repertoire).unwrap() as *const _;
            let full = re.for_scan(SHORT_TEXT + 1, repertoire).unwrap();
            let matches = |re: &Regex| {
                let anchored: Vec<_> = (0..text.len())
                    .filter(|&at| text.is_char_boundary(at))
                    .filter_map(|at| {
                        re.find(
                            Input::new(&text)
                                .span(at..text.len())
                                .anchored(Anchored::Yes),
                        )
                    })
                    .map(|m| m.range())
                    .collect();
                let all: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
                (anchored, all)
            };
            let by_cheap = matches(re.for_searches(1, repertoire).unwrap());
            assert_eq!(by_cheap.1.len(), 1);
            assert_eq!(by_cheap, matches(full));
            assert_eq!(
                by_cheap,
                matches(re.for_searches(1, Repertoire::Any).unwrap())
            );
            assert!(std::ptr::eq(
                re.for_searches(CHEAP_SEARCHES, repertoire).unwrap(),
                full
            ));
            assert!(!std::ptr::eq(cheap, full));
        }
    }

    /// A short haystack holding none of the strings every match contains
    /// is not searched; one that holds one, a long haystack and a pattern
    /// without such strings are. The strings are the pattern's own (a
    /// pattern on the original text keeps its full-width forms).
    #[test]
    fn may_match_only_where_a_required_string_occurs() {
        let searched = |p: &str| SearchedRegex::new(&spanned(p), p.to_owned(), build_short_regex);
        let part = searched("(不足|问题)$");
        assert!(part.may_match("二、存在的问题和原因"));
        assert!(!part.may_match("二、主要举措和成效"));
        assert!(part.may_match(&"成效".repeat(SHORT_TEXT)));
        assert!(searched(r"\d+").may_match("无"));
        let written = searched("（注）");
        assert!(written.may_match("见（注）") && !written.may_match("见(注)"));
        // A search that cannot match compiles nothing.
        assert!(part.cheap.exact.get().is_none() && part.cheap.common.get().is_none());
    }

    /// Strings looked for one by one and by their first character find
    /// what an automaton of them finds (strings that share a first
    /// character, one inside another, an empty one).
    #[test]
    fn few_and_many_strings_find_alike() {
        let words: Vec<String> = [
            "问题",
            "不足",
            "短板",
            "x",
            "原因分析",
            "差距",
            "困难",
            "弱项",
            "难点",
            "问责",
            "问",
            "xy",
            "",
        ]
        .map(String::from)
        .to_vec();
        assert!(words.len() > FEW_STRINGS + 2);
        for n in [
            1,
            2,
            FEW_STRINGS,
            words.len() - 3,
            words.len() - 1,
            words.len(),
        ] {
            let strings = Strings::new(words[..n].to_vec());
            let many = n > FEW_STRINGS && n < words.len();
            assert_eq!(matches!(strings, Strings::Many(_)), many, "{n}");
            let automaton = aho_corasick::AhoCorasick::new(&words[..n]).unwrap();
            for hay in [
                "",
                "存在的问题",
                "主要不足和短板",
                "xyz",
                "原因",
                "二、难点",
                "成效",
                "问",
                "追责问",
                "y难x",
            ] {
                assert_eq!(strings.is_match(hay), automaton.is_match(hay), "{n} {hay}");
            }
        }
    }

    /// A list of words in a long text is found by its strings first, by
    /// the full form once searched often enough, alike.
    #[test]
    fn words_in_a_long_text_found_alike_before_and_after_the_full_form() {
        let pattern = "原因|根源|由于|源于|归因|在于|导致|造成|所致";
        let re = LazyRegex::fixed(pattern);
        let by_crate = regex::Regex::new(pattern).unwrap();
        let without = "执法装备陈旧。".repeat(SHORT_TEXT);
        let with = format!("{without}主要原因是");
        for _ in 0..2 * CHEAP_SEARCHES * BYTES_PER_SEARCH / without.len() + 2 {
            for text in [&without, &with] {
                assert_eq!(re.is_match(text), by_crate.is_match(text));
            }
        }
        assert!(re.0.full.exact.get().is_some());
    }

    fn cx(eager: bool) -> CompileCx<'static> {
        CompileCx {
            id: "",
            message: "",
            at: None,
            sections: Sections::new(&()),
            eager,
        }
    }

    /// A lazy regex finds what the `regex` crate finds, in its cheap form
    /// and in full, and reads capture names from the syntax alone.
    #[test]
    fn lazy_regex_matches_as_the_regex_crate() {
        let source = spanned(r"(?P<stem>[\p{Han}]{2})率|\d+件");
        let re = compile_regex(&source, &cx(false)).unwrap();
        let by_crate = regex::Regex::new(&source.value).unwrap();
        assert!(re.has_capture("stem") && !re.has_capture("base"));
        let long = "办结率，共12件，".repeat(SHORT_TEXT);
        for text in [
            "行政复议纠错率为12%，共3件，办结12件",
            "",
            "无",
            long.as_str(),
        ] {
            for _ in 0..2 * CHEAP_SEARCHES {
                assert_eq!(re.is_match(text), by_crate.is_match(text));
            }
            let found: Vec<_> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let want: Vec<_> = by_crate
                .find_iter(text)
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(found, want);
            assert_eq!(
                re.find(text).map(|m| m.as_str()),
                by_crate.find(text).map(|m| m.as_str())
            );
            assert_eq!(
                re.captures(text)
                    .and_then(|c| c.name("stem"))
                    .map(|m| m.as_str()),
                by_crate
                    .captures(text)
                    .and_then(|c| c.name("stem"))
                    .map(|m| m.as_str())
            );
        }
    }

    /// Eagerly (user packs) an invalid pattern is an error at its place;
    /// lazily it is compiled only when searched, and matches nothing.
    #[test]
    fn lazy_regex_is_validated_when_eager() {
        let source = Spanned::new("计划(".to_owned(), Location::UNKNOWN, Location::UNKNOWN);
        let err = compile_regex(&source, &cx(true)).unwrap_err();
        assert_eq!(
            err.message,
            build_regex(&source, &source.value).unwrap_err().message
        );
        let lazy = compile_regex(&source, &cx(false)).unwrap();
        assert!(!lazy.is_match("计划("));
        assert!(lazy.find("计划(").is_none() && lazy.captures("计划(").is_none());
    }

    /// An invalid pattern is reported as the `regex` crate words it, in
    /// every form.
    #[test]
    fn invalid_patterns_read_alike() {
        let source = spanned("计划(");
        let by_regex = build_regex(&source, &source.value).unwrap_err().message;
        assert!(by_regex.starts_with("无效的正则表达式："), "{by_regex}");
        assert_eq!(parse(&source, &source.value).unwrap_err().message, by_regex);
        let huge = spanned(r"\w{1000}\w{1000}");
        let by_regex = build_regex(&huge, &huge.value).unwrap_err().message;
        assert!(by_regex.contains("size limit"), "{by_regex}");
        for build in [build_search_regex, build_short_regex, build_anchored_regex] {
            let hir = parse(&huge, &huge.value).unwrap();
            assert_eq!(build(&huge, &Form::of(&hir)).unwrap_err().message, by_regex);
            let syntax = Syntax::new(&huge, huge.value.clone());
            assert!(
                Pattern::new(build)
                    .get(&syntax, Repertoire::Common)
                    .is_none()
            );
        }
    }

    /// The count of the ranges of a union, without building it.
    #[test]
    fn union_len_counts_merged_ranges() {
        let class = |p: &str| match parsed(p).into_kind() {
            HirKind::Class(Class::Unicode(c)) => c,
            other => panic!("{other:?}"),
        };
        for (a, b) in [
            (r"[^\d.]", r"\d"),
            ("[a-c]", "[d-f]"),
            ("[a-c]", "[e-f]"),
            ("[a-z]", "[c-d]"),
            ("[a-cx]", "[b-y]"),
            (r"\p{Han}", r"\d"),
            ("[ab]", "[^a]"),
        ] {
            let (a, b) = (class(a), class(b));
            let mut union = a.clone();
            union.union(&b);
            assert_eq!(union_len(a.ranges(), b.ranges()), union.ranges().len());
            assert_eq!(union_len(b.ranges(), a.ranges()), union.ranges().len());
        }
        assert_eq!(union_len(&[], &[]), 0);
    }

    fn parsed(pattern: &str) -> Hir {
        parse(&spanned(pattern), pattern).unwrap()
    }

    /// The common form of a class: `\d` is `[0-9]`, `[^\d.]` the ASCII
    /// complement up to U+FFFF, `\p{Han}` and `.` without the planes beyond
    /// U+FFFF, a class of those planes alone empty; a pattern without such a
    /// class (a list of words, `\s`) has none.
    #[test]
    fn common_forms_of_classes() {
        let form = |p: &str| common_form(&parsed(p));
        assert_eq!(form(r"\d+件"), Some(parsed("[0-9]+件")));
        assert_eq!(
            form(r"(?:^|[^\d.])(?P<n>\d*)"),
            Some(parsed(r"(?:^|[[^0-9.]&&\x00-\x{FFFF}])(?P<n>[0-9]*)"))
        );
        assert_eq!(form(r"\D"), Some(parsed(r"[\x00-/:-\x{FFFF}]")));
        assert_eq!(
            form(r"\p{Han}{2}"),
            Some(parsed(r"[\p{Han}&&\x00-\x{FFFF}]{2}"))
        );
        assert_eq!(
            form("第.{0,6}条"),
            Some(parsed(r"第[\x00-\t\x0B-\x{FFFF}]{0,6}条"))
        );
        assert_eq!(form(r"[\x{20000}-\x{2A6DF}]"), Some(parsed(r"[a&&b]")));
        assert_eq!(form("(?-u:[0-9])"), None);
        for unchanged in ["原因|根源", "[一二三四五六七八九十]+、", r"\s*"] {
            assert_eq!(form(unchanged), None, "{unchanged}");
        }
    }

    /// Without a class to simplify the common form is the form as written,
    /// compiled once.
    #[test]
    fn one_regex_when_nothing_is_simplified() {
        for (text, simplified) in [("原因|根源", false), (r"\d+", true)] {
            let syntax = Syntax::new(&spanned(text), text.to_owned());
            let pattern = Pattern::new(build_short_regex);
            let common = pattern.get(&syntax, Repertoire::Common).unwrap() as *const Regex;
            let exact = pattern.get(&syntax, Repertoire::Any).unwrap();
            assert_eq!(std::ptr::eq(common, exact), !simplified, "{text}");
        }
    }

    /// Every match of `re` in `text` with all its groups: from a scan, and
    /// from an anchored search at each character boundary when `anchored`.
    fn every_match(re: &Regex, text: &str, anchored: bool) -> Vec<Vec<Option<(usize, usize)>>> {
        use regex_automata::{Anchored, Input};
        let groups = |caps: &Captures| {
            (0..caps.group_len())
                .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                .collect::<Vec<_>>()
        };
        let mut found: Vec<_> = re.captures_iter(text).map(|c| groups(&c)).collect();
        if anchored {
            let mut caps = re.create_captures();
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let input = Input::new(text)
                    .span(at..text.len())
                    .anchored(Anchored::Yes);
                re.search_captures(&input, &mut caps);
                found.push(groups(&caps));
            }
        }
        found
    }

    /// The match and groups of an anchored search of `re` at each character
    /// boundary of `text`, to its end or over at most `longest` bytes.
    fn anchored_matches(
        re: &Regex,
        text: &str,
        longest: Option<usize>,
    ) -> Vec<Vec<Option<(usize, usize)>>> {
        use regex_automata::{Anchored, Input};
        let mut caps = re.create_captures();
        let mut cache = re.create_cache();
        (0..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .map(|at| {
                let mut end = longest.map_or(text.len(), |n| (at + n).min(text.len()));
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let input = Input::new(text).span(at..end).anchored(Anchored::Yes);
                re.search_captures_with(&mut cache, &input, &mut caps);
                (0..caps.group_len())
                    .map(|g| caps.get_group(g).map(|s| (s.start, s.end)))
                    .collect()
            })
            .collect()
    }

    /// Whether an anchored search of `re` told to stop at the earliest
    /// match finds one at each character boundary of `text`, to its end;
    /// where `re` says one ends, `plain` finds one over the span to there.
    fn earliest_matches(re: &Regex, plain: &Regex, text: &str) -> Vec<bool> {
        use regex_automata::{Anchored, Input};
        let mut cache = re.create_cache();
        (0..=text.len())
            .filter(|&at| text.is_char_boundary(at))
            .map(|at| {
                let input = Input::new(text)
                    .span(at..text.len())
                    .anchored(Anchored::Yes)
                    .earliest(true);
                let found = re.search_half_with(&mut cache, &input);
                if let Some(end) = found {
                    assert!(
                        plain.find(input.span(at..end.offset())).is_some(),
                        "{text} at {at}"
                    );
                }
                found.is_some()
            })
            .collect()
    }

    /// The built-in packs' strings under 1,000 bytes, normalized as a
    /// text is, and all of them joined by line breaks.
    fn pack_texts(strings: &[&str]) -> (Vec<String>, String) {
        let texts: Vec<String> = strings
            .iter()
            .map(|s| crate::normalize::normalize_str(s))
            .filter(|t| t.len() < 1000)
            .collect();
        let all = texts.join("\n");
        (texts, all)
    }

    /// The cheap forms of every pattern of the built-in packs, built from
    /// an NFA of the reused compiler, find what the full form (`meta`, all
    /// engines) finds: the same matches with the same groups in a scan of
    /// all the packs' strings, and anchored at every position of the
    /// strings it matches in, also over only as many bytes as a match
    /// spans when that is known (the bounded backtracker's searches).
    #[test]
    fn cheap_forms_find_what_the_full_form_finds() {
        let strings = crate::pack::builtin_strings();
        let (texts, all) = pack_texts(&strings);
        let mut tried = 0;
        for s in &strings {
            let text = pattern::normalize_regex(s);
            let source = spanned(&text);
            let Ok(hir) = parse(&source, &text) else {
                continue;
            };
            let full = build_search_regex(&source, &Form::of(&hir)).unwrap();
            // Anchored searches in the texts it matches in.
            let matched: Vec<&String> =
                texts.iter().filter(|t| full.is_match(t.as_str())).collect();
            for build in [build_short_regex, build_anchored_regex] {
                let cheap = build(&source, &Form::of(&hir)).unwrap();
                assert_eq!(
                    every_match(&full, &all, false),
                    every_match(&cheap, &all, false),
                    "{text}"
                );
                for t in &matched {
                    assert!(cheap.is_match(t.as_str()), "{text} in {t}");
                    assert_eq!(
                        every_match(&full, t, true),
                        every_match(&cheap, t, true),
                        "{text} in {t}"
                    );
                    if let Some(longest) = hir.properties().maximum_len() {
                        assert_eq!(
                            anchored_matches(&full, t, None),
                            anchored_matches(&cheap, t, Some(longest)),
                            "{text} in {t}"
                        );
                    }
                }
            }
            tried += 1;
        }
        assert!(tried >= 100, "only {tried} patterns");
    }

    /// The screened forms of the built-in packs' patterns (their stored
    /// NFA, searched only where the stored DFA does not rule a match out)
    /// find what the same form compiled from its syntax finds: every
    /// match with its groups in a scan of all the packs' strings, and
    /// anchored at every position of each string the pattern matches in,
    /// to its end and over only as many bytes as a match spans (a
    /// position the DFA wrongly ruled out would start a match there). The
    /// bytes they say a match begins with hold every match's first byte.
    /// Tables of both widths are among them.
    #[test]
    fn screened_forms_find_what_the_nfa_finds() {
        let (texts, all) = pack_texts(&crate::pack::builtin_strings());
        let (mut screened, mut narrow) = (0, 0);
        for known in built_in::SYNTAX {
            let text = known.text;
            for (syntax, nfa, screen) in [
                (Some(known.parsed), known.nfa, known.screen),
                (known.common, known.common_nfa, known.common_screen),
            ] {
                let (Some(syntax), Some(screen)) = (syntax, screen) else {
                    continue;
                };
                let hir = stored::decode(syntax).unwrap();
                let source = spanned(text);
                let form = Form {
                    hir: Source::Parsed(&hir),
                    nfa,
                    screen: Some(screen),
                };
                let plain = build_anchored_regex(&source, &Form::of(&hir)).unwrap();
                let re = build_anchored_regex(&source, &form).unwrap();
                assert!(matches!(re.engine, Engine::Screened(_)), "{text}");
                let names = |re: &Regex| -> Vec<Option<String>> {
                    re.group_info()
                        .all_names()
                        .map(|(_, _, name)| name.map(str::to_owned))
                        .collect()
                };
                assert_eq!(names(&re), names(&plain), "{text}");
                for t in &texts {
                    assert_eq!(
                        plain.is_match(t.as_str()),
                        re.is_match(t.as_str()),
                        "{text} in {t}"
                    );
                }
                assert_eq!(
                    every_match(&plain, &all, false),
                    every_match(&re, &all, false),
                    "{text}"
                );
                let longest = hir.properties().maximum_len();
                for t in texts.iter().filter(|t| plain.is_match(t.as_str())) {
                    let expected = anchored_matches(&plain, t, None);
                    for (at, found) in (0..=t.len())
                        .filter(|&at| t.is_char_boundary(at))
                        .zip(&expected)
                    {
                        if found.first().is_some_and(Option::is_some) {
                            assert!(re.starts().may_start(t.as_bytes(), at), "{text} in {t}");
                        }
                    }
                    assert_eq!(expected, anchored_matches(&re, t, None), "{text} in {t}");
                    assert_eq!(
                        earliest_matches(&plain, &plain, t),
                        earliest_matches(&re, &plain, t),
                        "{text} in {t}"
                    );
                    assert_eq!(
                        every_match(&plain, t, true),
                        every_match(&re, t, true),
                        "{text} in {t}"
                    );
                    if longest.is_some() {
                        assert_eq!(
                            anchored_matches(&plain, t, longest),
                            anchored_matches(&re, t, longest),
                            "{text} in {t}"
                        );
                    }
                }
                screened += 1;
                if matches!(screen.states, screened::States::Narrow(_)) {
                    narrow += 1;
                }
            }
        }
        assert!(screened >= 100, "only {screened} screened forms");
        // A byte a state for most, two bytes for some.
        assert!(
            narrow >= 100 && narrow < screened,
            "{narrow} of {screened} narrow"
        );
    }

    /// The screened forms of the built-in packs' patterns with their
    /// stored syntax, and the form compiled from that syntax.
    fn screened_forms() -> Vec<(&'static str, Hir, Option<&'static [u8]>, &'static Screen)> {
        built_in::SYNTAX
            .iter()
            .flat_map(|known| {
                [
                    (Some(known.parsed), known.nfa, known.screen),
                    (known.common, known.common_nfa, known.common_screen),
                ]
                .into_iter()
                .filter_map(move |(syntax, nfa, screen)| {
                    Some((known.text, stored::decode(syntax?)?, nfa, screen?))
                })
            })
            .collect()
    }

    /// Pieces of text the built-in patterns are made of: figures, dates,
    /// document numbers, brackets, Chinese characters, spaces and ends of
    /// lines.
    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "1", "9", "20", "19", "2023", "12", ".", "-", "~", "至", "%", "万", "元", "年", "月",
            "日", "号", "第", "〔", "〕", "[", "]", "(", ")", "《", "》", "<", ">", "“", "”", "率",
            "由", "从", "增长", "到", "问题", "情况", "法治", "政府", "，", "。", " ", "\n", "a",
            "Z", "一", "〇", "余", "其他", "发", "件",
        ])
    }

    proptest::proptest! {
        /// Anchored searches of a screened form at every position of a text
        /// of the patterns' pieces find what the form compiled from its
        /// syntax finds.
        #[test]
        fn screened_forms_agree_on_any_text(
            pick in 0usize..1000,
            parts in proptest::collection::vec(piece(), 0..40),
        ) {
            use regex_automata::{Anchored, Input};
            let forms = screened_forms();
            let (text, hir, nfa, screen) = &forms[pick % forms.len()];
            let t = parts.concat();
            let source = spanned(text);
            let form = Form {
                hir: Source::Parsed(hir),
                nfa: *nfa,
                screen: Some(screen),
            };
            let plain = build_anchored_regex(&source, &Form::of(hir)).unwrap();
            let re = build_anchored_regex(&source, &form).unwrap();
            for at in (0..=t.len()).filter(|&at| t.is_char_boundary(at)) {
                let input = Input::new(&t).span(at..t.len());
                proptest::prop_assert_eq!(
                    plain.is_match(input.clone()),
                    re.is_match(input.clone()),
                    "{} in {} from {}", text, t, at
                );
                proptest::prop_assert_eq!(
                    plain.is_match(input.clone().anchored(Anchored::Yes)),
                    re.is_match(input.anchored(Anchored::Yes)),
                    "{} in {} at {}", text, t, at
                );
            }
            proptest::prop_assert_eq!(
                earliest_matches(&plain, &plain, &t),
                earliest_matches(&re, &plain, &t),
                "{} in {}", text, t
            );
            for longest in [None, hir.properties().maximum_len()] {
                proptest::prop_assert_eq!(
                    anchored_matches(&plain, &t, longest),
                    anchored_matches(&re, &t, longest),
                    "{} in {}", text, t
                );
            }
        }
    }

    /// A screened form rebuilds its NFA only for a search its DFA cannot
    /// answer: anchored searches where no match starts, and whether a
    /// short text holds a match, rebuild nothing.
    #[test]
    fn screened_forms_rebuild_the_nfa_when_needed() {
        use regex_automata::{Anchored, Input};
        let text = "(?:由|从)$";
        let known = built_in(text).unwrap();
        let hir = stored::decode(known.parsed).unwrap();
        let form = Form {
            hir: Source::Parsed(&hir),
            nfa: known.nfa,
            screen: known.screen,
        };
        let re = build_anchored_regex(&spanned(text), &form).unwrap();
        let Engine::Screened(screened) = &re.engine else {
            panic!("{text} is not screened");
        };
        let built = || screened.nfa.get().is_some();
        let haystack = "由此从";
        let anchored = |at: usize| {
            Input::new(haystack)
                .span(at..haystack.len())
                .anchored(Anchored::Yes)
        };
        assert!(!re.is_match(anchored(0)) && !re.is_match(anchored(3)));
        let mut caps = re.create_captures();
        re.search_captures(&anchored(0), &mut caps);
        assert!(!caps.is_match() && !built());
        // Whether a short text holds a match is the DFA's answer too.
        assert!(re.is_match(anchored(6)) && re.is_match(haystack) && !built());
        re.search_captures(&anchored(6), &mut caps);
        assert!(caps.is_match() && built());
    }

    /// Whether a match starts at a position of a long text, asked of the
    /// cheap forms of every pattern of the built-in packs (their lazy DFA,
    /// or the PikeVM where it cannot answer), is answered as the full form
    /// answers it, at every character of all the packs' strings in one.
    #[test]
    fn matches_start_where_the_full_form_finds_them() {
        use regex_automata::{Anchored, Input};
        let strings = crate::pack::builtin_strings();
        let all: String = strings
            .iter()
            .map(|s| crate::normalize::normalize_str(s))
            .filter(|t| t.len() < 1000)
            .collect::<Vec<_>>()
            .join("\n");
        // Longer than the bounded backtracker of a cheap form reads.
        assert!(all.len() > 2 * ANCHORED_VISITED, "{}", all.len());
        let (mut tried, mut by_dfa) = (0, 0);
        for s in crate::pack::builtin_check_strings() {
            let text = pattern::normalize_regex(s);
            let source = spanned(&text);
            let Ok(hir) = parse(&source, &text) else {
                continue;
            };
            let full = build_search_regex(&source, &Form::of(&hir)).unwrap();
            let cheap = build_anchored_regex(&source, &Form::of(&hir)).unwrap();
            let (mut full_cache, mut cheap_cache) = (full.create_cache(), cheap.create_cache());
            for (at, _) in all.char_indices() {
                let input = Input::new(&all)
                    .span(at..all.len())
                    .anchored(Anchored::Yes)
                    .earliest(true);
                assert_eq!(
                    cheap.search_half_with(&mut cheap_cache, &input).is_some(),
                    full.search_half_with(&mut full_cache, &input).is_some(),
                    "{text} at {at}"
                );
            }
            let Engine::Nfa(re) = &cheap.engine else {
                panic!("{text}")
            };
            by_dfa += usize::from(re.dfa.get().is_some_and(Option::is_some));
            tried += 1;
        }
        assert!(tried >= 100, "only {tried} patterns");
        assert!(by_dfa >= 50, "only {by_dfa} patterns by the lazy DFA");
    }

    /// On texts of the common repertoire the common form of every pattern
    /// of the built-in packs finds exactly what the pattern finds: the
    /// same matches with the same groups, in a scan and anchored at every
    /// position. The texts are every string of the packs (their examples
    /// are written to match), normalized as rules see them, and all of
    /// them in one.
    #[test]
    fn common_forms_find_what_the_patterns_find() {
        let strings = crate::pack::builtin_strings();
        let mut texts: Vec<String> = strings
            .iter()
            .map(|s| crate::normalize::normalize_str(s))
            .filter(|t| Repertoire::of(t) == Repertoire::Common)
            .collect();
        // Digits next to the characters the classes around them exclude.
        texts.extend(
            [
                "1.5-2.5万元",
                "增长.5倍,共.3余人",
                "x.2024年5月.12月三日",
                "(2019.2020)年",
                "鄂政发〔.2024〕3号",
            ]
            .map(String::from),
        );
        let all = texts.join("\n");
        texts.push(all);
        let mut tried = 0;
        for s in &strings {
            let text = pattern::normalize_regex(s);
            let source = spanned(&text);
            let Ok(hir) = parse(&source, &text) else {
                continue;
            };
            let Some(form) = common_form(&hir) else {
                continue;
            };
            let exact = build_search_regex(&source, &Form::of(&hir)).unwrap();
            let common = build_search_regex(&source, &Form::of(&form)).unwrap();
            for t in &texts {
                let anchored = t.len() < 1000;
                assert_eq!(
                    every_match(&exact, t, anchored),
                    every_match(&common, t, anchored),
                    "{text} in {t}"
                );
            }
            tried += 1;
        }
        assert!(tried >= 20, "only {tried} patterns have a common form");
    }

    /// The stored syntax of every pattern of the built-in packs (as
    /// matched: normalized, or as written for the original text) is the
    /// pattern parsed, with its common form; it decodes to what it
    /// encodes; a pattern outside the packs is parsed.
    #[test]
    fn stored_syntax_is_the_parsed_syntax() {
        let all = built_in::SYNTAX;
        assert!(all.windows(2).all(|w| w[0].text < w[1].text));
        let mut common = 0;
        for s in crate::pack::builtin_check_strings() {
            for text in [s.to_owned(), pattern::normalize_regex(s)] {
                let Ok(hir) = parse(&spanned(&text), &text) else {
                    assert!(built_in(&text).is_none(), "{text}");
                    continue;
                };
                let known = built_in(&text).unwrap_or_else(|| panic!("{text}"));
                assert_eq!(stored::decode(known.parsed).as_ref(), Some(&hir), "{text}");
                let form = common_form(&hir);
                assert_eq!(known.common.and_then(stored::decode), form, "{text}");
                common += usize::from(form.is_some());
            }
        }
        assert!(common >= 20, "only {common} common forms");
        for text in [
            r"\d+件",
            "(?P<at>原因)|根源",
            r"\b(?i:x){2,}?$",
            r"(?-u:[0-9]x)",
        ] {
            let hir = parsed(text);
            let mut encoded = Vec::new();
            stored::encode(&hir, &mut encoded);
            assert_eq!(stored::decode(&encoded), Some(hir), "{text}");
            assert_eq!(stored::decode(&encoded[..encoded.len() - 1]), None);
            assert!(built_in(text).is_none());
        }
    }
    /// What a search with an NFA depends on, to compare NFAs by: its
    /// states and byte classes (its `Debug`), starts, groups and their
    /// names, and properties.
    fn nfa_summary(nfa: &regex_automata::nfa::thompson::NFA) -> String {
        use regex_automata::util::primitives::PatternID;
        format!(
            "{nfa:?} {:?} {:?} {:?} {:?} {} {} {} {} {} {:?} {:?} {}",
            nfa.start_anchored(),
            nfa.start_unanchored(),
            nfa.start_pattern(PatternID::ZERO),
            // Not its `Debug`: that lists the names from a hash map.
            (0..nfa.group_info().group_len(PatternID::ZERO))
                .map(|g| nfa.group_info().to_name(PatternID::ZERO, g))
                .collect::<Vec<_>>(),
            nfa.is_utf8(),
            nfa.is_reverse(),
            nfa.has_capture(),
            nfa.has_empty(),
            nfa.is_always_start_anchored(),
            nfa.look_set_any(),
            nfa.look_set_prefix_any(),
            nfa.memory_usage(),
        )
    }

    /// The stored NFA of each form of every stored pattern (as written and
    /// common) is the NFA its syntax compiles to, rebuilt: the same
    /// states, starts, groups and properties; the stored syntax is the
    /// pattern parsed (also for the patterns the rules build from the
    /// packs' strings), and the stored longest matches are its forms'. A
    /// pattern outside the packs encodes and decodes alike; bytes cut
    /// short decode to nothing.
    #[test]
    fn stored_nfas_are_the_compiled_nfas() {
        let mut compiler = thompson::Compiler::new();
        compiler.configure(nfa::config());
        let summary =
            |nfa: Option<regex_automata::nfa::thompson::NFA>| nfa.as_ref().map(nfa_summary);
        let longest = |hir: &Hir| hir.properties().maximum_len();
        let mut stored = 0;
        for known in built_in::SYNTAX {
            let text = known.text;
            let hir = parsed(text);
            assert_eq!(stored::decode(known.parsed).as_ref(), Some(&hir), "{text}");
            let common = common_form(&hir);
            assert_eq!(known.common.and_then(stored::decode), common, "{text}");
            assert_eq!(known.longest, longest(&hir), "{text}");
            assert_eq!(
                known.common_longest,
                common.as_ref().and_then(longest),
                "{text}"
            );
            for (syntax, nfa) in [
                (Some(known.parsed), known.nfa),
                (known.common, known.common_nfa),
            ] {
                let Some(hir) = syntax.map(|s| stored::decode(s).unwrap()) else {
                    assert!(nfa.is_none(), "{}", known.text);
                    continue;
                };
                let compiled = compiler.build_from_hir(&hir).ok();
                let rebuilt = nfa.map(|n| nfa::decode(n).unwrap());
                stored += usize::from(rebuilt.is_some());
                assert_eq!(summary(rebuilt), summary(compiled), "{}", known.text);
            }
        }
        assert!(stored >= 100, "only {stored} NFAs");
        for text in [
            r"\d+件",
            "(?P<at>原因)|根源",
            r"\b(?i:x){2,}?$",
            r"(?-u:[0-9]x)",
            r"(?m)^[^\n]*$|(a)(?P<b>b)*",
            "",
        ] {
            let compiled = compiler.build_from_hir(&parsed(text)).unwrap();
            let mut encoded = Vec::new();
            assert!(nfa::encode(&compiled, &mut encoded));
            let rebuilt = nfa::decode(&encoded).unwrap();
            assert_eq!(nfa_summary(&rebuilt), nfa_summary(&compiled), "{text}");
            assert!(nfa::decode(&encoded[..encoded.len() - 1]).is_none());
        }
    }
}
