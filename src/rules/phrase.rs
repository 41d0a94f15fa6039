//! `phrase`: forbidden wording and substitutions.
//!
//! ## What it checks
//! Every occurrence of one of `literal` (exact strings) or `regex` (patterns)
//! in the document. With `replace`, the finding suggests the replacement (for
//! regexes a template: `$1`, `${name}` insert captured text); with `fix: true`
//! the replacement is a safe automatic fix. `except` lists regexes whose
//! matches protect a phrase (e.g. 法制办 for a rule on 法制). `years`
//! restricts the rule to reports of some years (e.g. wording renamed in a given
//! year). Matching is on the normalized text unless `view: original` — for
//! rules about how something was typed (full-width versus half-width).
//!
//! ## Options
//! ```yaml
//! check:
//!   phrase:
//!     literal: [法制政府]
//!     replace: 法治政府
//!     fix: true
//!     except: ['法制政府网']      # optional
//!     years: { from: 2023 }       # optional: from / to, inclusive
//!     view: normalized           # normalized | original
//! ```
//! The rule's `message` may use `{match}` (the text found) and `{replace}`.
//!
//! A regex may name one group `at`: the finding (and its fix) then covers only
//! that group, and the rest of the match is context — the way to say "a
//! bracketed year *after a 发文机关代字*" without look-behind, which the
//! linear-time `regex` crate does not have. Templates may refer to groups by
//! number (`$1`, `${1}`) or by name (`${year}`).

use super::literals::{anchors, required_literals};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::pattern::{normalize_literal, normalize_regex};
use crate::pack::{CompileCx, SpecError, build_regex, build_search_regex};
use crate::span::Span;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use regex::Regex;
use regex_automata::util::captures::{Captures, GroupInfo};
use regex_automata::{Anchored, Input, PatternID, meta};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    #[default]
    Normalized,
    Original,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Years {
    pub from: Option<i32>,
    pub to: Option<i32>,
}

impl Years {
    pub(crate) fn contains(self, year: i32) -> bool {
        self.from.is_none_or(|f| year >= f) && self.to.is_none_or(|t| year <= t)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub literal: Vec<Spanned<String>>,
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default)]
    pub fix: bool,
    #[serde(default)]
    pub except: Vec<Spanned<String>>,
    #[serde(default)]
    pub years: Option<Years>,
    #[serde(default)]
    pub view: View,
}

/// A pattern of a pack, compiled on first use: most documents never need
/// most of a pack's patterns (see [`PhraseSet`]).
struct Pattern<R> {
    /// As written, for errors.
    source: Spanned<String>,
    /// What is compiled and matched: the source normalized like the text it
    /// runs on ([`crate::pack::pattern`]).
    text: String,
    compiled: OnceLock<Option<R>>,
    compile: fn(&Spanned<String>, &str) -> Result<R, SpecError>,
}

impl<R> Pattern<R> {
    fn new(
        source: &Spanned<String>,
        view: View,
        compile: fn(&Spanned<String>, &str) -> Result<R, SpecError>,
    ) -> Self {
        // Patterns on the normalized text are normalized like it (`法製`
        // finds 法製 and 法制); those on the original text are taken as written.
        let text = match view {
            View::Normalized => normalize_regex(&source.value),
            View::Original => source.value.clone(),
        };
        Pattern {
            source: source.clone(),
            text,
            compiled: OnceLock::new(),
            compile,
        }
    }

