//! `plan_year`: the plan section looks ahead to next year.
//!
//! ## What it checks
//! The section located by `section` (a `required_section` rule) plans the year
//! after the report year Y. Every year in its heading must be Y+1 (a heading
//! without a year — `下一步工作计划`, `下一年度工作安排` — is fine); a
//! multi-year horizon (`2025—2027年`) must start at Y+1, and years inside a
//! document title (`《纲要（2021年—2025年）》`) are not the plan's. When the
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

use super::compile::{CompileCx, SpecError};
use super::report_year::years_in;
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
}

/// The compiled rule.
pub(crate) struct PlanYear {
    section: Arc<Locator>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<PlanYear, SpecError> {
        Ok(PlanYear {
            section: cx.section(&self.section)?,
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
            Location::Body(span) => cx.doc.statement_containing(cx.text, span).unwrap_or(span),
            Location::Absent => return,
        };
        for (found, span) in plan_years(cx.text, scope) {
            if found == expected {
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

/// The years a plan heading plans for, with the spans of their digits: each
/// `2025年`, and the start of a multi-year horizon (`2025—2027年`,
/// `2025年至2027年`; its end is not checked). Years inside a document title
/// (`《纲要（2021—2025年）》`) name the document, not the plan.
fn plan_years(text: &str, scope: Span) -> Vec<(i32, Span)> {
    let Some(hay) = text.get(scope.start..scope.end) else {
        return Vec::new();
    };
    // Byte ranges (in `hay`) inside 《…》.
    let mut titles: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut open_at = 0;
    for (i, c) in hay.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open_at = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    titles.push((open_at, i));
                }
            }
            _ => {}
        }
    }
    let in_title = |at: usize| titles.iter().any(|&(a, b)| a < at && at < b);
    let digits_at = |at: usize| -> Option<i32> {
        let d = hay.get(at..at + 4)?;
        let starts = at == 0 || !hay.as_bytes()[at - 1].is_ascii_digit();
        let ends = !hay.as_bytes().get(at + 4).is_some_and(u8::is_ascii_digit);
        (starts && ends && d.bytes().all(|b| b.is_ascii_digit()) && matches!(&d[..2], "19" | "20"))
            .then(|| d.parse().ok())
            .flatten()
    };
    let mut out: Vec<(i32, Span)> = Vec::new();
    for (found, span) in years_in(text, scope) {
        let at = span.start - scope.start;
        if in_title(at) {
            continue;
        }
        // The end of a range: report its start instead (`2026—2028年`).
        let before = hay[..at].trim_end_matches('年');
        if before.ends_with(['—', '-', '~', '至', '到']) {
            let dash = before.trim_end_matches(['—', '-', '~', '至', '到']);
            let start = dash.len().checked_sub(4);
            if let Some((y, s)) = start.and_then(|s| digits_at(s).map(|y| (y, s))) {
                if !out.iter().any(|(_, sp)| sp.start == scope.start + s) {
                    out.push((y, Span::new(scope.start + s, scope.start + s + 4)));
                }
            }
            continue;
        }
        out.push((found, span));
    }
    out.sort_by_key(|(_, s)| s.start);
    out
}
