//! `section_mentions`: a section says something it should.
//!
//! ## What it checks
//! The section located by `section` (a `required_section` rule) must match
//! one of `pattern` somewhere in its body — for example, the shortcomings
//! section should also give the *causes* (原因). When the section has a
//! heading, its text after the heading up to the next heading of the same
//! level is searched (a heading `二、存在的不足和原因` names causes without
//! giving any); when it was found only in the body, the paragraph where it
//! was found. An absent section is its own rule's business.
//!
//! ## Options
//! ```yaml
//! check:
//!   section_mentions:
//!     section: fazhi/shortcomings-section
//!     pattern: ['原因', '根源', '主要是由于']
//! ```

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regexes};
use super::required_section::{Location, Locator};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub section: Spanned<String>,
    pub pattern: Vec<Spanned<String>>,
}

/// The compiled rule.
pub(crate) struct SectionMentions {
    section: Arc<Locator>,
    pattern: Vec<LazyRegex>,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<SectionMentions, SpecError> {
        if self.pattern.is_empty() {
            return Err(SpecError::new(cx.at, "pattern 至少列出一个正则"));
        }
        Ok(SectionMentions {
            section: cx.section(&self.section)?,
            pattern: compile_regexes(&self.pattern, cx)?,
        })
    }
}

impl Check for SectionMentions {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let (at, scope) = match self.section.locate(cx) {
            Location::Heading(i) => {
                let heading = &cx.doc.headings[i];
                let end = cx
                    .doc
                    .sections_flat()
                    .find(|(_, s)| s.heading == i)
                    .map_or(heading.span.end, |(_, s)| s.span.end);
                // The body, not the heading: `二、存在的不足和原因` names causes
                // without analysing any.
                (
                    heading.span,
                    Span::new(heading.span.end, end.max(heading.span.end)),
                )
            }
            Location::Body(span) => {
                let paragraph = cx
                    .doc
                    .paragraphs()
                    .find(|p| p.start <= span.start && span.end <= p.end)
                    .unwrap_or(span);
                (span, paragraph)
            }
            Location::Absent => return,
        };
        let hay = scope.slice(cx.text);
        if !self.pattern.iter().any(|re| re.is_match(hay)) {
            out.push(Finding::at(at, String::new()));
        }
    }
}
