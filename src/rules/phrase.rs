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

use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::pattern::normalize_literal;
use crate::pack::{CompileCx, SpecError, compile_original_regex, compile_regex};
use crate::span::Span;
use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};
use serde::Deserialize;
use serde_saphyr::Spanned;

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

/// One compiled phrase rule.
#[derive(Debug)]
pub struct Phrase {
    literals: Vec<String>,
    regexes: Vec<Regex>,
    replace: Option<String>,
    fix: bool,
    except: Vec<Regex>,
    years: Option<Years>,
    view: View,
    message: String,
}

impl Spec {
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
        // Patterns on the normalized text are normalized like it (`法製` finds
        // 法製 and 法制); those on the original text are taken as written.
        let compile = match self.view {
            View::Normalized => compile_regex,
            View::Original => compile_original_regex,
        };
        let regexes = self
            .regex
            .iter()
            .map(compile)
            .collect::<Result<Vec<_>, _>>()?;
        for re in &regexes {
            if re.is_match("") {
                return Err(SpecError::new(
                    cx.at,
                    format!("正则“{}”能匹配空字符串", re.as_str()),
                ));
            }
        }
        Ok(Phrase {
            literals: self
                .literal
                .iter()
                .map(|l| normalize_literal(&l.value))
                .collect(),
            regexes,
            replace: self.replace.clone(),
            fix: self.fix,
            except: self.except.iter().map(compile).collect::<Result<_, _>>()?,
            years: self.years,
            view: self.view,
            message: cx.message.to_owned(),
        })
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
        if self.except.iter().any(|re| protected_by(re, hay, span)) {
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
    names: Option<regex::CaptureNames<'r>>,
}

impl<'r> Groups<'r> {
    fn of(re: &'r Regex, caps: &regex::Captures<'_>) -> Self {
        Groups {
            spans: caps
                .iter()
                .map(|g| g.map(|g| Span::new(g.start(), g.end())))
                .collect(),
            names: Some(re.capture_names()),
        }
    }

    /// The span of a group named by number or by name.
    fn get(&self, group: GroupRef<'_>) -> Option<Span> {
        let index = match group {
            GroupRef::Index(i) => i,
            GroupRef::Name(name) => self.names.clone()?.position(|n| n == Some(name))?,
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

/// All phrase rules of a run, searched together.
pub struct PhraseSet {
    /// (engine rule index, rule)
    rules: Vec<(usize, Phrase)>,
    literals: Option<AhoCorasick>,
    /// Aho-Corasick pattern id → position in `rules`.
    literal_owner: Vec<usize>,
    normalized: Pooled,
    original: Pooled,
}

/// Regexes of one view pooled into a `RegexSet`.
struct Pooled {
    set: RegexSet,
    /// Set index → (position in `rules`, regex index in that rule).
    owner: Vec<(usize, usize)>,
}

impl Pooled {
    fn new(rules: &[(usize, Phrase)], view: View) -> Self {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (slot, (_, rule)) in rules
            .iter()
            .enumerate()
            .filter(|(_, (_, r))| r.view == view)
        {
            for (i, re) in rule.regexes.iter().enumerate() {
                patterns.push(re.as_str().to_owned());
                owner.push((slot, i));
            }
        }
        // Every pattern compiled on its own already, so the set compiles too
        // unless it exceeds the size limit; fall back to an empty set plus
        // per-regex search in that case.
        let set = RegexSet::new(&patterns).unwrap_or_else(|_| RegexSet::empty());
        if set.len() != patterns.len() {
            owner.clear();
            for (slot, (_, rule)) in rules
                .iter()
                .enumerate()
                .filter(|(_, (_, r))| r.view == view)
            {
                for i in 0..rule.regexes.len() {
                    owner.push((slot, i));
                }
            }
        }
        Pooled { set, owner }
    }

    /// Indices (slot, regex) whose regex may match `hay`.
    fn candidates(&self, hay: &str) -> Vec<(usize, usize)> {
        if self.set.is_empty() {
            return self.owner.clone();
        }
        self.set
            .matches(hay)
            .iter()
            .map(|i| self.owner[i])
            .collect()
    }
}

impl PhraseSet {
    pub fn new(rules: Vec<(usize, Phrase)>) -> Self {
        let mut patterns = Vec::new();
        let mut literal_owner = Vec::new();
        for (slot, (_, rule)) in rules.iter().enumerate() {
            for lit in &rule.literals {
                patterns.push(lit.as_str());
                literal_owner.push(slot);
            }
        }
        let literals = (!patterns.is_empty())
            .then(|| AhoCorasick::new(&patterns).expect("literal patterns are non-empty strings"));
        let normalized = Pooled::new(&rules, View::Normalized);
        let original = Pooled::new(&rules, View::Original);
        PhraseSet {
            rules,
            literals,
            literal_owner,
            normalized,
            original,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Find every phrase of every rule; `emit(engine rule index, finding)`.
    pub fn scan(&self, cx: &Context<'_>, mut emit: impl FnMut(usize, Finding)) {
        let applies: Vec<bool> = self.rules.iter().map(|(_, r)| r.applies(cx)).collect();
        if let Some(ac) = &self.literals {
            for m in ac.find_overlapping_iter(cx.text) {
                let slot = self.literal_owner[m.pattern().as_usize()];
                if !applies[slot] {
                    continue;
                }
                let (index, rule) = &self.rules[slot];
                if let Some(f) = rule.finding(cx, Span::new(m.start(), m.end()), &Groups::default())
                {
                    emit(*index, f);
                }
            }
        }
        for (pool, hay) in [(&self.normalized, cx.text), (&self.original, cx.original)] {
            for (slot, i) in pool.candidates(hay) {
                if !applies[slot] {
                    continue;
                }
                let (index, rule) = &self.rules[slot];
                let re = &rule.regexes[i];
                for caps in re.captures_iter(hay) {
                    let groups = Groups::of(re, &caps);
                    if let Some(f) = groups
                        .reported()
                        .and_then(|at| rule.finding(cx, at, &groups))
                    {
                        emit(*index, f);
                    }
                }
            }
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
        let hay = match self.view {
            View::Normalized => cx.text,
            View::Original => cx.original,
        };
        for re in &self.regexes {
            for caps in re.captures_iter(hay) {
                let groups = Groups::of(re, &caps);
                if let Some(f) = groups
                    .reported()
                    .and_then(|at| self.finding(cx, at, &groups))
                {
                    out.push(f);
                }
            }
        }
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
