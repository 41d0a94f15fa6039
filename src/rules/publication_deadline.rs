//! `publication_deadline`: the report is published in time.
//!
//! ## What it checks
//! The publication date — `--published DATE` if given, else the first of the
//! page-metadata fields named in `fields` (发布日期, 成文日期, 公开日期 …),
//! else the closing date under the signature — must be on or before the
//! deadline in the year after the report year Y (by default 1 April of Y+1).
//! Without a report year or a date there is nothing to check.
//!
//! ## Options
//! ```yaml
//! check:
//!   publication_deadline:
//!     month: 4          # deadline in year Y+1
//!     day: 1
//!     fields: [发布日期, 成文日期, 公开日期, 发布时间]
//! ```
//! The rule's `message` may use `{date}` and `{deadline}`.

use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError};
use crate::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub month: u32,
    pub day: u32,
    pub fields: Vec<String>,
}

/// The compiled rule.
pub struct PublicationDeadline {
    month: u32,
    day: u32,
    fields: Vec<String>,
    message: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<PublicationDeadline, SpecError> {
        if !(1..=12).contains(&self.month) || !(1..=31).contains(&self.day) {
            return Err(SpecError::new(cx.at, "month 应在 1–12，day 应在 1–31"));
        }
        if self.fields.is_empty() {
            return Err(SpecError::new(cx.at, "fields 至少列出一个元数据字段名"));
        }
        Ok(PublicationDeadline {
            month: self.month,
            day: self.day,
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
        let Some((date, source)) = self.date(cx) else {
            return;
        };
        let deadline = (year + 1, self.month, self.day);
        if date <= deadline {
            return;
        }
        let shown = format!("{}年{}月{}日", date.0, date.1, date.2);
        let limit = format!("{}年{}月{}日", deadline.0, deadline.1, deadline.2);
        let message = self
            .message
            .replace("{date}", &shown)
            .replace("{deadline}", &limit);
        let finding = match source {
            Source::Option => {
                Finding::document(format!("{message}：--published 给出的发布日期是{shown}"))
            }
            Source::Field(key, span) => Finding::at(span, format!("{message}：{key}是{shown}")),
            Source::Closing(span) => Finding::at(span, format!("{message}：落款日期是{shown}")),
        };
        out.push(finding.with_help(format!("{year}年度的报告应在{limit}之前向社会公开")));
    }
}
