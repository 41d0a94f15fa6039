//! `part_within_total`: a subset larger than the set it belongs to.
//!
//! ## What it checks
//! A count whose key matches `part` (成功调解, 纠错, 败诉 …) must not exceed
//! the nearest earlier count whose key matches `whole` (调处, 受理, 结案 …)
//! in the same sentence or the one before, when both count the same family
//! of things. Approximate figures compare as intervals: only a part whose
//! smallest possible value exceeds the whole's largest is reported. A count
//! whose key matches `part` is never taken as the whole.
//!
//! ## Options
//! ```yaml
//! check:
//!   part_within_total:
//!     part: '成功调解|调解成功'
//!     whole: '调处|调解|排查'
//! ```
//! The rule's `message` may use `{part}` and `{whole}` (the figures).

use super::figures::{high, is_count, key, low, same_family, written, written_key};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError, compile_regex};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub part: Spanned<String>,
    pub whole: Spanned<String>,
}

/// The compiled rule.
pub struct PartWithinTotal {
    part: Regex,
    whole: Regex,
    message: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<PartWithinTotal, SpecError> {
        Ok(PartWithinTotal {
            part: compile_regex(&self.part)?,
            whole: compile_regex(&self.whole)?,
            message: cx.message.to_owned(),
        })
    }
}

impl Check for PartWithinTotal {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for (i, part) in qs.iter().enumerate() {
            if !is_count(part) || !self.part.is_match(key(cx, part)) {
                continue;
            }
            // The sentence before this one starts where the previous
            // sentence's quantities start; look back at most that far.
            let previous_sentence = qs[..i]
                .iter()
                .rev()
                .map(|q| q.sentence)
                .find(|s| *s != part.sentence);
            let whole = qs[..i]
                .iter()
                .rev()
                .take_while(|q| {
                    q.sentence == part.sentence || Some(q.sentence) == previous_sentence
                })
                .find(|q| {
                    is_count(q)
                        && same_family(q, part)
                        && self.whole.is_match(key(cx, q))
                        && !self.part.is_match(key(cx, q))
                });
            let Some(whole) = whole else { continue };
            let (Some(p_lo), Some(w_hi)) = (low(part), high(whole)) else {
                continue;
            };
            if p_lo > w_hi {
                let message = self
                    .message
                    .replace("{part}", written(cx, part.span))
                    .replace("{whole}", written(cx, whole.span));
                out.push(
                    Finding::at(
                        part.span,
                        format!(
                            "{message}：{}{}大于{}{}",
                            written_key(cx, part),
                            written(cx, part.span),
                            written_key(cx, whole),
                            written(cx, whole.span)
                        ),
                    )
                    .with_label(whole.span, "总数")
                    .with_help("部分不能大于整体，请核对这两个数字".to_owned()),
                );
            }
        }
    }
}
