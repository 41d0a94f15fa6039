//! `share`: 占…的X% against the two counts it relates.
//!
//! ## What it checks
//! A percentage (or per-mille) introduced by `占` and naming its whole —
//! `占受理案件总数的57.7%` — is compared with the part (the nearest count or
//! sum of money before it in the sentence) and the whole (an earlier figure,
//! in this sentence or the one before, whose key best matches the named
//! whole: the most characters of `受理案件` in two-character words it shares,
//! so `受理行政复议案件300件` beats a nearer `涉企案件60件`; then the one with
//! the fewest other words, so `执法人员1200人` beats `女性执法人员300人`; then
//! one not itself listed after 其中; then the nearest). Both must be exact and of one family. The share fits
//! when the quotient, rounded half-up or truncated to the written decimals,
//! is the stated value (`1.5‰` of 2000 is 3). `占比X%` without a named whole
//! is not checked: the text does not say what it is a share of.
//!
//! ## Options
//! ```yaml
//! check:
//!   share:
//!     marker: '占'
//! ```

use super::compile::{CompileCx, SpecError};
use super::figures::{
    is_count, is_exact, key, per_hundred, rate_fits, rate_of, same_family, show, written,
};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::quantity::{Exact, Kind, Quantity};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub marker: String,
}

/// The compiled rule.
pub(crate) struct Share {
    marker: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Share, SpecError> {
        if self.marker.is_empty() {
            return Err(SpecError::new(cx.at, "marker 不能为空"));
        }
        Ok(Share {
            marker: self.marker.clone(),
        })
    }
}

/// How many characters of `object` lie in a two-character word that `key`
/// also has: `受理案件` covers 4 in `受理行政复议案件`, 2 in `涉企案件`.
fn overlap(object: &str, key: &str) -> usize {
    let chars: Vec<char> = object.chars().collect();
    let mut covered = vec![false; chars.len()];
    for (i, w) in chars.windows(2).enumerate() {
        let pair: String = w.iter().collect();
        if key.contains(&pair) {
            covered[i] = true;
            covered[i + 1] = true;
        }
    }
    covered.into_iter().filter(|&c| c).count()
}

/// A figure a share may be taken of: a count or a sum of money.
fn is_amount(q: &Quantity) -> bool {
    (is_count(q) || (q.kind == Kind::Money && !q.vague && q.unit.is_some())) && is_exact(q)
}

impl Share {
    /// The whole a percentage names after the marker: `受理案件` in
    /// `占受理案件总数的57.7%`; `None` when it names none (`占比57.7%`).
    fn named_whole<'t>(&self, cx: &Context<'t>, q: &Quantity) -> Option<&'t str> {
        let lead = cx.text.get(q.clause().start..q.span().start)?;
        let at = lead.rfind(self.marker.as_str())?;
        let object = lead[at + self.marker.len()..]
            .trim_end_matches(['的', '为', '达'])
            .trim_end_matches("比例")
            .trim_end_matches("总数")
            .trim_end_matches("总量");
        (object.chars().count() >= 2).then_some(object)
    }
}

/// Among the `earlier` figures (index and figure, nearest first) before the
/// part at index `pi`, the whole whose words best match the named whole
/// `object` (`占受理案件的` → `受理案件200件`, not the nearer `涉企案件50件`);
/// the nearest of equally good ones.
fn best_whole<'q>(
    cx: &Context<'_>,
    object: &str,
    earlier: &[(usize, &'q Quantity)],
    pi: usize,
    part: &Quantity,
) -> Option<&'q Quantity> {
    let mut whole = None;
    // Most of the named whole's words first, then the fewest words
    // besides (`执法人员1200人` over `女性执法人员300人` for
    // `占执法人员的`), then one that is not itself listed after 其中,
    // then the nearest.
    let mut best = (1, usize::MAX, false);
    for &(wi, w) in earlier {
        if wi >= pi || !same_family(w, part) || w.value() < part.value() {
            continue;
        }
        let k = key(cx, w);
        let run = overlap(object, k);
        let extra = k.chars().count().saturating_sub(run);
        let total = !cx
            .text
            .get(w.sentence().start..w.span().start)
            .is_some_and(|t| t.contains("其中"));
        let better = run > best.0
            || (whole.is_some()
                && run == best.0
                && (extra < best.1 || (extra == best.1 && total && !best.2)));
        if better {
            best = (run, extra, total);
            whole = Some(w);
        }
    }
    whole
}

/// The finding for a share `q` that is not `part`/`whole`.
fn mismatch(cx: &Context<'_>, q: &Quantity, part: &Quantity, whole: &Quantity) -> Finding {
    let unit = q.unit.as_ref().map_or("%", |u| u.symbol());
    let computed = rate_of(q, part.value(), whole.value())
        .map_or_else(|| "?".to_owned(), |v| format!("{}{unit}", show(v)));
    Finding::at(
        q.span(),
        format!(
            "占比与数字不符：{}/{} = {}，写的是{}",
            written(cx, part.span()),
            written(cx, whole.span()),
            computed,
            written(cx, q.span())
        ),
    )
    .with_label(part.span(), "部分")
    .with_label(whole.span(), "整体")
    .with_help("核对部分、整体和占比".to_owned())
}

impl Check for Share {
    fn reads_quantities(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for (i, q) in qs.iter().enumerate() {
            if q.kind != Kind::Percent
                || !q.is_exact()
                || q.value() <= Exact::ZERO
                || per_hundred(q).is_none()
            {
                continue;
            }
            let Some(object) = self.named_whole(cx, q) else {
                continue;
            };
            let earlier: Vec<_> = qs[..i]
                .iter()
                .enumerate()
                .rev()
                .take(super::figures::WINDOW)
                .take_while(|(_, p)| {
                    p.sentence() == q.sentence() || p.sentence().end + 4 >= q.sentence().start
                })
                .filter(|(_, p)| is_amount(p))
                .collect();
            let Some(&(pi, part)) = earlier.iter().find(|(_, p)| p.sentence() == q.sentence())
            else {
                continue;
            };
            let Some(whole) = best_whole(cx, object, &earlier, pi, part) else {
                continue;
            };
            if !rate_fits(q, part.value(), whole.value()) {
                out.push(mismatch(cx, q, part, whole));
            }
        }
    }
}
