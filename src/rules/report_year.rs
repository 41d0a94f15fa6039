//! `report_year`: the years that name the report agree.
//!
//! ## What it checks
//! The report year Y is taken from the title, else from the opening sentence,
//! else from the page metadata, else from `--year`. The years that must all
//! be Y are reported where they differ from it:
//! - the year in the title (`2024年度法治政府建设情况报告`),
//! - the year the opening sentence starts with (`2024年，区政府……`),
//! - the year in the heading of the section named by `measures` (a
//!   `required_section` rule), e.g. `一、2024年法治政府建设主要举措和成效`.
//!
//! ## Options
//! ```yaml
//! check:
//!   report_year:
//!     measures: fazhi/measures-section   # optional
//! ```
//! The rule's `message` may use `{year}` (the year found) and `{report_year}`.

use super::required_section::{Location, Locator};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError};
use crate::span::Span;
use crate::structure::YearSource;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub measures: Option<Spanned<String>>,
}

/// The compiled rule.
pub struct ReportYear {
    measures: Option<Arc<Locator>>,
    message: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<ReportYear, SpecError> {
        Ok(ReportYear {
            measures: self
                .measures
                .as_ref()
                .map(|id| section_locator(cx, id))
                .transpose()?,
            message: cx.message.to_owned(),
        })
    }
}

/// Resolve the id of a `required_section` rule named in a spec.
pub(crate) fn section_locator(
    cx: &CompileCx<'_>,
    id: &Spanned<String>,
) -> Result<Arc<Locator>, SpecError> {
    cx.section(&id.value).ok_or_else(|| {
        SpecError::new(
            Some(id.referenced),
            format!("“{}”不是已加载的 required_section 规则", id.value),
        )
    })
}

/// Years written as `2024年` (four digits, 1900–2099, followed by 年) in
/// `span` of `text`, with their spans (the digits only).
pub(crate) fn years_in(text: &str, span: Span) -> Vec<(i32, Span)> {
    let hay = span.slice(text).as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= hay.len() {
        let digits = &hay[i..i + 4];
        let starts = i == 0 || !hay[i - 1].is_ascii_digit();
        if starts
            && digits.iter().all(u8::is_ascii_digit)
            && matches!(&digits[..2], b"19" | b"20")
            && hay[i + 4..].starts_with("年".as_bytes())
        {
            let year = digits.iter().fold(0, |y, d| y * 10 + i32::from(d - b'0'));
            out.push((year, Span::new(span.start + i, span.start + i + 4)));
            i += 4;
        } else {
            i += 1;
        }
    }
    out
}

/// The digits of a year mention (`2023年度` → `2023`).
fn digits(text: &str, span: Span) -> Span {
    let n = span
        .slice(text)
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if n == 0 {
        span
    } else {
        Span::new(span.start, span.start + n)
    }
}

impl ReportYear {
    fn push(&self, out: &mut Vec<Finding>, found: (i32, Span), year: i32, what: &str, basis: &str) {
        let message = self
            .message
            .replace("{year}", &found.0.to_string())
            .replace("{report_year}", &year.to_string());
        out.push(
            Finding::at(
                found.1,
                format!("{message}：{what}写的是{}年，{basis}是{year}年", found.0),
            )
            .with_help(format!(
                "报告年度应前后一致；如果报告的是{year}年，请改为{year}年"
            )),
        );
    }
}

impl Check for ReportYear {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(year) = cx.year else { return };
        let basis = match cx.doc.report_year.as_ref().map(|r| r.source) {
            Some(YearSource::Title) => "标题",
            Some(YearSource::Opening) => "开头",
            Some(YearSource::Metadata | YearSource::Closing) => "按发布日期推定的报告年度",
            None => "--year 指定的年度",
        };
        // The title names one year (a range such as 2021—2025 is not the
        // report year, so only a title with exactly one year is checked).
        if let [only] = cx.doc.title_years.as_slice() {
            if only.0 != year {
                self.push(out, (only.0, digits(cx.text, only.1)), year, "标题", basis);
            }
        }
        if let (Some(first), Some(opening)) = (cx.doc.opening_years.first(), cx.doc.opening) {
            // Only the year the opening starts with ("2024年，…" /
            // "2024年以来"), not years mentioned later in it.
            let lead = cx.text.get(opening.start..first.1.start).unwrap_or("");
            if first.0 != year && first.1.start >= opening.start && lead.chars().count() <= 2 {
                self.push(
                    out,
                    (first.0, digits(cx.text, first.1)),
                    year,
                    "开头",
                    basis,
                );
            }
        }
        if let Some(locator) = &self.measures {
            if let Location::Heading(i) = locator.locate(cx) {
                let heading = &cx.doc.headings[i];
                if let [only] = years_in(cx.text, heading.text).as_slice() {
                    if only.0 != year {
                        self.push(out, *only, year, "“主要举措和成效”标题", basis);
                    }
                }
            }
        }
    }
}
