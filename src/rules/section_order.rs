//! `section_order`: parts must come in a prescribed order.
//!
//! ## What it checks
//! Each entry of `sections` names a `required_section` rule (by id); the parts
//! those rules locate — as a heading, or failing that in the body — must appear
//! in the listed order. Parts that are absent are skipped (their own rule
//! reports them). The first out-of-order part is reported at its heading, with
//! the part it should follow as a secondary label.
//!
//! ## Options
//! ```yaml
//! check:
//!   section_order:
//!     sections: [fazhi/measures, fazhi/shortcomings, fazhi/plans]
//! ```

use super::compile::{CompileCx, SpecError};
use super::required_section::Locator;
use super::{Check, Context};
use crate::diagnostic::Finding;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub sections: Vec<Spanned<String>>,
}

pub(crate) struct SectionOrder {
    sections: Vec<Arc<Locator>>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<SectionOrder, SpecError> {
        if self.sections.len() < 2 {
            let at = self.sections.first().map(|s| s.referenced);
            return Err(SpecError::new(at, "section_order 至少需要列出两个部分"));
        }
        let sections = self
            .sections
            .iter()
            .map(|id| cx.section(id))
            .collect::<Result<_, _>>()?;
        Ok(SectionOrder {
            sections,
            message: cx.message.to_owned(),
        })
    }
}

impl Check for SectionOrder {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let located: Vec<_> = self
            .sections
            .iter()
            .filter_map(|l| {
                let loc = l.locate(cx);
                Some((l, loc.position(cx)?, loc.span(cx)?))
            })
            .collect();
        // Report each part that comes before a part listed earlier.
        let mut latest: Option<&(&Arc<Locator>, usize, crate::span::Span)> = None;
        for item in &located {
            if let Some(prev) = latest {
                if item.1 < prev.1 {
                    out.push(
                        Finding::at(
                            item.2,
                            format!(
                                "{}：“{}”应在“{}”之后",
                                self.message, item.0.name, prev.0.name
                            ),
                        )
                        .with_label(prev.2, format!("“{}”在这里", prev.0.name)),
                    );
                    continue;
                }
            }
            latest = Some(item);
        }
    }
}
