//! `breakdown`: a total and its parts (其中 / 包括 / 分别为).
//!
//! ## What it checks
//! A `marker` (其中, 包括, 分别为 …) right after a figure — the *total* —
//! introduces *parts*: the figures after it up to the end of the sentence (or
//! of the bracket the marker opened) that count the same family of things
//! (件, 个 and 项 may mix; 人 does not mix with 件), skipping attributes of a
//! part such as `涉及资金约14个亿` (keys matching `skip` with a word the
//! total's key lacks: the parts of `专项资金1500万元` are `区级资金900万元`).
//! A list ends where another marker follows a figure (`…；审结90件，其中维持
//! 70件` is 90's list), and, once its parts add up to the total exactly, at
//! the next clause break (`其中公安类60件、自然资源类40件，维持70件…` breaks
//! the same total down another way). The figure right after the marker is a
//! part even when its key has a `skip` word (`其中涉及公安类60件`).
//! A part of a part is not another part: figures in a `(含…)` bracket after
//! a part, and a part whose key extends an earlier part's (`办结980件` …
//! `即时办结600件`). A figure in a closed bracket right before the marker
//! (`60件(含备案审查12件),其中`) is not the total; the figure before the
//! bracket is. When the figure right before the marker has no parts of its family
//! (`活动150场，覆盖3万人次，其中…70场`), the total is the nearest earlier
//! figure of the sentence that has. A total must also name the kind of thing
//! its parts are: a figure whose key ends with an `outcome` word (`败诉5件`,
//! `纠错9件`) is itself a subset of cases, and only outcomes (`其中撤销5件`)
//! or a catch-all part can be its parts; after `败诉5件，其中负责人出庭应诉22件`
//! the rule looks further back for a total that fits, and says nothing when
//! none does. Approximate figures
//! take part as intervals (`1000余件` is at least 1000).
//! - Parts that add up to more than the total are an error — whatever the
//!   list says.
//! - An *exhaustive* list — introduced by an `exhaustive` marker (分别为), or
//!   closing with a catch-all part (`其他事项157件`, keys matching
//!   `catch_all`) — must add up to the total exactly.
//! - An open list (one part, or a list ending in 等) is only checked not to
//!   exceed the total. A list of two or more parts that falls short of the
//!   total by at most `tolerance` percent is reported as a warning: a list
//!   that nearly covers its total but not quite is almost always a slip.
//!
//! The finding covers the total and all parts, with a label on each.
//!
//! ## Options
//! ```yaml
//! check:
//!   breakdown:
//!     markers: [其中, 包括, 分别为, 分别是]
//!     exhaustive: [分别为, 分别是]
//!     catch_all: '其他|其余|另有|剩余'
//!     skip: '涉及|金额|资金|标的|占|同比|比例'
//!     outcome: '败诉|纠错|撤销|维持'   # optional
//!     tolerance: 10
//! ```

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::figures::{high, is_exact, key, low, show, written};
use super::{Check, Context};
use crate::diagnostic::{Finding, Severity};
use crate::quantity::{Exact, Quantity};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;

mod lists;
use lists::List;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub markers: Vec<String>,
    #[serde(default)]
    pub exhaustive: Vec<String>,
    pub catch_all: Spanned<String>,
    pub skip: Spanned<String>,
    #[serde(default)]
    pub outcome: Option<Spanned<String>>,
    #[serde(default)]
    pub tolerance: Option<u32>,
}

/// The compiled rule.
pub(crate) struct Breakdown {
    markers: Vec<String>,
    /// A searcher for each of the `markers` (a few short words): cheaper to
    /// build at every start than one automaton for them all, and on a
    /// report's figures about as fast.
    marker_finders: Vec<memchr::memmem::Finder<'static>>,
    exhaustive: Vec<String>,
    catch_all: LazyRegex,
    skip: LazyRegex,
    /// Keys of outcomes (败诉, 纠错 …), anchored at the end of a total's key.
    outcome: Option<(LazyRegex, LazyRegex)>,
    tolerance: Exact,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Breakdown, SpecError> {
        if self.markers.is_empty() || self.markers.iter().any(String::is_empty) {
            return Err(SpecError::new(
                cx.at,
                "markers 至少列出一个非空的提示词（如“其中”）",
            ));
        }
        if let Some(e) = self.exhaustive.iter().find(|e| !self.markers.contains(e)) {
            return Err(SpecError::new(
                cx.at,
                format!("exhaustive 中的“{e}”不在 markers 中"),
            ));
        }
        Ok(Breakdown {
            markers: self.markers.clone(),
            marker_finders: self
                .markers
                .iter()
                .map(|m| memchr::memmem::Finder::new(m).into_owned())
                .collect(),
            exhaustive: self.exhaustive.clone(),
            catch_all: compile_regex(&self.catch_all, cx)?,
            skip: compile_regex(&self.skip, cx)?,
            outcome: self
                .outcome
                .as_ref()
                .map(|o| {
                    let anywhere = compile_regex(o, cx)?;
                    let at_end = compile_regex(
                        &Spanned {
                            value: format!("(?:{})$", o.value),
                            referenced: o.referenced,
                            defined: o.defined,
                        },
                        cx,
                    )?;
                    Ok::<_, SpecError>((at_end, anywhere))
                })
                .transpose()?,
            tolerance: Exact::from_int(i64::from(self.tolerance.unwrap_or(10))),
        })
    }
}

/// The most figures a list is looked for in, after its marker (and before
/// it, for the total): the bound every numeric rule keeps (a sentence that
/// runs on for thousands of figures must not make the rule quadratic).
const MAX_FIGURES: usize = super::figures::WINDOW;