    /// Compile now, reporting an invalid pattern at its YAML location.
    fn validate(&self) -> Result<&R, SpecError> {
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
    fn get(&self) -> Option<&R> {
        self.compiled
            .get_or_init(|| (self.compile)(&self.source, &self.text).ok())
            .as_ref()
    }
}

/// One compiled phrase rule.
pub struct Phrase {
    literals: Vec<String>,
    regexes: Vec<Pattern<meta::Regex>>,
    replace: Option<String>,
    fix: bool,
    except: Vec<Pattern<Regex>>,
    years: Option<Years>,
    view: View,
    message: String,
}

impl Spec {
    /// Check the spec; with `cx.eager` also compile every pattern (user
    /// packs), otherwise patterns compile when a document first needs them.
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<Phrase, SpecError> {
        if self.literal.is_empty() && self.regex.is_empty() {
            return Err(SpecError::new(
                cx.at,
                "phrase 规则至少需要一个 literal 或 regex",
            ));
        }
        if let Some(empty) = self.literal.iter().find(|l| l.value.is_empty()) {
            return Err(SpecError::new(
                Some(empty.referenced),
                "literal 不能是空字符串",
            ));
        }
        if self.view == View::Original && !self.literal.is_empty() {
            return Err(SpecError::new(
                Some(self.literal[0].referenced),
                "view: original 只支持 regex",
            ));
        }
        if self.fix && self.replace.is_none() {
            return Err(SpecError::new(cx.at, "fix: true 需要同时给出 replace"));
        }
        let phrase = Phrase {
            literals: self
                .literal
                .iter()
                .map(|l| normalize_literal(&l.value))
                .collect(),
            regexes: self
                .regex
                .iter()
                .map(|r| Pattern::new(r, self.view, build_search_regex))
                .collect(),
            replace: self.replace.clone(),
            fix: self.fix,
            except: self
                .except
                .iter()
                .map(|r| Pattern::new(r, self.view, build_regex))
                .collect(),
            years: self.years,
            view: self.view,
            message: cx.message.to_owned(),
        };
        if cx.eager {
            for p in &phrase.regexes {
                p.validate()?;
            }
            for p in &phrase.regexes {
                if p.validate()?.is_match("") {
                    return Err(SpecError::new(
                        cx.at,
                        format!("正则“{}”能匹配空字符串", p.text),
                    ));
                }
            }
            for p in &phrase.except {
                p.validate()?;
            }
        }
        Ok(phrase)
    }
}

impl Phrase {
    fn applies(&self, cx: &Context<'_>) -> bool {
        match (self.years, cx.year) {
            (None, _) => true,
            (Some(range), Some(year)) => range.contains(year),
            (Some(_), None) => false,
        }
    }

    /// Build the finding for a match at `span` of `view`'s text, with the
    /// replacement expanded from `groups` (spans of the same text).
    fn finding(&self, cx: &Context<'_>, span: Span, groups: &Groups<'_>) -> Option<Finding> {
        let (hay, norm_span) = match self.view {
            View::Normalized => (cx.text, span),
            View::Original => (cx.original, cx.norm.from_original(span)),
        };
        if self
            .except
            .iter()
            .filter_map(Pattern::get)
            .any(|re| protected_by(re, hay, span))
        {
            return None;
        }
        // Shown and substituted text comes from the original, so that a fix
        // never rewrites a traditional character or a full-width form it did
        // not mean to touch.
        let orig_span = cx.norm.to_original(norm_span);
        let matched = orig_span.slice(cx.original);
        let replacement = self.replace.as_deref().map(|t| {
            expand(t, |g| {
                groups.get(g).map(|s| match self.view {
                    View::Normalized => cx.norm.to_original(s).slice(cx.original),
                    View::Original => s.slice(cx.original),
                })
            })
        });
        let message = self
            .message
            .replace("{match}", matched)
            .replace("{replace}", replacement.as_deref().unwrap_or(""));
        let mut f = Finding::at(norm_span, message);
        if let Some(r) = replacement {
            if r == matched {
                return None;
            }
            f = f.with_help(format!("改为“{r}”"));
            if self.fix {
                f = f.with_fix(norm_span, r);
            }
        }
        Some(f)
    }
}

/// The capture groups of one regex match (empty for literals).
#[derive(Default)]
struct Groups<'r> {
    spans: Vec<Option<Span>>,
    names: Option<&'r GroupInfo>,
}

impl<'r> Groups<'r> {
    fn of(re: &'r meta::Regex, caps: &Captures) -> Self {
        Groups {
            spans: (0..caps.group_len())
                .map(|i| caps.get_group(i).map(|g| Span::new(g.start, g.end)))
                .collect(),
            names: Some(re.group_info()),
        }
    }

