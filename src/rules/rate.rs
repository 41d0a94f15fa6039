//! `rate`: a stated rate against the counts in its sentence.
//!
//! ## What it checks
//! A percentage whose key phrase matches `rate` (e.g. `纠错率`, `调撤率`) is
//! compared with the counts stated before it in the same sentence. The
//! numerator is the nearest count whose key matches `numerator` — by default
//! the rate's own words: the `stem` group of `rate` (`纠错` for `纠错率`), so
//! `纠错9件` is the numerator of `纠错率` and of `行政复议纠错率` — but not of
//! `直接纠错率` (a qualifier such as 直接, 按期, 当场 narrows the count). A
//! count whose words merely contain the stem (`间接纠错2件`) is the numerator
//! only when it is the only such count. A rate of another period or body
//! (`上年纠错率`, `全省平均纠错率`) or a target (`控制在15%以内`) is not
//! checked. Every other earlier count of the
//! same family that is at least the numerator (and whose key matches
//! `denominator`, if given) may be the base: reports divide by 受理, 审结 or
//! 办结 as they see fit. The rate is consistent when one base fits — the
//! quotient rounded half-up **or** truncated to the written decimals equals
//! the stated rate. Nothing is reported when the numerator or every base is
//! missing or approximate: a rate over an unstated base cannot be checked.
//!
//! When no base fits, the rate is reported with the arithmetic
//! (`10/32 = 31.3%，写的是35.7%`) and the base the rate implies
//! (`35.7% 对应 10/28`). Several rates of one sentence that imply the same
//! unstated base are reported once, at the last of them, with the others as
//! labels. The finding is a warning, unless the nearest base's key matches
//! `stated_base` — the text then ties the rate to that count itself, and a
//! mismatch is an arithmetic contradiction (the rule's severity).
//!
//! A rate above `max` percent (default 100) is reported too, unless its key
//! matches `growth` (同比增长, 提高 … are not shares of a whole).
//!
//! ## Options
//! ```yaml
//! check:
//!   rate:
//!     rate: '(?P<stem>\p{Han}{2,12}?)率$'   # regex on the rate's key
//!     numerator: '纠错|纠正'                 # optional; default: the stem
//!     denominator: '受理|审结|办结'          # optional; default: any count
//!     stated_base: '审结|办结'               # optional
//!     max: 100                              # optional
//!     growth: '增长|增幅|提高|上升|同比|环比'   # optional
//! ```

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::figures::{
    self, is_count, is_exact, key, per_hundred, rate_fits, rate_of, same_family, show, written,
    written_key,
};
use super::{Check, Context};
use crate::diagnostic::{Finding, Severity};
use crate::quantity::{Exact, Kind, Quantity, UnitClass};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub rate: Spanned<String>,
    #[serde(default)]
    pub numerator: Option<Spanned<String>>,
    #[serde(default)]
    pub denominator: Option<Spanned<String>>,
    #[serde(default)]
    pub stated_base: Option<Spanned<String>>,
    #[serde(default)]
    pub max: Option<u32>,
    #[serde(default)]
    pub growth: Option<Spanned<String>>,
}

/// The compiled rule.
pub(crate) struct Rate {
    rate: LazyRegex,
    numerator: Option<LazyRegex>,
    denominator: Option<LazyRegex>,
    stated_base: Option<LazyRegex>,
    max: Exact,
    growth: LazyRegex,
}

/// Words that narrow a count to a subset: `直接纠错率` is not `纠错` over a
/// base, `按期办结率` not `办结`.
const QUALIFIERS: &[&str] = &[
    "直接", "间接", "实质", "按期", "按时", "当场", "即时", "一次", "主动", "线上", "网上", "现场",
    "诉前", "首次",
];

/// Words before a rate that make it another period's or another body's
/// (`上年纠错率12%`, `全省平均纠错率15%`, `控制在15%以内`): not this count's.
const OTHER_SCOPE: &[&str] = &[
    "上年",
    "去年",
    "上一年",
    "同期",
    "平均",
    "全省",
    "全国",
    "力争",
    "控制在",
    "目标",
    "不低于",
    "不高于",
    "不超过",
];

/// The first characters of the [`OTHER_SCOPE`] words.
const OTHER_SCOPE_FIRST: &[char] = &['上', '去', '同', '平', '全', '力', '控', '目', '不'];

