//! Rule kinds.
//!
//! Each kind lives in its own module: a `Spec` (what a pack writes under
//! `check: { <kind>: … }`, deserialized strictly) and a compiled type that
//! implements [`Check`]. Packs are data: adding a rule of an existing kind
//! never needs Rust changes.
//!
//! Beside the kinds: [`compile`] (the context a spec compiles in, its
//! errors, pack patterns as regexes), [`sections`] (rules that refer to the
//! parts other rules locate) and [`info`] (what a rule is, for listings).

pub(crate) mod balanced_pairs;
pub(crate) mod breakdown;
pub(crate) mod compile;
mod figures;
pub(crate) mod growth;
pub(crate) mod heading_numbering;
pub(crate) mod info;
pub(crate) mod literals;
mod overlapping;
pub(crate) mod part_within_total;
pub(crate) mod pattern;
pub(crate) mod phrase;
pub(crate) mod plan_year;
pub(crate) mod plans;
pub(crate) mod publication_deadline;
pub(crate) mod punctuation_width;
pub(crate) mod rate;
pub(crate) mod repeated_clause;
pub(crate) mod repeated_word;
pub(crate) mod report_year;
pub(crate) mod required_section;
pub(crate) mod restated_figure;
pub(crate) mod section_mentions;
pub(crate) mod section_order;
pub(crate) mod sections;
pub(crate) mod share;
pub(crate) mod title;

use crate::diagnostic::Finding;
use crate::normalize::Normalized;
use crate::quantity::Quantity;
use crate::span::Span;
use crate::structure::Document;
use compile::{CompileCx, SpecError};
use sections::Sections;
use serde::Deserialize;
use std::sync::OnceLock;

/// Everything a rule may look at while checking one document.
pub struct Context<'a> {
    /// The original text (for rules about how something was typed, e.g.
    /// full-width punctuation). Spans into it must be converted with
    /// [`Normalized::from_original`] before being reported. Empty for the
    /// rules that read quantities ([`Check::reads_quantities`]) when the
    /// engine gave up its copy of a large text: they read the original of
    /// a span with [`Normalized::written`].
    pub original: &'a str,
    /// The normalized text; all reported spans are byte ranges of this text.
    pub text: &'a str,
    pub norm: &'a Normalized<'a>,
    pub doc: &'a Document,
    /// The report year (title, opening, metadata, or `--year`).
    pub year: Option<i32>,
    pub options: &'a CheckOptions,
    /// The document's quantities, extracted on first use and shared by every
    /// numeric rule (see [`Context::quantities`]).
    pub quantities: OnceLock<Vec<Quantity>>,
    /// Where the parts of the report are, each located once.
    pub(crate) located_parts: required_section::LocatedParts,
}

impl Context<'_> {
    /// Every quantity in the normalized text, extracted once per document.
    pub(crate) fn quantities(&self) -> &[Quantity] {
        self.quantities
            .get_or_init(|| crate::quantity::extract(self.text))
    }
}

/// Run `f` with the context of `text` as the engine would give it (no
/// report year, default options); `structure` is whether the document's
/// structure is read or left empty.
#[cfg(test)]
pub(crate) fn with_context<R>(text: &str, structure: bool, f: impl FnOnce(&Context<'_>) -> R) -> R {
    let norm = Normalized::new(text);
    let doc = if structure {
        Document::parse(norm.text())
    } else {
        Document::default()
    };
    let options = CheckOptions::default();
    f(&Context {
        original: text,
        text: norm.text(),
        norm: &norm,
        doc: &doc,
        year: None,
        options: &options,
        quantities: OnceLock::new(),
        located_parts: Default::default(),
    })
}

/// Settings that come from the command line rather than from packs.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// `--year`: the report year when the document does not state it.
    pub year: Option<i32>,
    /// `--published`: the publication date, overriding the document's.
    pub published: Option<(i32, u32, u32)>,
}

/// A compiled rule of one kind.
pub(crate) trait Check: Send + Sync {
    /// Report every violation in the document.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>);

    /// Whether the rule reads the document structure ([`Context::doc`],
    /// [`Context::year`]). When no rule of a run does, the engine does not
    /// build it.
    fn needs_structure(&self) -> bool {
        true
    }

    /// Whether the rule reads the document's quantities
    /// ([`Context::quantities`]). Such rules run after the others, once the
    /// engine may have given up its copy of the original text (see
    /// [`Context::original`]), so that a large document's quantities and
    /// its two texts are never all in memory at once.
    fn reads_quantities(&self) -> bool {
        false
    }
}