    /// The span of a group named by number or by name.
    fn get(&self, group: GroupRef<'_>) -> Option<Span> {
        let index = match group {
            GroupRef::Index(i) => i,
            GroupRef::Name(name) => self.names?.to_index(PatternID::ZERO, name)?,
        };
        self.spans.get(index).copied().flatten()
    }

    /// The span to report: the `at` group when the regex has one and it
    /// matched, else the whole match.
    fn reported(&self) -> Option<Span> {
        self.get(GroupRef::Name("at"))
            .or_else(|| self.get(GroupRef::Index(0)))
    }
}

/// A group reference in a replacement template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupRef<'t> {
    Index(usize),
    Name(&'t str),
}

/// Whether an `except` match around `span` covers it.
fn protected_by(re: &Regex, hay: &str, span: Span) -> bool {
    // Look at a window of a few characters around the match.
    let start = floor_boundary(hay, span.start.saturating_sub(24));
    let end = ceil_boundary(hay, (span.end + 24).min(hay.len()));
    re.find_iter(&hay[start..end])
        .any(|m| m.start() + start <= span.start && span.end <= m.end() + start)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Expand a replacement template: `$1`, `${1}` and `${name}` insert a captured
/// group, `$$` is a literal dollar.
fn expand<'t>(template: &str, group: impl Fn(GroupRef<'_>) -> Option<&'t str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let (digits, tail) = if let Some(r) = rest.strip_prefix('{') {
            match r.find('}') {
                Some(j) => (&r[..j], &r[j + 1..]),
                None => ("", rest),
            }
        } else {
            let j = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (&rest[..j], &rest[j..])
        };
        let reference = match digits.parse::<usize>() {
            Ok(g) => Some(GroupRef::Index(g)),
            Err(_) if !digits.is_empty() && tail.len() < rest.len() => Some(GroupRef::Name(digits)),
            Err(_) => None,
        };
        match reference {
            Some(g) => {
                out.push_str(group(g).unwrap_or(""));
                rest = tail;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}

/// The enabled phrase rules of a run, searched together: one Aho-Corasick
/// pass over the normalized text finds every literal phrase and tells which
/// regexes can match at all (their [required literals](super::literals));
/// only those are compiled and run — a regex whose matches start near its
/// literals only in short windows before each occurrence.
pub struct PhraseSet {
    /// (engine rule index, rule)
    rules: Vec<(usize, Arc<Phrase>)>,
    automaton: Option<Literals>,
    /// Aho-Corasick pattern id → what a match of it means.
    owners: Vec<Owner>,
    /// Every regex, in the order they run.
    regexes: Vec<PlannedRegex>,
}

/// A regex of the set and how it is searched.
struct PlannedRegex {
    /// Position of its rule in [`PhraseSet::rules`].
    slot: usize,
    /// Index among the rule's regexes.
    index: usize,
    /// No required literals: run on every document.
    always: bool,
    /// Every match starts at most this many bytes before an occurrence of
    /// one of its literals (see [`super::literals::anchors`]).
    reach: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    /// A literal phrase of the rule at this position in `rules`.
    Literal(usize),
    /// A literal of this regex (position in `regexes`).
    Regex(usize),
}

/// Every literal of a phrase set in one Aho-Corasick automaton: a
/// contiguous NFA at first (quick to build: a pre-commit hook checks one
/// file), a DFA once enough text has been searched to repay building it
/// (one table lookup a byte). Both find the same matches in the same order.
struct Literals {
    patterns: Vec<String>,
    nfa: AhoCorasick,
    dfa: OnceLock<Option<AhoCorasick>>,
    /// Bytes searched so far.
    searched: AtomicUsize,
}

/// Bytes searched with the NFA before the DFA is built.
const DFA_AFTER: usize = 1 << 20;

impl Literals {
    fn new(patterns: Vec<String>) -> Self {
        // No prefilter: a rare-byte prefilter fires on most lead bytes of
        // Chinese text.
        let nfa = Self::builder(AhoCorasickKind::ContiguousNFA)
            .build(&patterns)
            .or_else(|_| AhoCorasick::new(&patterns))
            .expect("an automaton of non-empty literals within the pattern limit");
        Literals {
            patterns,
            nfa,
            dfa: OnceLock::new(),
            searched: AtomicUsize::new(0),
        }
    }

    fn builder(kind: AhoCorasickKind) -> AhoCorasickBuilder {
        let mut b = AhoCorasick::builder();
        b.kind(Some(kind)).prefilter(false);
        b
    }

    /// The automaton to search `len` more bytes with.
    fn automaton(&self, len: usize) -> &AhoCorasick {
        if self.searched.fetch_add(len, Ordering::Relaxed) + len >= DFA_AFTER {
            let dfa = self.dfa.get_or_init(|| {
                Self::builder(AhoCorasickKind::DFA)
                    .build(&self.patterns)
                    .ok()
            });
            if let Some(dfa) = dfa {
                return dfa;
            }
        }
        &self.nfa
    }
}

/// An anchored search costs about as much as scanning this many bytes.
const ANCHORED_SEARCH_COST: usize = 48;

impl PhraseSet {
    pub fn new(rules: Vec<(usize, Arc<Phrase>)>) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        for (slot, (_, rule)) in rules.iter().enumerate() {
            for lit in &rule.literals {
                patterns.push(lit.clone());
                owners.push(Owner::Literal(slot));
            }
        }
        let mut regexes = Vec::new();
        for view in [View::Normalized, View::Original] {
            for (slot, (_, rule)) in rules.iter().enumerate() {
                if rule.view != view {
                    continue;
                }
                for (index, re) in rule.regexes.iter().enumerate() {
                    let k = regexes.len();
                    let source = &re.text;
                    let (literals, reach) = match anchors(source) {
                        Some(a) => (Some(a.literals), Some(a.reach)),
                        None => (required_literals(source), None),
                    };
                    regexes.push(PlannedRegex {
                        slot,
                        index,
                        always: literals.is_none(),
                        reach,
                    });
                    for lit in literals.into_iter().flatten() {
                        patterns.push(lit);
                        owners.push(Owner::Regex(k));
                    }
                }
            }
        }
        let automaton = (!patterns.is_empty()).then(|| Literals::new(patterns));
        PhraseSet {
            rules,
            automaton,
            owners,
            regexes,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Whether a rule of the set reads the document structure.
    pub fn needs_structure(&self) -> bool {
        self.rules.iter().any(|(_, r)| r.needs_structure())
    }

    /// Find every phrase of every rule; `emit(engine rule index, finding)`.
    pub fn scan(&self, cx: &Context<'_>, mut emit: impl FnMut(usize, Finding)) {
        let applies: Vec<bool> = self.rules.iter().map(|(_, r)| r.applies(cx)).collect();
        // Per regex: whether it may match, and where its literals start
        // (normalized offsets; kept for anchored regexes only).
        let mut run: Vec<bool> = self.regexes.iter().map(|r| r.always).collect();
        let mut found_at: Vec<Vec<usize>> = vec![Vec::new(); self.regexes.len()];
        if let Some(literals) = &self.automaton {
            for m in literals
                .automaton(cx.text.len())
                .find_overlapping_iter(cx.text)
            {
                match self.owners[m.pattern().as_usize()] {
                    Owner::Literal(slot) if applies[slot] => {
                        let (index, rule) = &self.rules[slot];
                        let span = Span::new(m.start(), m.end());
                        if let Some(f) = rule.finding(cx, span, &Groups::default()) {
                            emit(*index, f);
                        }
                    }
                    Owner::Literal(_) => {}
                    Owner::Regex(k) => {
                        run[k] = true;
                        if self.regexes[k].reach.is_some() {
                            found_at[k].push(m.start());
                        }
                    }
                }
            }
        }
        for (k, planned) in self.regexes.iter().enumerate() {
            if !run[k] || !applies[planned.slot] {
                continue;
            }
            let (index, rule) = &self.rules[planned.slot];
            let mut emit = |f| emit(*index, f);
            let hay_len = match rule.view {
                View::Normalized => cx.text.len(),
                View::Original => cx.original.len(),
            };
            match planned.reach {
                // Anchored searches, when there are few enough of them to
                // cost less than a scan of the whole text.
                Some(reach)
                    if found_at[k].len() * (reach / 2 + 1) * ANCHORED_SEARCH_COST < hay_len =>
                {
                    let mut starts = std::mem::take(&mut found_at[k]);
                    if rule.view == View::Original {
                        for s in &mut starts {
                            *s = cx.norm.offset_to_original(*s);
                        }
                    }
                    rule.scan_near(cx, planned.index, starts, reach, &mut emit);
                }
                _ => rule.scan_regex(cx, planned.index, &mut emit),
            }
        }
    }
}

impl Phrase {
    /// The text a regex of this rule runs on.
    fn haystack<'t>(&self, cx: &Context<'t>) -> &'t str {
        match self.view {
            View::Normalized => cx.text,
            View::Original => cx.original,
        }
    }

    /// Every finding of regex `i` of this rule, from a scan of the whole text.
    fn scan_regex(&self, cx: &Context<'_>, i: usize, mut emit: impl FnMut(Finding)) {
        let Some(re) = self.regexes[i].get() else {
            return;
        };
        for caps in re.captures_iter(self.haystack(cx)) {
            self.emit_match(cx, re, &caps, &mut emit);
        }
    }

    /// Every finding of regex `i`, whose matches all start at most `reach`
    /// bytes before one of `starts` (where its literals occur): anchored
    /// searches at each position of those windows, left to right, resuming
    /// after each match — the matches a scan of the whole text finds (the
    /// leftmost match from a position is the anchored match at the first
    /// position that has one), without the scan.
    fn scan_near(
        &self,
        cx: &Context<'_>,
        i: usize,
        mut starts: Vec<usize>,
        reach: usize,
        mut emit: impl FnMut(Finding),
    ) {
        let Some(re) = self.regexes[i].get() else {
            return;
        };
        let hay = self.haystack(cx);
        starts.sort_unstable();
        starts.dedup();
        let mut caps = re.create_captures();
        // Every position before `next` has been searched or lies in a match.
        let mut next = 0;
        for literal_at in starts {
            let mut at = ceil_boundary(hay, literal_at.saturating_sub(reach).max(next));
            while at <= literal_at {
                let input = Input::new(hay).span(at..hay.len()).anchored(Anchored::Yes);
                re.search_captures(&input, &mut caps);
                match caps.get_match() {
                    // Matches are never empty (see `anchors`).
                    Some(m) if m.end() > at => {
                        self.emit_match(cx, re, &caps, &mut emit);
                        at = m.end();
                    }
                    _ => at = ceil_boundary(hay, (at + 1).min(hay.len())),
                }
            }
            next = next.max(at);
        }
    }

    fn emit_match(
        &self,
        cx: &Context<'_>,
        re: &meta::Regex,
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

/// A lone phrase rule checks like any other rule (used for rule examples).
impl Check for Phrase {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        if !self.applies(cx) {
            return;
        }
        for lit in &self.literals {
            for (start, _) in cx.text.match_indices(lit.as_str()) {
                if let Some(f) =
                    self.finding(cx, Span::new(start, start + lit.len()), &Groups::default())
                {
                    out.push(f);
                }
            }
        }
        for i in 0..self.regexes.len() {
            self.scan_regex(cx, i, |f| out.push(f));
        }
    }

    fn needs_structure(&self) -> bool {
        // The report year comes from the structure.
        self.years.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::{GroupRef, expand};

    #[test]
    fn templates() {
        let g = |r: GroupRef<'_>| match r {
            GroupRef::Index(i) => ["[2025]", "鄂营商发", "2025"].get(i).copied(),
            GroupRef::Name("year") => Some("2025"),
            GroupRef::Name(_) => None,
        };
        assert_eq!(expand("$1〔$2〕", g), "鄂营商发〔2025〕");
        assert_eq!(expand("${1}x$$", g), "鄂营商发x$");
        assert_eq!(expand("〔${year}〕", g), "〔2025〕");
        assert_eq!(expand("${nope}!", g), "!");
        assert_eq!(expand("${unclosed", g), "${unclosed");
        assert_eq!(expand("法治政府", g), "法治政府");
    }
}