/// Whether `lead` holds one of the [`OTHER_SCOPE`] words: read once, a
/// character at a time, instead of once a word.
fn names_other_scope(lead: &str) -> bool {
    lead.char_indices().any(|(i, c)| {
        OTHER_SCOPE_FIRST.contains(&c) && OTHER_SCOPE.iter().any(|w| lead[i..].starts_with(w))
    })
}

const DEFAULT_GROWTH: &str = "增长|增幅|增加|提高|提升|上升|同比|环比|较上年|比上年";

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<Rate, SpecError> {
        let rate = compile_regex(&self.rate, cx)?;
        if self.numerator.is_none() && !rate.has_capture("stem") {
            return Err(SpecError::new(
                Some(self.rate.referenced),
                "rate 正则需要一个名为 stem 的分组（如 (?P<stem>纠错)率），或者给出 numerator",
            ));
        }
        let opt =
            |r: &Option<Spanned<String>>| r.as_ref().map(|r| compile_regex(r, cx)).transpose();
        Ok(Rate {
            rate,
            numerator: opt(&self.numerator)?,
            denominator: opt(&self.denominator)?,
            stated_base: opt(&self.stated_base)?,
            max: Exact::from_int(i64::from(self.max.unwrap_or(100))),
            growth: match &self.growth {
                Some(g) => compile_regex(g, cx)?,
                None => LazyRegex::fixed(DEFAULT_GROWTH),
            },
        })
    }
}

/// A rate that fits none of its candidate bases.
#[derive(Clone)]
struct Misfit<'q> {
    rate: &'q Quantity,
    numerator: &'q Quantity,
    /// The nearest candidate base.
    base: &'q Quantity,
    implied: Vec<i128>,
    tied: bool,
}