/// The kind of a rule and its settings, as written in a pack:
/// `check: { required_section: { … } }`.
///
/// The kinds whose settings are large are boxed, so that a spec is the size
/// of a phrase rule's (most rules of a large user pack are phrase rules).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CheckSpec {
    RequiredSection(Box<required_section::Spec>),
    SectionOrder(section_order::Spec),
    HeadingNumbering(heading_numbering::Spec),
    Phrase(phrase::Spec),
    PunctuationWidth(punctuation_width::Spec),
    BalancedPairs(balanced_pairs::Spec),
    RepeatedWord(repeated_word::Spec),
    RepeatedClause(repeated_clause::Spec),
    Rate(Box<rate::Spec>),
    Breakdown(Box<breakdown::Spec>),
    PartWithinTotal(Box<part_within_total::Spec>),
    RestatedFigure(restated_figure::Spec),
    Growth(Box<growth::Spec>),
    Share(share::Spec),
    ReportYear(report_year::Spec),
    PlanYear(plan_year::Spec),
    PublicationDeadline(publication_deadline::Spec),
    Title(title::Spec),
    SectionMentions(section_mentions::Spec),
}

impl CheckSpec {
    /// The kind's name as written in YAML.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            CheckSpec::RequiredSection(_) => "required_section",
            CheckSpec::SectionOrder(_) => "section_order",
            CheckSpec::HeadingNumbering(_) => "heading_numbering",
            CheckSpec::Phrase(_) => "phrase",
            CheckSpec::PunctuationWidth(_) => "punctuation_width",
            CheckSpec::BalancedPairs(_) => "balanced_pairs",
            CheckSpec::RepeatedWord(_) => "repeated_word",
            CheckSpec::RepeatedClause(_) => "repeated_clause",
            CheckSpec::Rate(_) => "rate",
            CheckSpec::Breakdown(_) => "breakdown",
            CheckSpec::PartWithinTotal(_) => "part_within_total",
            CheckSpec::RestatedFigure(_) => "restated_figure",
            CheckSpec::Growth(_) => "growth",
            CheckSpec::Share(_) => "share",
            CheckSpec::ReportYear(_) => "report_year",
            CheckSpec::PlanYear(_) => "plan_year",
            CheckSpec::PublicationDeadline(_) => "publication_deadline",
            CheckSpec::Title(_) => "title",
            CheckSpec::SectionMentions(_) => "section_mentions",
        }
    }

    /// Validate and compile (regexes, tables) once per run.
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Compiled, SpecError> {
        Ok(match self {
            CheckSpec::RequiredSection(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::SectionOrder(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::HeadingNumbering(s) => Compiled::Check(Box::new(s.compile())),
            CheckSpec::Phrase(s) => Compiled::Phrase(s.compile(cx)?),
            CheckSpec::PunctuationWidth(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::BalancedPairs(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::RepeatedWord(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::RepeatedClause(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::Rate(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::Breakdown(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::PartWithinTotal(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::RestatedFigure(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::Growth(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::Share(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::ReportYear(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::PlanYear(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::PublicationDeadline(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::Title(s) => Compiled::Check(Box::new(s.compile(cx)?)),
            CheckSpec::SectionMentions(s) => Compiled::Check(Box::new(s.compile(cx)?)),
        })
    }
}

/// A compiled rule: most kinds check a document on their own; phrase rules are
/// pooled by the engine into one [`phrase::PhraseSet`] so that all literal
/// phrases, and the literals every match of a regex needs, are found in one
/// Aho-Corasick pass.
pub(crate) enum Compiled {
    Check(Box<dyn Check>),
    Phrase(phrase::Phrase),
}

/// The number spans of the figures a numeric rule checked and found
/// consistent (rates that fit a base, breakdowns that add up): what the
/// mutation tests perturb. Empty for other kinds and for a spec that does not
/// compile.
pub fn verified(spec: &CheckSpec, cx: &Context<'_>) -> Vec<Span> {
    let compile_cx = CompileCx {
        id: "",
        message: "",
        at: None,
        sections: Sections::new(&()),
        eager: false,
    };
    let mut out = Vec::new();
    match spec {
        CheckSpec::Rate(s) => {
            if let Ok(rule) = s.compile(&compile_cx) {
                rule.verified(cx, &mut out);
            }
        }
        CheckSpec::Breakdown(s) => {
            if let Ok(rule) = s.compile(&compile_cx) {
                rule.verified(cx, &mut out);
            }
        }
        _ => {}
    }
    out
}
