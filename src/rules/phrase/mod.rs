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
//!     regex: []                  # and/or regexes (see below)
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

mod caches;
mod groups;
mod set;

pub(crate) use set::PhraseSet;

use super::compile::{
    CompileCx, SearchedRegex, SpecError, build_anchored_regex, build_short_regex,
};
use super::literals::Plan;
use super::pattern::{normalize_literal, normalize_regex};
use super::plans::plan;
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::normalize::Repertoire;
use crate::span::Span;
use groups::{Groups, expand};
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
    pub fn contains(self, year: i32) -> bool {
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

impl View {
    /// What a pattern written as `source` matches in this view's text:
    /// patterns on the normalized text are normalized like it (`法製` finds
    /// 法製 and 法制); those on the original text are taken as written.
    fn pattern(self, source: &Spanned<String>) -> String {
        match self {
            View::Normalized => normalize_regex(&source.value),
            View::Original => source.value.clone(),
        }
    }
}

/// One compiled phrase rule.
pub(crate) struct Phrase {
    literals: Vec<String>,
    /// Compiled on first use, in the form its search needs: most documents
    /// need few of a pack's regexes, and most of those only in short
    /// windows ([`PhraseSet`]).
    regexes: Vec<SearchedRegex>,
    /// How the phrase set searches each of `regexes`, worked out when the
    /// rule compiles (on all cores, with the other rules).
    plans: Vec<Plan>,
    replace: Option<String>,
    fix: bool,
    /// Searched in a few characters around a match.
    except: Vec<SearchedRegex>,
    years: Option<Years>,
    view: View,
    message: String,
}

impl Spec {
    /// Check the spec; with `cx.eager` also compile every pattern (user
    /// packs), otherwise patterns compile when a document first needs them.
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Phrase, SpecError> {
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
        let regexes: Vec<SearchedRegex> = self
            .regex
            .iter()
            .map(|r| SearchedRegex::new(r, self.view.pattern(r), build_anchored_regex))
            .collect();
        let phrase = Phrase {
            plans: regexes.iter().map(|r| plan(r.text())).collect(),
            literals: self
                .literal
                .iter()
                .map(|l| normalize_literal(&l.value))
                .collect(),
            regexes,
            replace: self.replace.clone(),
            fix: self.fix,
            except: self
                .except
                .iter()
                .map(|r| SearchedRegex::new(r, self.view.pattern(r), build_short_regex))
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
                        format!("正则“{}”能匹配空字符串", p.text()),
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
    /// Each regex's pattern (as searched) and how the phrase set searches
    /// it (for the cache of validated packs, [`crate::pack::cache`]).
    pub(crate) fn plans(&self) -> impl Iterator<Item = (&str, &Plan)> {
        self.regexes
            .iter()
            .map(SearchedRegex::text)
            .zip(&self.plans)
    }

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
        if self.except.iter().any(|p| protected_by(p, hay, span)) {
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
/// Whether a match of `except` around `span` covers it.
fn protected_by(except: &SearchedRegex, hay: &str, span: Span) -> bool {
    // Look at a window of a few characters around the match.
    let start = floor_boundary(hay, span.start.saturating_sub(24));
    let end = ceil_boundary(hay, (span.end + 24).min(hay.len()));
    let window = &hay[start..end];
    if !except.may_match(window) {
        return false;
    }
    except
        .for_searches(1, Repertoire::of(window))
        .is_some_and(|re| {
            re.find_iter(window)
                .any(|m| m.start() + start <= span.start && span.end <= m.end() + start)
        })
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
        for re in &self.regexes {
            if let Some(re) = re.for_scan(self.haystack(cx).len(), self.repertoire(cx)) {
                self.scan_regex(cx, re, |f| out.push(f));
            }
        }
    }

    fn needs_structure(&self) -> bool {
        // The report year comes from the structure.
        self.years.is_some()
    }
}