/// Sum of the parts' lower and upper bounds (`None` upper: unbounded).
fn sum(parts: &[&Quantity]) -> Option<(Exact, Option<Exact>)> {
    let mut lo = Exact::ZERO;
    let mut hi = Some(Exact::ZERO);
    for p in parts {
        lo = lo.checked_add(low(p)?)?;
        hi = match (hi, high(p)) {
            (Some(h), Some(v)) => Some(h.checked_add(v)?),
            _ => None,
        };
    }
    Some((lo, hi))
}

impl Breakdown {
    /// Whether `parts` can be parts of `total`: a total that counts an
    /// outcome (`败诉5件`, `纠错9件`) is the total only of outcomes
    /// (`其中撤销5件`, `其中因程序违法败诉3件`) or a catch-all part, not of
    /// another act counted after it (`败诉5件，其中负责人出庭应诉22件`).
    fn fits(&self, cx: &Context<'_>, total: &Quantity, parts: &[&Quantity]) -> bool {
        let Some((at_end, anywhere)) = &self.outcome else {
            return true;
        };
        if !at_end.is_match(key(cx, total)) {
            return true;
        }
        parts.iter().all(|p| {
            let k = key(cx, p);
            anywhere.is_match(k) || self.catch_all.is_match(k)
        })
    }

    /// Whether a figure with key `part` is an attribute of a part rather
    /// than a part: its key has a `skip` word (涉及, 资金 …) that the total's
    /// key does not — the parts of `专项资金1500万元` are `区级资金900万元`.
    fn skipped(&self, part: &str, total: &str) -> bool {
        self.skip
            .find_iter(part)
            .any(|m| !total.contains(m.as_str()))
    }

    /// Reports a list whose parts exceed its total, or fall short of it when
    /// the list is complete (or nearly covers it).
    fn check_list(&self, cx: &Context<'_>, list: &List<'_>, out: &mut Vec<Finding>) {
        let Some((lo, hi)) = sum(&list.parts) else {
            return;
        };
        let (Some(t_lo), t_hi) = (low(list.total), high(list.total)) else {
            return;
        };
        // Written out only for a finding (most lists add up).
        let arithmetic = || {
            let shown: Vec<String> = list
                .parts
                .iter()
                .map(|p| written(cx, p.span()).into_owned())
                .collect();
            let total_text = written(cx, list.total.span());
            let sum = format!("{} = {}", shown.join(" + "), list.amount(cx, lo));
            format!("{sum}，总数是{total_text}")
        };
        // More than the total, whatever the list says.
        if t_hi.is_some_and(|t| lo > t) {
            out.push(list.finding(
                format!("分项之和超过总数：{}", arithmetic()),
                "核对总数和各分项；若分项之间有重叠，请说明",
            ));
            return;
        }
        if list.parts.len() == 1 && list.total.is_exact() && is_exact(list.parts[0]) {
            return;
        }
        let hi = hi.unwrap_or(lo);
        let short = t_lo > hi;
        if list.exhaustive && !list.open && short {
            out.push(list.finding(
                format!("分项之和与总数不符：{}", arithmetic()),
                "列举完整的分项之和应等于总数，请核对",
            ));
            return;
        }
        if list.parts.len() >= 2 && !list.open && short && list.total.is_exact() {
            let gap = t_lo.checked_sub(hi);
            let limit = t_lo.checked_mul(self.tolerance).and_then(|v| v.shifted(-2));
            if let (Some(gap), Some(limit)) = (gap, limit) {
                if gap <= limit {
                    out.push(
                        list.finding(
                            format!("分项之和比总数少{}：{}", list.amount(cx, gap), arithmetic()),
                            "若列举不完整，请在最后一项后加“等”或补上其他分项；否则请核对数字",
                        )
                        .with_severity(Severity::Warning),
                    );
                }
            }
        }
    }
}

impl List<'_> {
    /// `v` in the terms the list is written in: `800万元 + 300万元 =
    /// 1100万元` — those of the total, or else of the first part, when every
    /// part is written at its magnitude (万, 亿).
    fn amount(&self, cx: &Context<'_>, v: Exact) -> String {
        let reference = std::iter::once(self.total)
            .chain(self.parts.first().copied())
            .find(|r| {
                r.approx().is_empty() && self.parts.iter().all(|p| p.magnitude == r.magnitude)
            });
        let scaled = reference.and_then(|r| {
            let suffix = cx.text.get(r.number_span().end..r.span().end)?;
            Some(format!(
                "{}{suffix}",
                show(v.shifted(-i32::from(r.magnitude))?)
            ))
        });
        scaled.unwrap_or_else(|| show(v))
    }

    /// A finding over the total and all parts, with a label on each.
    fn finding(&self, message: String, help: &str) -> Finding {
        let last = self.parts[self.parts.len() - 1];
        let span = Span::new(self.total.span().start, last.span().end);
        let mut f = Finding::at(span, message).with_help(help.to_owned());
        f = f.with_label(self.total.span(), "总数");
        for p in &self.parts {
            f = f.with_label(p.span(), "分项");
        }
        f
    }
}

impl Breakdown {
    /// The totals and parts this rule checked and found adding up (see
    /// [`super::verified`]).
    pub(crate) fn verified(&self, cx: &Context<'_>, out: &mut Vec<Span>) {
        let qs = cx.quantities();
        for list in self.lists(cx, qs) {
            let exact = list.total.is_exact() && list.parts.iter().all(|p| is_exact(p));
            if list.parts.len() >= 2
                && exact
                && sum(&list.parts).is_some_and(|(lo, _)| lo == list.total.value())
            {
                out.push(list.total.number_span());
                out.extend(list.parts.iter().map(|p| p.number_span()));
            }
        }
    }
}

impl Check for Breakdown {
    fn reads_quantities(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for list in self.lists(cx, qs) {
            self.check_list(cx, &list, out);
        }
    }
}
