//! Compiling rule specs: the context a kind compiles in, the errors it
//! reports, and the patterns of packs as regexes.
//!
//! [`crate::pack`] parses YAML into specs; this module and the kinds turn
//! specs into checks. Nothing here reads YAML files: errors carry a YAML
//! location, and the loader attaches the file.

use super::pattern;
use super::required_section::Locator;
use super::sections::{Sections, resolve};
use regex::{Regex, RegexBuilder};
use serde_saphyr::{Location, Spanned};
use std::sync::Arc;

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

/// Compile a pattern from a pack, matched against the normalized text:
/// its literal characters are normalized like the text ([`pattern`]), and it
/// runs in linear time (`regex`), so a hostile pattern in a third-party pack
/// cannot make a run hang.
pub(crate) fn compile_regex(pattern: &Spanned<String>) -> Result<Regex, SpecError> {
    build_regex(pattern, &pattern::normalize_regex(&pattern.value))
}

pub(crate) fn compile_regexes(patterns: &[Spanned<String>]) -> Result<Vec<Regex>, SpecError> {
    patterns.iter().map(compile_regex).collect()
}

/// Compile `source`, the form of `pattern` (which locates errors) to match.
pub(crate) fn build_regex(pattern: &Spanned<String>, source: &str) -> Result<Regex, SpecError> {
    RegexBuilder::new(source)
        .size_limit(1 << 22)
        .build()
        .map_err(|e| invalid(pattern, &e.to_string()))
}

/// [`build_regex`] for rules that search with the lower-level
/// `regex-automata` API (anchored searches at chosen positions): the same
/// syntax, size limit, match semantics and error messages.
pub(crate) fn build_search_regex(
    pattern: &Spanned<String>,
    source: &str,
) -> Result<regex_automata::meta::Regex, SpecError> {
    use regex_automata::{MatchKind, meta, util::syntax};
    let config = meta::Config::new()
        .nfa_size_limit(Some(1 << 22))
        .hybrid_cache_capacity(2 * (1 << 20))
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
