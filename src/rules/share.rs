//! `share`: 占…的X% against the two counts it relates.
//!
//! ## What it checks
//! A percentage introduced by `占` and naming its whole — `占受理案件总数的57.7%`
//! — is compared with the part (the nearest count before it in the sentence)
//! and the whole (the nearest earlier count, in this sentence or the one
//! before, whose key shares at least two consecutive characters with the
//! named whole, e.g. `受理案件`). Both must be exact and of one family. The
//! share fits when the quotient, rounded half-up or truncated to the written
//! decimals, is the stated value. `占比X%` without a named whole is not
//! checked: the text does not say what it is a share of.
//!
//! ## Options
//! ```yaml
//! check:
//!   share:
//!     marker: '占'
//! ```

use super::figures::{is_count, is_exact, key, percent, percent_fits, same_family, show, written};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError};
use crate::quantity::{Exact, Kind};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub marker: String,
}

/// The compiled rule.
pub struct Share {
    marker: String,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<Share, SpecError> {
        if self.marker.is_empty() {
            return Err(SpecError::new(cx.at, "marker 不能为空"));
        }
        Ok(Share {
            marker: self.marker.clone(),
        })
    }
}

/// Whether `a` and `b` share a run of at least two characters.
fn share_a_word(a: &str, b: &str) -> bool {
    let chars: Vec<char> = a.chars().collect();
    chars.windows(2).any(|w| {
        let pair: String = w.iter().collect();
        b.contains(&pair)
    })
}

impl Check for Share {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for (i, q) in qs.iter().enumerate() {
            if q.kind != Kind::Percent || !q.is_exact() || q.value <= Exact::ZERO {
                continue;
            }
            let Some(lead) = cx.text.get(q.clause.start..q.span.start) else {
                continue;
            };
            let Some(at) = lead.rfind(self.marker.as_str()) else {
                continue;
            };
            let object = lead[at + self.marker.len()..]
                .trim_end_matches(['的', '为', '达'])
                .trim_end_matches("比例")
                .trim_end_matches("总数")
                .trim_end_matches("总量");
            if object.chars().count() < 2 {
                continue;
            }
            let earlier: Vec<_> = qs[..i]
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, p)| {
                    p.sentence == q.sentence || p.sentence.end + 4 >= q.sentence.start
                })
                .filter(|(_, p)| is_count(p) && is_exact(p))
                .collect();
            let Some(&(pi, part)) = earlier.iter().find(|(_, p)| p.sentence == q.sentence) else {
                continue;
            };
            let Some((_, whole)) = earlier.iter().find(|(wi, w)| {
                *wi < pi
                    && same_family(w, part)
                    && share_a_word(object, key(cx, w))
                    && w.value >= part.value
            }) else {
                continue;
            };
            if percent_fits(part.value, whole.value, q.value, q.decimals) {
                continue;
            }
            let computed =
                percent(part.value, whole.value, q.decimals).map_or_else(|| "?".to_owned(), show);
            out.push(
                Finding::at(
                    q.span,
                    format!(
                        "占比与数字不符：{}/{} = {}%，写的是{}",
                        show(part.value),
                        show(whole.value),
                        computed,
                        written(cx, q.span)
                    ),
                )
                .with_label(part.span, "部分")
                .with_label(whole.span, "整体")
                .with_help("核对部分、整体和占比".to_owned()),
            );
        }
    }
}
