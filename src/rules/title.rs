//! `title`: the title names what the report is.
//!
//! ## What it checks
//! That the document has a title and that the title matches every entry of
//! `require` (a regex on the normalized title, with a `name` for messages).
//! A missing title is reported once for the document; a title missing some
//! entries is reported once at the title, naming them all.
//!
//! ## Options
//! ```yaml
//! check:
//!   title:
//!     require:
//!       - { name: 法治政府建设, pattern: 法治政府建设 }
//!       - { name: 年度, pattern: '(19|20)\d{2}年' }
//!       - { name: 报告, pattern: 报告 }
//! ```

use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError, compile_regex};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub require: Vec<Required>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Required {
    pub name: String,
    pub pattern: Spanned<String>,
}

/// The compiled rule.
pub struct Title {
    require: Vec<(String, Regex)>,
    message: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<Title, SpecError> {
        if self.require.is_empty() {
            return Err(SpecError::new(cx.at, "require 至少列出一项"));
        }
        Ok(Title {
            require: self
                .require
                .iter()
                .map(|r| Ok((r.name.clone(), compile_regex(&r.pattern)?)))
                .collect::<Result<_, SpecError>>()?,
            message: cx.message.to_owned(),
        })
    }
}

impl Check for Title {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(title) = &cx.doc.title else {
            out.push(
                Finding::document("没有识别出报告标题".to_owned())
                    .with_help("在第一行写标题，如“××市2024年度法治政府建设情况报告”".to_owned()),
            );
            return;
        };
        let text = title.span.slice(cx.text);
        let missing: Vec<&str> = self
            .require
            .iter()
            .filter(|(_, re)| !re.is_match(text))
            .map(|(name, _)| name.as_str())
            .collect();
        if !missing.is_empty() {
            out.push(
                Finding::at(
                    title.span,
                    format!("{}：缺少“{}”", self.message, missing.join("”“")),
                )
                .with_help("标题一般写作“××（机关）××年度法治政府建设情况报告”".to_owned()),
            );
        }
    }
}
