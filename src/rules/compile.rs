//! Compiling rule specs: the context a kind compiles in, the errors it
//! reports, and the patterns of packs as regexes.
//!
//! [`crate::pack`] parses YAML into specs; this module and the kinds turn
//! specs into checks. Nothing here reads YAML files: errors carry a YAML
//! location, and the loader attaches the file.

use super::required_section::Locator;
use super::sections::{Sections, resolve};
use super::{literals, pattern};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex_automata::util::captures::Captures;
use serde_saphyr::{Location, Spanned};
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

/// Compile `source`, the form of `pattern` (which locates errors) to
/// match, with the lower-level `regex-automata` API (anchored searches at
/// chosen positions) and every engine: the syntax, size limit, match
/// semantics and error messages of the `regex` crate.
pub(crate) fn build_search_regex(
    pattern: &Spanned<String>,
    source: &str,
) -> Result<regex_automata::meta::Regex, SpecError> {
    build_meta(pattern, source, Engines::All)
}

/// [`build_search_regex`] for short haystacks (a heading, a window of a
/// few characters), which the bounded backtracker searches about as fast as
/// a lazy DFA would. Without the lazy DFA there is no reverse NFA to build
/// either, and without the one-pass DFA (anchored searches only) and a
/// prefilter nothing but the NFA: about half the cost of compiling the
/// pattern. Same matches.
pub(crate) fn build_short_regex(
    pattern: &Spanned<String>,
    source: &str,
) -> Result<regex_automata::meta::Regex, SpecError> {
    build_meta(pattern, source, Engines::Short)
}

/// [`build_search_regex`] for anchored searches that start anywhere in a
/// long text and end a few characters later: the PikeVM, whose cost grows
/// with the characters it reads (the bounded backtracker clears a table the
/// size of the rest of the text before each search; the one-pass DFA costs
/// more to build than the first searches of a document save). Same matches.
pub(crate) fn build_anchored_regex(
    pattern: &Spanned<String>,
    source: &str,
) -> Result<regex_automata::meta::Regex, SpecError> {
    build_meta(pattern, source, Engines::Anchored)
}

/// Which search engines a regex is built with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Engines {
    /// All, as the `regex` crate builds them: for scans of long texts.
    All,
    /// The bounded backtracker and the PikeVM: for short haystacks.
    Short,
    /// The PikeVM: for anchored searches in long texts.
    Anchored,
}

/// Compile with `regex-automata` as the `regex` crate would, with `engines`.
fn build_meta(
    pattern: &Spanned<String>,
    source: &str,
    engines: Engines,
) -> Result<regex_automata::meta::Regex, SpecError> {
    use regex_automata::{MatchKind, meta, util::syntax};
    let config = meta::Config::new()
        .nfa_size_limit(Some(1 << 22))
        .hybrid_cache_capacity(2 * (1 << 20))
        .hybrid(engines == Engines::All)
        .backtrack(engines != Engines::Anchored)
        .onepass(engines == Engines::All)
        // A prefilter (a Teddy searcher is an automaton of its own) pays
        // off in scans of long texts, not in a few characters or anchored.
        .auto_prefilter(engines == Engines::All)
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax::Config::default().utf8(true))
        .build(source)
        .map_err(|e| {
            // As the `regex` crate words them.
            let text = match (e.size_limit(), e.syntax_error()) {
                (Some(limit), _) => {
                    format!("Compiled regex exceeds size limit of {limit} bytes.")
                }
                (None, Some(syntax)) => syntax.to_string(),
                (None, None) => e.to_string(),
            };
            invalid(pattern, &text)
        })
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

/// A pattern of a pack, compiled on first use: most documents never need
/// most of a pack's patterns.
pub(crate) struct Pattern<R> {
    /// As written, for errors.
    source: Spanned<String>,
    /// What is compiled and matched (the source normalized like the text
    /// it runs on, see [`pattern`]).
    pub(crate) text: String,
    compiled: OnceLock<Option<R>>,
    compile: fn(&Spanned<String>, &str) -> Result<R, SpecError>,
}

