//! `plan_year`: the plan section looks ahead to next year.
//!
//! ## What it checks
//! The section located by `section` (a `required_section` rule) plans the year
//! after the report year Y. Every year in its heading must be Y+1 (a heading
//! without a year — `下一步工作计划`, `下一年度工作安排` — is fine). When the
//! plan has no heading, the first sentence where it was found in the body is
//! checked the same way.
//!
//! ## Options
//! ```yaml
//! check:
//!   plan_year:
//!     section: fazhi/plan-section
//! ```
//! The rule's `message` may use `{year}` (the year found) and `{expected}`.

use super::report_year::{section_locator, years_in};
use super::required_section::{Location, Locator};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub section: Spanned<String>,
}

/// The compiled rule.
pub struct PlanYear {
    section: Arc<Locator>,
    message: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<PlanYear, SpecError> {
        Ok(PlanYear {
            section: section_locator(cx, &self.section)?,
            message: cx.message.to_owned(),
        })
    }
}

impl Check for PlanYear {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(year) = cx.year else { return };
        let expected = year + 1;
        let scope = match self.section.locate(cx) {
            Location::Heading(i) => cx.doc.headings[i].text,
            Location::Body(span) => cx
                .doc
                .sentences
                .iter()
                .copied()
                .find(|s| s.start <= span.start && span.end <= s.end)
                .unwrap_or(span),
            Location::Absent => return,
        };
        for (found, span) in years_in(cx.text, scope) {
            // A multi-year horizon (`2025—2027年`) starting at Y+1 is fine;
            // its start is checked, its end is not.
            if found == expected || is_range_end(cx.text, span) {
                continue;
            }
            let message = self
                .message
                .replace("{year}", &found.to_string())
                .replace("{expected}", &expected.to_string());
            out.push(
                Finding::at(
                    span,
                    format!("{message}：报告年度是{year}年，工作安排应针对{expected}年"),
                )
                .with_help(format!("改为“{expected}年”，或写“下一年度”")),
            );
        }
    }
}

/// Whether the year at `span` ends a range such as `2025—2027年`.
fn is_range_end(text: &str, span: Span) -> bool {
    text[..span.start]
        .trim_end_matches('年')
        .ends_with(['—', '-', '~', '至', '到'])
}
