//! `growth`: a change stated with both of its ends.
//!
//! ## What it checks
//! `由A增加到B，增长X%` / `从A%提高到B%，提高X个百分点`: when the text states
//! both ends of a change (a `from` word before A, a `to` phrase between A and
//! B, same unit) and then the change itself in the same sentence, the change
//! must fit them: a percentage `(B−A)/A`, rounded or truncated to its written
//! decimals; percentage points `B−A`; the direction (增/降) must match. A
//! change stated without both ends cannot be checked and is not reported.
//!
//! ## Options
//! ```yaml
//! check:
//!   growth:
//!     from: '由|从'
//!     to: '(增加|增长|上升|提高|提升|下降|减少|降低|降)(到|至)'
//!     up: '增|升|提高|提升|多'
//!     down: '降|减|少|下'
//! ```

use super::figures::{is_exact, percent_fits, same_family, show, written};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError, compile_regex};
use crate::quantity::{Exact, Kind, Quantity, Rounding};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub up: Spanned<String>,
    pub down: Spanned<String>,
}

/// The compiled rule.
pub struct Growth {
    from: Regex,
    to: Regex,
    up: Regex,
    down: Regex,
}

impl Spec {
    pub fn compile(&self, _cx: &CompileCx<'_>) -> Result<Growth, SpecError> {
        let anchored = |p: &Spanned<String>| {
            compile_regex(&Spanned {
                value: format!("(?:{})$", p.value),
                referenced: p.referenced,
                defined: p.defined,
            })
        };
        Ok(Growth {
            from: anchored(&self.from)?,
            to: compile_regex(&self.to)?,
            up: compile_regex(&self.up)?,
            down: compile_regex(&self.down)?,
        })
    }
}

impl Growth {
    /// `(A, B, rising)` when `a` and `b` are the ends of a stated change.
    fn ends(&self, cx: &Context<'_>, a: &Quantity, b: &Quantity) -> Option<bool> {
        if !is_exact(a) || !is_exact(b) || a.sentence != b.sentence || !same_family(a, b) {
            return None;
        }
        let before = cx.text.get(a.clause.start..a.span.start)?;
        let between = cx.text.get(a.span.end..b.span.start)?;
        if !self.from.is_match(before.trim_end()) || between.chars().count() > 10 {
            return None;
        }
        let m = self.to.find(between)?;
        let verb = &between[m.start()..m.end()];
        Some(self.up.is_match(verb) && !self.down.is_match(verb))
    }
}

impl Check for Growth {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for w in 0..qs.len().saturating_sub(2) {
            let (a, b) = (&qs[w], &qs[w + 1]);
            let Some(rising) = self.ends(cx, a, b) else {
                continue;
            };
            // The stated change: the next figure in the sentence.
            let Some(change) = qs
                .get(w + 2)
                .filter(|c| c.sentence == a.sentence && is_exact(c))
            else {
                continue;
            };
            let said = cx.text.get(b.span.end..change.span.start).unwrap_or("");
            let said_up = self.up.is_match(said);
            let said_down = self.down.is_match(said);
            let (lo, hi) = if rising {
                (a.value, b.value)
            } else {
                (b.value, a.value)
            };
            let Some(diff) = hi.checked_sub(lo) else {
                continue;
            };
            let direction_ok = match (said_up, said_down) {
                (true, false) => rising,
                (false, true) => !rising,
                (false, false) => true,
                (true, true) => false,
            };
            let fits = match change.kind {
                Kind::Percent if a.value > Exact::ZERO => {
                    percent_fits(diff, a.value, change.value, change.decimals)
                }
                Kind::PercentagePoint if a.kind == Kind::Percent => {
                    [Rounding::HalfUp, Rounding::Truncate]
                        .into_iter()
                        .any(|m| diff.round(u32::from(change.decimals), m) == Some(change.value))
                }
                _ => continue,
            };
            if fits && direction_ok {
                continue;
            }
            let expected = match change.kind {
                Kind::Percent => Exact::percent_of(
                    diff,
                    a.value,
                    u32::from(change.decimals.max(1)),
                    Rounding::HalfUp,
                )
                .map(|v| format!("{}%", show(v))),
                _ => Some(format!("{}个百分点", show(diff))),
            }
            .unwrap_or_default();
            let message = if fits {
                format!(
                    "变化方向不符：由{}到{}是{}",
                    written(cx, a.span),
                    written(cx, b.span),
                    if rising { "增加" } else { "减少" }
                )
            } else {
                format!(
                    "变化幅度与两端数字不符：由{}到{}应为{}，写的是{}",
                    written(cx, a.span),
                    written(cx, b.span),
                    expected,
                    written(cx, change.span)
                )
            };
            out.push(
                Finding::at(change.span, message)
                    .with_label(a.span, "起点")
                    .with_label(b.span, "终点")
                    .with_help("核对起止数字和变化幅度".to_owned()),
            );
        }
    }
}