impl<R> Pattern<R> {
    /// `source` (as written), to be compiled as `text` by `compile`.
    pub(crate) fn new(
        source: &Spanned<String>,
        text: String,
        compile: fn(&Spanned<String>, &str) -> Result<R, SpecError>,
    ) -> Self {
        Pattern {
            source: source.clone(),
            text,
            compiled: OnceLock::new(),
            compile,
        }
    }

    /// Compile now (once), reporting an invalid pattern at its YAML location.
    pub(crate) fn validate(&self) -> Result<&R, SpecError> {
        if let Some(Some(re)) = self.compiled.get() {
            return Ok(re);
        }
        let re = (self.compile)(&self.source, &self.text)?;
        Ok(self
            .compiled
            .get_or_init(|| Some(re))
            .as_ref()
            .unwrap_or_else(|| unreachable!("a valid pattern compiles every time")))
    }

    /// The compiled regex. `None` only for a pattern that does not compile,
    /// which validation rules out: user packs are validated when they are
    /// loaded, the built-in packs by the test suite.
    pub(crate) fn get(&self) -> Option<&R> {
        self.compiled
            .get_or_init(|| (self.compile)(&self.source, &self.text).ok())
            .as_ref()
    }
}

impl<R> std::fmt::Debug for Pattern<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.text).finish()
    }
}

/// A pattern searched many times over short stretches (heading texts,
/// anchored searches a few characters long), in two forms compiled on
/// first use: a cheap one without the lazy DFA ([`build_short_regex`],
/// [`build_anchored_regex`]) for its first searches — all a report or two
/// need — and the full one, faster per search, once it has been searched
/// often enough to repay compiling it. Both find the same matches.
pub(crate) struct SearchedRegex {
    cheap: Pattern<regex_automata::meta::Regex>,
    full: Pattern<regex_automata::meta::Regex>,
    /// Searches so far.
    searches: AtomicUsize,
    /// The strings one of which every match contains, worked out on first
    /// use (`None`: not known); see [`SearchedRegex::may_match`].
    prefilter: OnceLock<Option<Prefilter>>,
}

/// [`literals::Prefilter`] as an automaton.
struct Prefilter {
    strings: AhoCorasick,
    /// Finding one of `strings` is finding a match.
    exact: bool,
}

/// Searches with the cheap form before the full one is compiled: about
/// what compiling the full form costs, in searches.
const CHEAP_SEARCHES: usize = 1024;

/// A text this short (in bytes) is scanned with the cheap form.
const SHORT_TEXT: usize = 1024;

/// A cheap search of this many bytes counts as one more search towards
/// [`CHEAP_SEARCHES`]: the bounded backtracker tries every position of its
/// text (a heading of 50 characters several times as long as one of 10).
const BYTES_PER_SEARCH: usize = 64;

impl SearchedRegex {
    /// `source` (as written), to be compiled as `text`, first by `cheap`.
    pub(crate) fn new(
        source: &Spanned<String>,
        text: String,
        cheap: fn(&Spanned<String>, &str) -> Result<regex_automata::meta::Regex, SpecError>,
    ) -> Self {
        SearchedRegex {
            cheap: Pattern::new(source, text.clone(), cheap),
            full: Pattern::new(source, text, build_search_regex),
            searches: AtomicUsize::new(0),
            prefilter: OnceLock::new(),
        }
    }

    /// Whether the pattern may match in `haystack`: false only when a short
    /// haystack holds none of the strings every match contains
    /// ([`literals::prefilter`]) — most headings and windows a figure
    /// or section rule searches, which are then searched (and the pattern
    /// compiled) not at all. A long text is left to the regex's own
    /// prefilter.
    pub(crate) fn may_match(&self, haystack: &str) -> bool {
        haystack.len() > SHORT_TEXT
            || self
                .prefilter()
                .is_none_or(|p| p.strings.is_match(haystack))
    }

