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

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::{Check, Context};
use crate::diagnostic::Finding;
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
pub(crate) struct Title {
    require: Vec<(String, LazyRegex)>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Title, SpecError> {
        if self.require.is_empty() {
            return Err(SpecError::new(cx.at, "require 至少列出一项"));
        }
        Ok(Title {
            require: self
                .require
                .iter()
                .map(|r| Ok((r.name.clone(), compile_regex(&r.pattern, cx)?)))
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
        // A title set on two lines (`某区人民政府关于2024年度` / `法治政府建设情况的
        // 报告`) is recognized by its last line; the line right above it, when
        // it is short and not a sentence, is part of it.
        let above = cx.text.get(..title.span.start).unwrap_or("");
        let above = above
            .strip_suffix('\n')
            .map(|a| a.strip_suffix('\r').unwrap_or(a));
        let prefix = above
            .map(|a| &a[a.rfind('\n').map_or(0, |i| i + 1)..])
            .filter(|l| {
                let l = l.trim();
                !l.is_empty()
                    && l.chars().count() <= 40
                    && !l.contains(['。', ';', '!', '?'])
                    && !l.ends_with([',', ':'])
            })
            .unwrap_or("");
        let text = format!("{prefix}{}", title.span.slice(cx.text));
        let text = text.as_str();
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
