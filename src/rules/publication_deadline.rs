//! `publication_deadline`: the report is published in time.
//!
//! ## What it checks
//! The publication date — `--published DATE` if given, else the first of the
//! page-metadata fields named in `fields` (发布日期, 成文日期, 公开日期 …),
//! else the closing date under the signature — must be on or before the
//! deadline that applies to the report year Y. `deadlines` lists them with
//! the report years each covers (a norm applies from a year on): the first
//! whose `years` contain Y is used, on month/day of Y+1. A report year no
//! deadline covers is not checked; nor is a document without a report year
//! or a date. Each deadline may have its own severity (a deadline that only
//! set when the report was *made*, not when it was published, is worth an
//! info at most), message and help.
//!
//! ## Options
//! ```yaml
//! check:
//!   publication_deadline:
//!     deadlines:
//!       - years: { from: 2019 }      # report years (from / to, inclusive)
//!         month: 4                   # deadline in year Y+1
//!         day: 1
//!       - years: { to: 2018 }
//!         month: 3
//!         day: 31
//!         severity: info             # optional, at most the rule's
//!         message: 报告晚于第一季度  # optional, instead of the rule's
//!         help: …                    # optional
//!     fields: [发布日期, 成文日期, 公开日期, 发布时间]
//! ```
//! Messages and helps may use `{date}`, `{deadline}` and `{year}` (the report year).

use super::compile::{CompileCx, SpecError};
use super::phrase::Years;
use super::{Check, Context};
use crate::diagnostic::{Finding, Severity};
use crate::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub deadlines: Vec<DeadlineSpec>,
    pub fields: Vec<String>,
}

/// One deadline and the report years it applies to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSpec {
    #[serde(default)]
    pub years: Option<Years>,
    pub month: u32,
    pub day: u32,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub help: Option<String>,
}

/// The compiled rule.
pub(crate) struct PublicationDeadline {
    deadlines: Vec<DeadlineSpec>,
    fields: Vec<String>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<PublicationDeadline, SpecError> {
        if self.deadlines.is_empty() {
            return Err(SpecError::new(cx.at, "deadlines 至少列出一个时限"));
        }
        if self
            .deadlines
            .iter()
            .any(|d| !(1..=12).contains(&d.month) || !(1..=31).contains(&d.day))
        {
            return Err(SpecError::new(cx.at, "month 应在 1–12，day 应在 1–31"));
        }
        if self.fields.is_empty() {
            return Err(SpecError::new(cx.at, "fields 至少列出一个元数据字段名"));
        }
        Ok(PublicationDeadline {
            deadlines: self.deadlines.clone(),
            fields: self.fields.clone(),
            message: cx.message.to_owned(),
        })
    }
}

/// Where the publication date came from.
enum Source {
    Option,
    Field(String, Span),
    Closing(Span),
}

impl PublicationDeadline {
    fn date(&self, cx: &Context<'_>) -> Option<((i32, u32, u32), Source)> {
        if let Some(d) = cx.options.published {
            return Some((d, Source::Option));
        }
        for key in &self.fields {
            if let Some(field) = cx.doc.meta(key) {
                if let Some(d) = field.date(cx.text) {
                    return Some(((d.year, d.month, d.day), Source::Field(key.clone(), d.span)));
                }
            }
        }
        let d = cx.doc.closing.as_ref()?.date?;
        Some(((d.year, d.month, d.day), Source::Closing(d.span)))
    }
}

impl Check for PublicationDeadline {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(year) = cx.year else { return };
        let Some(rule) = self
            .deadlines
            .iter()
            .find(|d| d.years.is_none_or(|y| y.contains(year)))
        else {
            return;
        };
        let Some((date, source)) = self.date(cx) else {
            return;
        };
        let deadline = (year + 1, rule.month, rule.day);
        if date <= deadline {
            return;
        }
        let shown = format!("{}年{}月{}日", date.0, date.1, date.2);
        let limit = format!("{}年{}月{}日", deadline.0, deadline.1, deadline.2);
        let fill = |t: &str| {
            t.replace("{date}", &shown)
                .replace("{deadline}", &limit)
                .replace("{year}", &year.to_string())
        };
        let message = fill(rule.message.as_deref().unwrap_or(&self.message));
        let finding = match source {
            Source::Option => {
                Finding::document(format!("{message}：--published 给出的发布日期是{shown}"))
            }
            Source::Field(key, span) => Finding::at(span, format!("{message}：{key}是{shown}")),
            Source::Closing(span) => Finding::at(span, format!("{message}：落款日期是{shown}")),
        };
        let help = rule.help.as_deref().map_or_else(
            || format!("{year}年度的报告应在{limit}之前向社会公开"),
            fill,
        );
        let mut finding = finding.with_help(help);
        if let Some(s) = rule.severity {
            finding = finding.with_severity(s);
        }
        out.push(finding);
    }
}