    /// Whether the pattern matches in `haystack`. In a short text a list of
    /// words (`原因|根源`) is found by its prefilter alone, without
    /// compiling it (a long text is left to the regex, whose own prefilter
    /// is faster there).
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        match self.prefilter() {
            Some(p) if p.exact && haystack.len() <= SHORT_TEXT => p.strings.is_match(haystack),
            _ => {
                self.may_match(haystack)
                    && self
                        .for_scan(haystack.len())
                        .is_some_and(|re| re.is_match(haystack))
            }
        }
    }

    fn prefilter(&self) -> Option<&Prefilter> {
        self.prefilter
            .get_or_init(|| {
                let found = literals::prefilter(self.text())?;
                // The NFA: a DFA costs more to build than these short
                // searches take (its prefilter pays, even on a few
                // characters).
                let strings = AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .build(found.strings)
                    .ok()?;
                Some(Prefilter {
                    strings,
                    exact: found.exact,
                })
            })
            .as_ref()
    }

    /// What is compiled and matched.
    pub(crate) fn text(&self) -> &str {
        &self.full.text
    }

    /// Compile the cheap form now, reporting an invalid pattern (the full
    /// form is the same pattern with more engines).
    pub(crate) fn validate(&self) -> Result<&regex_automata::meta::Regex, SpecError> {
        self.cheap.validate()
    }

    /// The regex for about `n` more short searches (`None`: it does not
    /// compile, see [`Pattern::get`]).
    pub(crate) fn for_searches(&self, n: usize) -> Option<&regex_automata::meta::Regex> {
        if self.searches.fetch_add(n, Ordering::Relaxed) + n <= CHEAP_SEARCHES {
            self.cheap.get()
        } else {
            self.full.get()
        }
    }

    /// The regex for a scan of a text of `len` bytes: the full form, or the
    /// cheap one for a text as short as a rule's example, which it scans
    /// for less than compiling the full form would cost.
    pub(crate) fn for_scan(&self, len: usize) -> Option<&regex_automata::meta::Regex> {
        if len <= SHORT_TEXT {
            // A cheap search costs about as much as the bytes it reads.
            self.for_searches(1 + len / BYTES_PER_SEARCH)
        } else {
            self.full.get()
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
    fn regex(&self, haystack: &str) -> Option<&regex_automata::meta::Regex> {
        if !self.0.may_match(haystack) {
            return None;
        }
        self.0.for_scan(haystack.len())
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
    use super::*;
    use regex::{Regex, RegexBuilder};

    /// Compile `source`, the form of `pattern` (which locates errors) to match.
    fn build_regex(pattern: &Spanned<String>, source: &str) -> Result<Regex, SpecError> {
        RegexBuilder::new(source)
            .size_limit(1 << 22)
            .build()
            .map_err(|e| invalid(pattern, &e.to_string()))
    }

    fn spanned(s: &str) -> Spanned<String> {
        Spanned::new(s.to_owned(), Location::UNKNOWN, Location::UNKNOWN)
    }

    /// Both forms of a searched regex find the same matches, anchored or
    /// not, and the full form takes over after [`CHEAP_SEARCHES`].
    #[test]
    fn searched_regex_forms_agree() {
        use regex_automata::{Anchored, Input};
        let source = spanned(r"\p{Han}(?P<at>〔\d{4}〕)\d+号");
        let text = "鄂政发〔2024〕12号，鄂政发〔2024〕号，x〔2024〕3号".to_owned();
        for cheap in [build_short_regex, build_anchored_regex] {
            let re = SearchedRegex::new(&source, source.value.clone(), cheap);
            let cheap = re.for_searches(1).unwrap() as *const _;
            let full = re.for_scan(SHORT_TEXT + 1).unwrap();
            let matches = |re: &regex_automata::meta::Regex| {
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
            let by_cheap = matches(re.for_searches(1).unwrap());
            assert_eq!(by_cheap.1.len(), 1);
            assert_eq!(by_cheap, matches(full));
            assert!(std::ptr::eq(re.for_searches(CHEAP_SEARCHES).unwrap(), full));
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
        assert!(part.cheap.compiled.get().is_none());
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
        let by_crate = Regex::new(&source.value).unwrap();
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
        for build in [build_search_regex, build_short_regex, build_anchored_regex] {
            assert_eq!(build(&source, &source.value).unwrap_err().message, by_regex);
        }
    }
}
