//! `required_section`: a part the report must contain.
//!
//! ## What it checks
//! That the document has a part recognised by `heading` patterns. Three
//! outcomes are told apart:
//! - **present as a heading** — a heading (of one of `levels`, if given)
//!   matches one of `heading`: fine;
//! - **present only in the body** — no heading matches, but one of `body`
//!   matches the text: reported at that place with `body_severity`
//!   (default `warning`), because a reader scanning the headings misses it;
//! - **absent** — reported for the whole document with the rule's severity.
//!
//! ## Options
//! ```yaml
//! check:
//!   required_section:
//!     name: 存在的不足和原因          # used in messages
//!     heading: ['不足', '问题']       # regexes on heading text (normalized)
//!     levels: [1, 2]                # optional: heading levels that count
//!     body: ['存在.{0,8}(不足|问题)'] # optional: regexes on the body text
//!     body_severity: warning        # optional
//!     body_message: "…"             # optional
//!     optional: false               # optional: absent is fine (still checks body-only)
//! ```

use super::{Check, Context};
use crate::diagnostic::{Finding, Severity};
use crate::pack::{CompileCx, SpecError, compile_regexes};
use crate::span::Span;
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub name: String,
    pub heading: Vec<Spanned<String>>,
    #[serde(default)]
    pub levels: Vec<u8>,
    #[serde(default)]
    pub body: Vec<Spanned<String>>,
    #[serde(default)]
    pub body_severity: Option<Severity>,
    #[serde(default)]
    pub body_message: Option<String>,
    #[serde(default)]
    pub optional: bool,
}

/// Finds where a section is in a document; shared with `section_order`.
#[derive(Debug)]
pub struct Locator {
    pub name: String,
    heading: Vec<Regex>,
    levels: Vec<u8>,
    body: Vec<Regex>,
}

/// Where a section was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Index of the first matching heading.
    Heading(usize),
    /// The first body match.
    Body(Span),
    Absent,
}

impl Location {
    /// Byte position used to compare the order of sections.
    pub fn position(self, cx: &Context<'_>) -> Option<usize> {
        match self {
            Location::Heading(i) => Some(cx.doc.headings[i].span.start),
            Location::Body(span) => Some(span.start),
            Location::Absent => None,
        }
    }

    pub fn span(self, cx: &Context<'_>) -> Option<Span> {
        match self {
            Location::Heading(i) => Some(cx.doc.headings[i].span),
            Location::Body(span) => Some(span),
            Location::Absent => None,
        }
    }
}

impl Locator {
    pub fn locate(&self, cx: &Context<'_>) -> Location {
        let heading = cx.doc.headings.iter().position(|h| {
            (self.levels.is_empty() || self.levels.contains(&h.level))
                && self
                    .heading
                    .iter()
                    .any(|re| re.is_match(h.text.slice(cx.text)))
        });
        if let Some(i) = heading {
            return Location::Heading(i);
        }
        let body = cx.doc.body;
        let hay = body.slice(cx.text);
        self.body
            .iter()
            .filter_map(|re| re.find(hay))
            .min_by_key(|m| m.start())
            .map_or(Location::Absent, |m| {
                Location::Body(Span::new(m.start(), m.end()).shift(body.start))
            })
    }
}

pub struct RequiredSection {
    pub locator: Arc<Locator>,
    body_severity: Severity,
    body_message: Option<String>,
    optional: bool,
}

impl Spec {
    /// The rule, sharing its locator with the rules that refer to it.
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<RequiredSection, SpecError> {
        let locator = match cx.section(cx.id) {
            Some(shared) => shared,
            None => Arc::new(self.locator()?),
        };
        Ok(RequiredSection {
            locator,
            body_severity: self.body_severity.unwrap_or(Severity::Warning),
            body_message: self.body_message.clone(),
            optional: self.optional,
        })
    }

    pub fn locator(&self) -> Result<Locator, SpecError> {
        Ok(Locator {
            name: self.name.clone(),
            heading: compile_regexes(&self.heading)?,
            levels: self.levels.clone(),
            body: compile_regexes(&self.body)?,
        })
    }
}

impl Check for RequiredSection {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        match self.locator.locate(cx) {
            Location::Heading(_) => {}
            Location::Body(span) => {
                let name = &self.locator.name;
                let message = self
                    .body_message
                    .clone()
                    .unwrap_or_else(|| format!("“{name}”只在正文中提到，没有单独的标题"));
                out.push(
                    Finding::at(span, message)
                        .with_severity(self.body_severity)
                        .with_help(format!(
                            "为“{name}”设一个标题（如“一、”或“（一）”级），便于读者查找"
                        )),
                );
            }
            Location::Absent if !self.optional => {
                // The rule's message describes the absence.
                out.push(Finding::document(String::new()));
            }
            Location::Absent => {}
        }
    }
}
