//! `growth`: a change stated with both of its ends.
//!
//! ## What it checks
//! `由A增加到B，增长X%` / `从A%提高到B%，提高X个百分点`: when the text states
//! both ends of a change (a `from` word before A, a `to` phrase between A and
//! B, same unit) and then the change itself in the same sentence, the change
//! must fit them: a percentage `(B−A)/A`, rounded or truncated to its written
//! decimals; percentage points `B−A`; the direction (增/降) must match. A
//! difference stated on the way (`由160件增加到200件，增加40件，增长25%`) must
//! be `|B−A|`. Only a figure said to be a change (an `up` or `down` word, or
//! 幅, within a few characters) is taken as one: `由…到…，占全市的25%` is a
//! share, and `分别增长25%和20%` after several pairs of ends is not paired
//! up. A shortened time limit is a change too (`审批时限由15.5天压缩至4.2天，
//! 提速72.9%`: the `to` and `down` words include 压缩, 缩短, 提速); a change
//! said with a `speed` word (提速) after a fall may also be the rise in speed,
//! `(A−B)/B` (`由10天压缩至5天，提速100%`). A change in ‰ is not worked out.
//! A change stated without both ends cannot be checked and is not reported.
//!
//! ## Options
//! ```yaml
//! check:
//!   growth:
//!     from: '由|从'
//!     to: '(增加|增长|上升|提高|提升|下降|减少|降低|降)(到|至)'
//!     up: '增|升|提高|提升|多'
//!     down: '降|减|少|下|压缩|缩短|提速'
//!     speed: '提速'     # optional
//! ```

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::figures::{is_exact, percent_fits, same_family, show, written};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::quantity::{Exact, Kind, Quantity, Rounding, UnitClass};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub from: Spanned<String>,
    pub to: Spanned<String>,
    pub up: Spanned<String>,
    pub down: Spanned<String>,
    #[serde(default)]
    pub speed: Option<Spanned<String>>,
}

/// The compiled rule.
pub(crate) struct Growth {
    from: LazyRegex,
    to: LazyRegex,
    up: LazyRegex,
    down: LazyRegex,
    speed: Option<LazyRegex>,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Growth, SpecError> {
        let anchored = |p: &Spanned<String>| {
            compile_regex(
                &Spanned {
                    value: super::pattern::anchored_at_end(&p.value),
                    referenced: p.referenced,
                    defined: p.defined,
                },
                cx,
            )
        };
        Ok(Growth {
            from: anchored(&self.from)?,
            to: compile_regex(&self.to, cx)?,
            up: compile_regex(&self.up, cx)?,
            down: compile_regex(&self.down, cx)?,
            speed: self
                .speed
                .as_ref()
                .map(|s| compile_regex(s, cx))
                .transpose()?,
        })
    }
}

impl Growth {
    /// `(A, B, rising)` when `a` and `b` are the ends of a stated change.
    fn ends(&self, cx: &Context<'_>, a: &Quantity, b: &Quantity) -> Option<bool> {
        if !is_exact(a) || !is_exact(b) || a.sentence() != b.sentence() || !same_family(a, b) {
            return None;
        }
        let before = cx.text.get(a.clause().start..a.span().start)?;
        let between = cx.text.get(a.span().end..b.span().start)?;
        if !self.from.is_match(before.trim_end()) || between.chars().count() > 10 {
            return None;
        }
        let m = self.to.find(between)?;
        let verb = &between[m.start()..m.end()];
        Some(self.up.is_match(verb) && !self.down.is_match(verb))
    }
}

/// `d` in the terms `q` is written in: `40件`, `300万元`.
fn amount(q: &Quantity, d: Exact) -> String {
    let unit = q.unit.as_ref().map_or("", |u| u.symbol());
    match (q.magnitude, d.shifted(-i32::from(q.magnitude))) {
        (0, _) => format!("{}{unit}", show(d)),
        (4, Some(v)) => format!("{}万{unit}", show(v)),
        (8, Some(v)) => format!("{}亿{unit}", show(v)),
        _ => show(d),
    }
}

impl Check for Growth {
    fn reads_quantities(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for w in 0..qs.len().saturating_sub(2) {
            let (a, b) = (&qs[w], &qs[w + 1]);
            let Some(rising) = self.ends(cx, a, b) else {
                continue;
            };
            let ends = Ends { a, b, rising };
            if let Some((change, said)) = self.stated_change(cx, &ends, &qs[w + 2..], out) {
                self.check_change(cx, &ends, change, said, out);
            }
        }
    }
}

/// The two ends of a stated change, in the order written.
struct Ends<'q> {
    a: &'q Quantity,
    b: &'q Quantity,
    /// Whether the `to` phrase says the figure rose.
    rising: bool,
}