impl Rate {
    fn numerator_of<'q>(
        &self,
        cx: &Context<'_>,
        stem: &str,
        before: &[&'q Quantity],
    ) -> Option<&'q Quantity> {
        if let Some(re) = &self.numerator {
            return before
                .iter()
                .rev()
                .copied()
                .find(|q| re.is_match(key(cx, q)));
        }
        if stem.is_empty() {
            return None;
        }
        // `纠错9件` for `行政复议纠错率`: the stem ends with the count's words,
        // unless what is left qualifies it (`直接纠错率` is not over all 纠错).
        let named = |k: &str| {
            k.chars().count() >= 2
                && stem
                    .strip_suffix(k)
                    .is_some_and(|rest| !QUALIFIERS.iter().any(|w| rest.ends_with(w)))
        };
        if let Some(q) = before.iter().rev().copied().find(|q| named(key(cx, q))) {
            return Some(q);
        }
        // `间接纠错2件` for `纠错率`: a count whose words contain the stem is a
        // numerator only when it is the only one (`直接纠错4件，间接纠错2件`
        // together make the 纠错).
        let mut containing = before
            .iter()
            .rev()
            .copied()
            .filter(|q| key(cx, q).contains(stem));
        match (containing.next(), containing.next()) {
            (Some(q), None) => Some(q),
            _ => None,
        }
    }

    /// Whether the rate at `i` has a numerator and a base to check against.
    fn checkable(&self, cx: &Context<'_>, qs: &[Quantity], i: usize) -> bool {
        self.parts(cx, qs, i).is_some()
    }

    /// The numerator and the candidate bases of the rate at `i`.
    fn parts<'q>(
        &self,
        cx: &Context<'_>,
        qs: &'q [Quantity],
        i: usize,
    ) -> Option<(&'q Quantity, Vec<&'q Quantity>)> {
        let rate = &qs[i];
        let caps = self.rate.captures(key(cx, rate))?;
        let lead = cx
            .text
            .get(rate.clause().start..rate.span().start)
            .unwrap_or("");
        let after = cx
            .text
            .get(rate.span().end..rate.clause().end)
            .unwrap_or("");
        if names_other_scope(lead) || after.starts_with("以上") || after.starts_with("以内") {
            return None;
        }
        let stem = caps.name("stem").map_or("", |m| m.as_str());
        let before: Vec<&Quantity> = qs[i.saturating_sub(figures::WINDOW)..i]
            .iter()
            .filter(|q| q.sentence() == rate.sentence() && is_count(q) && is_exact(q))
            .collect();
        let numerator = self.numerator_of(cx, stem, &before)?;
        let bases: Vec<&Quantity> = before
            .iter()
            .copied()
            .filter(|b| {
                !std::ptr::eq(*b, numerator)
                    && same_family(b, numerator)
                    && b.value() >= numerator.value()
                    && b.value() > Exact::ZERO
                    && self
                        .denominator
                        .as_ref()
                        .is_none_or(|re| re.is_match(key(cx, b)))
            })
            .collect();
        (!bases.is_empty()).then_some((numerator, bases))
    }

    fn examine<'q>(&self, cx: &Context<'_>, qs: &'q [Quantity], i: usize) -> Option<Misfit<'q>> {
        let rate = &qs[i];
        let (numerator, bases) = self.parts(cx, qs, i)?;
        // Reports state the largest base (受理, 收案) first; name that one.
        let base = *bases.first()?;
        if bases
            .iter()
            .any(|b| rate_fits(rate, numerator.value(), b.value()))
        {
            return None;
        }
        Some(Misfit {
            rate,
            numerator,
            base,
            implied: per_hundred(rate)
                .and_then(|f| numerator.value().checked_mul(f))
                .map(|part| figures::implied_bases(part, rate.value(), rate.decimals))
                .unwrap_or_default(),
            tied: self
                .stated_base
                .as_ref()
                .is_some_and(|re| re.is_match(key(cx, base)))
                || ties(cx, base, numerator),
        })
    }

    fn report(&self, cx: &Context<'_>, group: &[Misfit<'_>], out: &mut Vec<Finding>) {
        let Some(last) = group.last() else { return };
        let line = |m: &Misfit<'_>| {
            let unit = m.rate.unit.as_ref().map_or("%", |u| u.symbol());
            let computed = rate_of(m.rate, m.numerator.value(), m.base.value())
                .map_or_else(|| "?".to_owned(), |v| format!("{}{unit}", show(v)));
            format!(
                "{}/{} = {}，写的是{}",
                show(m.numerator.value()),
                show(m.base.value()),
                computed,
                written(cx, m.rate.span())
            )
        };
        let rate_key = written_key(cx, last.rate);
        let mut finding = Finding::at(
            last.rate.span(),
            format!("{rate_key}与所列数字不符：{}", line(last)),
        );
        let implied = |m: &Misfit<'_>| match m.implied.as_slice() {
            [] => None,
            [b] => Some(b.to_string()),
            [first, .., end] => Some(format!("{first}～{end}")),
        };
        let help = if group.len() > 1 {
            let rates: Vec<_> = group.iter().map(|m| written(cx, m.rate.span())).collect();
            // The bases every rate of the group allows.
            let common: Vec<i128> = last
                .implied
                .iter()
                .copied()
                .filter(|b| group.iter().all(|m| m.implied.contains(b)))
                .collect();
            let base = implied(&Misfit {
                implied: common,
                ..*last
            })
            .unwrap_or_default();
            format!(
                "{}都对应约{}的分母，而不是{}：若分母是审结（办结）等另一个数，请写明该数",
                rates.join("和"),
                base,
                show(last.base.value())
            )
        } else {
            match implied(last) {
                // The text names the base itself: the figures contradict.
                Some(b) if last.tied => format!(
                    "分母已写明为{}：{} 对应的是 {}/{}，请核对比率、分子和分母",
                    written(cx, last.base.span()),
                    written(cx, last.rate.span()),
                    show(last.numerator.value()),
                    b
                ),
                Some(b) => format!(
                    "{} 对应 {}/{}：若分母为审结、办结等另一个数，请写明",
                    written(cx, last.rate.span()),
                    show(last.numerator.value()),
                    b
                ),
                None => "请核对分子、分母和比率".to_owned(),
            }
        };
        finding = finding.with_help(help);
        for m in &group[..group.len() - 1] {
            finding = finding.with_label(
                m.rate.span(),
                format!("{}：{}", written_key(cx, m.rate), line(m)),
            );
        }
        finding = finding
            .with_label(last.numerator.span(), "分子")
            .with_label(last.base.span(), "分母");
        if !group.iter().any(|m| m.tied) {
            finding = finding.with_severity(Severity::Warning);
        }
        out.push(finding);
    }
}

/// Whether the text itself makes `numerator` a part of `base`:
/// `受理26件,其中纠错9件`.
fn ties(cx: &Context<'_>, base: &Quantity, numerator: &Quantity) -> bool {
    cx.text
        .get(base.span().end..numerator.span().start)
        .is_some_and(|between| between.contains("其中") && between.chars().count() <= 20)
}

