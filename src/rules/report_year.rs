//! `report_year`: the years that name the report agree.
//!
//! ## What it checks
//! The report year Y is taken from the title, else from the opening sentence,
//! else from the page metadata, else from `--year`; when the title and the
//! opening disagree, a publication or closing date that sides with the
//! opening makes the opening's year Y. The years that must all be Y are
//! reported where they differ from it — the odd one out — with the places
//! that agree with Y (and the deciding date) as secondary labels:
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

use super::compile::{CompileCx, SpecError};
use super::required_section::{Location, Locator};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::span::Span;
use crate::structure::YearSource;
use crate::structure::year::{dated_years, opening_lead_year};
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
pub(crate) struct ReportYear {
    measures: Option<Arc<Locator>>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<ReportYear, SpecError> {
        Ok(ReportYear {
            measures: self
                .measures
                .as_ref()
                .map(|id| cx.section(id))
                .transpose()?,
            message: cx.message.to_owned(),
        })
    }
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

/// A place that names the report year.
struct Place {
    what: &'static str,
    year: i32,
    span: Span,
}

impl ReportYear {
    /// The places that name the report year: the title (when it names one
    /// year — a range such as 2021—2025 is not the report year), the year the
    /// opening starts with (`2024年，…`, not years mentioned later in it), and
    /// the measures heading.
    fn places(&self, cx: &Context<'_>) -> Vec<Place> {
        let mut out = Vec::new();
        if let [only] = cx.doc.title_years.as_slice() {
            out.push(Place {
                what: "标题",
                year: only.0,
                span: digits(cx.text, only.1),
            });
        }
        if let Some((year, span)) = opening_lead_year(cx.text, cx.doc) {
            out.push(Place {
                what: "开头",
                year,
                span: digits(cx.text, span),
            });
        }
        if let Some(locator) = &self.measures {
            if let Location::Heading(i) = locator.locate(cx) {
                let heading = &cx.doc.headings[i];
                if let [only] = years_in(cx.text, heading.text).as_slice() {
                    out.push(Place {
                        what: "“主要举措和成效”标题",
                        year: only.0,
                        span: only.1,
                    });
                }
            }
        }
        out
    }
}

impl Check for ReportYear {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(year) = cx.year else { return };
        let stated = cx.doc.report_year.filter(|r| r.year == year);
        let basis = match stated.map(|r| r.source) {
            Some(YearSource::Title) => "标题",
            Some(YearSource::Opening) => "开头",
            Some(YearSource::Metadata | YearSource::Closing) => "按发布日期推定的报告年度",
            None => "--year 指定的年度",
        };
        let places = self.places(cx);
        // The places that agree with the report year, and the date that
        // decided it, are shown beside each odd one.
        let mut agreeing: Vec<(Span, String)> = places
            .iter()
            .filter(|p| p.year == year)
            .map(|p| (p.span, format!("{}写的是{year}年", p.what)))
            .collect();
        for d in dated_years(cx.text, cx.doc) {
            if d.year == year {
                let what = match d.source {
                    YearSource::Metadata => "发布日期",
                    _ => "落款日期",
                };
                agreeing.push((d.span, format!("{what}在{}年", year + 1)));
            }
        }
        for place in places.iter().filter(|p| p.year != year) {
            let message = self
                .message
                .replace("{year}", &place.year.to_string())
                .replace("{report_year}", &year.to_string());
            let mut f = Finding::at(
                place.span,
                format!(
                    "{message}：{}写的是{}年，{basis}是{year}年",
                    place.what, place.year
                ),
            )
            .with_help(format!(
                "报告年度应前后一致；如果报告的是{year}年，请改为{year}年"
            ));
            for (span, label) in &agreeing {
                f = f.with_label(*span, label.clone());
            }
            out.push(f);
        }
    }
}