impl Growth {
    /// The stated change after `ends` among the `next` figures: a percentage
    /// or points (`增长25%`), possibly after the difference itself
    /// (`增加40件，增长25%`), which is checked on the way; with the words that
    /// say it is a change.
    fn stated_change<'q, 't>(
        &self,
        cx: &Context<'t>,
        ends: &Ends<'q>,
        next: &'q [Quantity],
        out: &mut Vec<Finding>,
    ) -> Option<(&'q Quantity, &'t str)> {
        let Ends { a, b, .. } = *ends;
        let mut prev_end = b.span().end;
        for c in next.iter().take(2) {
            if c.sentence() != a.sentence() || !is_exact(c) {
                return None;
            }
            let said = cx.text.get(prev_end..c.span().start).unwrap_or("");
            // Only a change that is said to be one: `占全市的25%` after the
            // ends is a share; `分别增长25%和20%` pairs with several ends.
            if said.chars().count() > 12
                || said.contains("分别")
                || !(self.up.is_match(said) || self.down.is_match(said) || said.contains('幅'))
            {
                return None;
            }
            if matches!(c.kind, Kind::Percent | Kind::PercentagePoint) {
                return Some((c, said));
            }
            if !(same_family(c, a) && matches!(c.kind, Kind::Count | Kind::Money)) {
                return None;
            }
            check_difference(cx, ends, c, out);
            prev_end = c.span().end;
        }
        None
    }

    /// Reports `change` (said with the words `said`) when it does not fit
    /// the ends in size or in direction.
    fn check_change(
        &self,
        cx: &Context<'_>,
        ends: &Ends<'_>,
        change: &Quantity,
        said: &str,
        out: &mut Vec<Finding>,
    ) {
        let Ends { a, b, rising } = *ends;
        let (lo, hi) = if rising {
            (a.value(), b.value())
        } else {
            (b.value(), a.value())
        };
        let Some(diff) = hi.checked_sub(lo) else {
            return;
        };
        let direction_ok = match (self.up.is_match(said), self.down.is_match(said)) {
            (true, false) => rising,
            (false, true) => !rising,
            (false, false) => true,
            (true, true) => false,
        };
        let Some(fits) = self.size_fits(ends, diff, change, said) else {
            return;
        };
        if fits && direction_ok {
            return;
        }
        let expected = match change.kind {
            Kind::Percent => Exact::percent_of(
                diff,
                a.value(),
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
                written(cx, a.span()),
                written(cx, b.span()),
                if rising { "增加" } else { "减少" }
            )
        } else {
            format!(
                "变化幅度与两端数字不符：由{}到{}应为{}，写的是{}",
                written(cx, a.span()),
                written(cx, b.span()),
                expected,
                written(cx, change.span())
            )
        };
        // `从85%提高到95%，提高10%`: the points written as a percentage.
        let points = a.kind == Kind::Percent
            && change.kind == Kind::Percent
            && diff.could_be_written_as(change.value(), u32::from(change.decimals));
        let help = if points && direction_ok {
            format!(
                "两个百分比之差应写作“{}个百分点”；“{}”是相对增幅",
                show(change.value()),
                expected
            )
        } else {
            "核对起止数字和变化幅度".to_owned()
        };
        out.push(
            Finding::at(change.span(), message)
                .with_label(a.span(), "起点")
                .with_label(b.span(), "终点")
                .with_help(help),
        );
    }

    /// Whether the size of `change` fits `diff` = |B−A|: a percentage of A
    /// (or, for a `speed` word after a fall, of B), or percentage points.
    /// `None` for a change not worked out here (‰, points of a per-mille).
    fn size_fits(
        &self,
        ends: &Ends<'_>,
        diff: Exact,
        change: &Quantity,
        said: &str,
    ) -> Option<bool> {
        let Ends { a, b, rising } = *ends;
        let in_percent = |q: &Quantity| {
            q.unit
                .as_ref()
                .is_some_and(|u| u.class == UnitClass::Percent)
        };
        match change.kind {
            // A change in ‰ (`增长5‰`) or in points of a per-mille is
            // not worked out here.
            Kind::Percent if !in_percent(change) => None,
            Kind::PercentagePoint if !in_percent(a) => None,
            Kind::Percent if a.value() > Exact::ZERO => Some(
                percent_fits(diff, a.value(), change.value(), change.decimals)
                    // `由10天压缩至5天，提速100%`: the speed doubled.
                    || (!rising
                        && b.value() > Exact::ZERO
                        && self.speed.as_ref().is_some_and(|re| re.is_match(said))
                        && percent_fits(diff, b.value(), change.value(), change.decimals)),
            ),
            Kind::PercentagePoint if a.kind == Kind::Percent => Some(
                [Rounding::HalfUp, Rounding::Truncate]
                    .into_iter()
                    .any(|m| diff.round(u32::from(change.decimals), m) == Some(change.value())),
            ),
            _ => None,
        }
    }
}

/// `由160件增加到200件，增加40件`: the difference `c` must be |B−A|.
fn check_difference(cx: &Context<'_>, ends: &Ends<'_>, c: &Quantity, out: &mut Vec<Finding>) {
    let Ends { a, b, .. } = *ends;
    let diff = if b.value() >= a.value() {
        b.value().checked_sub(a.value())
    } else {
        a.value().checked_sub(b.value())
    };
    let Some(diff) = diff.filter(|&d| d != c.value()) else {
        return;
    };
    out.push(
        Finding::at(
            c.span(),
            format!(
                "变化量与两端数字不符：由{}到{}相差{}，写的是{}",
                written(cx, a.span()),
                written(cx, b.span()),
                amount(a, diff),
                written(cx, c.span())
            ),
        )
        .with_label(a.span(), "起点")
        .with_label(b.span(), "终点")
        .with_help("核对起止数字和变化量".to_owned()),
    );
}