impl Rate {
    /// The rates this rule checked and found consistent (see
    /// [`super::verified`]).
    pub(crate) fn verified(&self, cx: &Context<'_>, out: &mut Vec<crate::span::Span>) {
        let qs = cx.quantities();
        for (i, q) in qs.iter().enumerate() {
            if q.kind == Kind::Percent
                && q.is_exact()
                && self.checkable(cx, qs, i)
                && self.examine(cx, qs, i).is_none()
            {
                out.push(q.number_span());
            }
        }
    }
}

impl Check for Rate {
    fn reads_quantities(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        let mut misfits: Vec<Misfit<'_>> = Vec::new();
        for (i, q) in qs.iter().enumerate() {
            if q.kind != Kind::Percent || !q.is_exact() || per_hundred(q).is_none() {
                continue;
            }
            let k = key(cx, q);
            // The rate in percent (`1500‰` is 150%).
            let in_percent = if q
                .unit
                .as_ref()
                .is_some_and(|u| u.class == UnitClass::Permille)
            {
                q.value().shifted(-1)
            } else {
                Some(q.value())
            };
            if in_percent.is_some_and(|v| v > self.max)
                && self.rate.is_match(k)
                && !self.growth.is_match(k)
            {
                let k = written_key(cx, q);
                out.push(
                    Finding::at(
                        q.span(),
                        format!("{k}为{}，超过了{}%", written(cx, q.span()), show(self.max)),
                    )
                    .with_help(format!(
                        "比率不能超过{}%；若是增幅或倍数，请写明“增长”“是……的几倍”",
                        show(self.max)
                    )),
                );
                continue;
            }
            if let Some(m) = self.examine(cx, qs, i) {
                misfits.push(m);
            }
        }
        // Group misfits of one sentence that imply the same base.
        let mut groups: Vec<Vec<Misfit<'_>>> = Vec::new();
        for m in misfits {
            let joins = groups.last_mut().filter(|g| {
                let prev = &g[g.len() - 1];
                prev.rate.sentence() == m.rate.sentence()
                    && !m.implied.is_empty()
                    && prev.implied.iter().any(|b| m.implied.contains(b))
            });
            match joins {
                Some(g) => g.push(m),
                None => groups.push(vec![m]),
            }
        }
        for g in &groups {
            self.report(cx, g, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{OTHER_SCOPE, OTHER_SCOPE_FIRST, names_other_scope};
    use crate::engine::Engine;
    use crate::rules::CheckOptions;
    use crate::source::SourceFile;

    const RULES: &str = r#"
rules:
  - id: p/completion-rate
    severity: error
    message: 完成率与分子分母不符
    summary: 完成率
    docs: 完成率可以超过100%，但不超过120%。
    check:
      rate:
        rate: '(?P<stem>完成)率'
        max: 120
    examples:
      bad: ['全年任务完成率为135%。']
      good: ['全年任务完成率为115%。']
"#;

    /// A rate above the rule's `max` is reported with that bound, in the
    /// message and in the help.
    #[test]
    fn the_bound_is_the_rules_max() {
        let pack = crate::pack::parse_files(vec![
            ("p/pack.yaml".to_owned(), "id: p\nname: 测试\n".to_owned()),
            ("p/rates.yaml".to_owned(), RULES.to_owned()),
        ])
        .unwrap();
        let engine = Engine::new(vec![pack]).unwrap();
        assert!(engine.verify_examples(true).is_empty());
        let file = SourceFile::from_text("a.txt", "全年任务完成率为135%。\n");
        let found = engine.check_with(&file, &CheckOptions::default(), |id| {
            id == "p/completion-rate"
        });
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].message.ends_with("超过了120%"),
            "{}",
            found[0].message
        );
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("比率不能超过120%；"), "{help}");
    }

    #[test]
    fn other_scope_words_are_found_wherever_they_stand() {
        for w in OTHER_SCOPE {
            let first = w.chars().next().unwrap();
            assert!(OTHER_SCOPE_FIRST.contains(&first), "{w}");
            for lead in [
                w.to_string(),
                format!("行政复议{w}"),
                format!("{w}纠错"),
                format!("a上{w}"),
            ] {
                assert!(names_other_scope(&lead), "{lead}");
            }
        }
        for lead in ["", "全年纠错", "上半年", "不断提高", "行政复议"] {
            assert_eq!(
                names_other_scope(lead),
                OTHER_SCOPE.iter().any(|w| lead.contains(w)),
                "{lead}"
            );
        }
    }
}
