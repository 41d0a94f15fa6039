//! `part_within_total`: a subset larger than the set it belongs to.
//!
//! ## What it checks
//! A count whose key matches `part` (成功调解, 纠错, 败诉 …) must not exceed
//! the nearest earlier count whose key matches `whole` (调处, 受理, 结案 …)
//! in the same sentence or the one before, when both count the same family
//! of things. Approximate figures compare as intervals: only a part whose
//! smallest possible value exceeds the whole's largest is reported. A count
//! whose key matches `part` is never taken as the whole, nor is a figure of
//! another period (its clause says 上年, 去年, 同期 … and the part's does not;
//! or its sentence names another year than the part's).
//!
//! ## Options
//! ```yaml
//! check:
//!   part_within_total:
//!     part: '成功调解|调解成功'
//!     whole: '调处|调解|排查'
//! ```
//! The rule's `message` may use `{part}` and `{whole}` (the figures).

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::figures::{WINDOW, high, is_count, key, low, same_family, written, written_key};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::quantity::{IdKind, Kind, Quantity};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub part: Spanned<String>,
    pub whole: Spanned<String>,
}

/// The compiled rule.
pub(crate) struct PartWithinTotal {
    part: LazyRegex,
    whole: LazyRegex,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<PartWithinTotal, SpecError> {
        Ok(PartWithinTotal {
            part: compile_regex(&self.part, cx)?,
            whole: compile_regex(&self.whole, cx)?,
            message: cx.message.to_owned(),
        })
    }
}

/// The year a figure's sentence names before it (`2023年受理…`), if any.
fn year_of(qs: &[Quantity], i: usize) -> Option<i128> {
    qs[..i]
        .iter()
        .rev()
        .take(WINDOW)
        .take_while(|q| q.sentence() == qs[i].sentence())
        .find(|q| q.kind == Kind::Identifier(IdKind::Year))
        .and_then(|q| q.value().to_integer())
}

/// Words that put a figure in another period than the part's.
const OTHER_PERIOD: &[&str] = &["上年", "去年", "上一年", "同期", "同比"];

impl Check for PartWithinTotal {
    fn reads_quantities(&self) -> bool {
        true
    }

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
                .take(WINDOW)
                .map(|q| q.sentence())
                .find(|s| *s != part.sentence());
            let part_clause = part.clause().slice(cx.text);
            let part_year = year_of(qs, i);
            let whole = qs[..i]
                .iter()
                .rev()
                .take(WINDOW)
                .take_while(|q| {
                    q.sentence() == part.sentence() || Some(q.sentence()) == previous_sentence
                })
                .enumerate()
                .find(|(j, q)| {
                    let j = i - 1 - j;
                    // `2023年受理18件。2024年纠错21件`: another year's figure.
                    let years_differ = matches!(
                        (year_of(qs, j), part_year),
                        (Some(a), Some(b)) if a != b
                    );
                    !years_differ
                        && is_count(q)
                        && same_family(q, part)
                        && self.whole.is_match(key(cx, q))
                        && !self.part.is_match(key(cx, q))
                        // `上年受理10件。今年纠错12件`: another period's figure.
                        && !OTHER_PERIOD.iter().any(|w| {
                            q.clause().slice(cx.text).contains(w) && !part_clause.contains(w)
                        })
                });
            let Some((_, whole)) = whole else { continue };
            let (Some(p_lo), Some(w_hi)) = (low(part), high(whole)) else {
                continue;
            };
            if p_lo > w_hi {
                let message = self
                    .message
                    .replace("{part}", &written(cx, part.span()))
                    .replace("{whole}", &written(cx, whole.span()));
                out.push(
                    Finding::at(
                        part.span(),
                        format!(
                            "{message}：{}{}大于{}{}",
                            written_key(cx, part),
                            written(cx, part.span()),
                            written_key(cx, whole),
                            written(cx, whole.span())
                        ),
                    )
                    .with_label(whole.span(), "总数")
                    .with_help("部分不能大于整体，请核对这两个数字".to_owned()),
                );
            }
        }
    }
}
