//! `restated_figure`: one figure, two values.
//!
//! ## What it checks
//! The same metric stated twice in one document with different values: the
//! same words from the start of the clause to the figure (after dropping
//! scope-neutral words such as 全年, 共, 累计; at least `min_key_chars`
//! characters), the same unit, both exact. A figure listed after 其中 (包括,
//! 分别为, 含) in its sentence is a part of some total, scoped by it, and is
//! not compared. A
//! restatement in a sentence that names another year, compares with last
//! year (同比, 上年) or speaks of a part of the period (上半年, 一季度) is a
//! different metric and is not compared; so are keys matching `except`.
//! Figures under headings that name different bodies (`（一）区司法局`,
//! `（二）区市场监管局`) are those bodies' and are not compared.
//! Reported at the later mention, with the first as a label.
//!
//! ## Options
//! ```yaml
//! check:
//!   restated_figure:
//!     min_key_chars: 4      # optional
//!     except: '新增|累计'    # optional
//! ```

use super::figures::{is_exact, key, written, written_key};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::pack::{CompileCx, SpecError, compile_regex};
use crate::quantity::{IdKind, Kind, Quantity};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub min_key_chars: Option<usize>,
    #[serde(default)]
    pub except: Option<Spanned<String>>,
}

/// The compiled rule.
pub struct RestatedFigure {
    min_key_chars: usize,
    except: Option<Regex>,
}

impl Spec {
    pub fn compile(&self, cx: &CompileCx<'_>) -> Result<RestatedFigure, SpecError> {
        let min_key_chars = self.min_key_chars.unwrap_or(4);
        if min_key_chars < 2 {
            return Err(SpecError::new(cx.at, "min_key_chars 至少为 2"));
        }
        Ok(RestatedFigure {
            min_key_chars,
            except: self.except.as_ref().map(compile_regex).transpose()?,
        })
    }
}

/// Words that do not change what a key measures.
const NEUTRAL: &[&str] = &[
    "全年", "年内", "共计", "合计", "累计", "总计", "共", "全区", "全市", "全县",
];

/// Words that make the figures after them parts of a total.
const PART_MARKERS: &[&str] = &["其中", "包括", "分别为", "分别是", "含"];

/// Sentences about another period or a comparison.
const OTHER_PERIOD: &[&str] = &[
    "同比",
    "上年",
    "去年",
    "上一年",
    "较",
    "上半年",
    "下半年",
    "季度",
    "月份",
    "以来",
    "期间",
    "近三年",
    "近五年",
    "历年",
];

fn canonical(key: &str) -> &str {
    let mut k = key;
    loop {
        let before = k;
        for w in NEUTRAL {
            k = k.strip_prefix(w).unwrap_or(k);
        }
        if k == before {
            return k;
        }
    }
}

/// Endings of a heading that names a body (`（二）区市场监管局`, `（三）各镇街道`):
/// the figures under it are that body's, not the whole report's.
const BODY_ENDINGS: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "院",
    "镇",
    "乡",
    "街道",
    "中心",
    "部",
    "所",
    "队",
    "厅",
    "署",
    "公司",
    "政府",
];

/// The body named by the nearest heading before `at`, if it names one.
fn body_of<'t>(cx: &Context<'t>, at: usize) -> Option<&'t str> {
    let h = cx.doc.headings.iter().rev().find(|h| h.span.end <= at)?;
    let t = h.text.slice(cx.text).trim();
    let t = t.trim_end_matches(['。', ':', ' ']);
    (t.chars().count() <= 20 && BODY_ENDINGS.iter().any(|e| t.ends_with(e))).then_some(t)
}

impl RestatedFigure {
    /// The year a quantity's sentence speaks of, if it names one before it.
    fn year_of(cx: &Context<'_>, qs: &[Quantity], i: usize) -> Option<i128> {
        qs[..i]
            .iter()
            .rev()
            .take(super::figures::WINDOW)
            .take_while(|q| q.sentence == qs[i].sentence)
            .find(|q| q.kind == Kind::Identifier(IdKind::Year))
            .and_then(|q| q.value.to_integer())
            .or_else(|| cx.year.map(i128::from))
    }
}

impl Check for RestatedFigure {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        let mut seen: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, q) in qs.iter().enumerate() {
            if !q.is_numeric() || !is_exact(q) || !matches!(q.kind, Kind::Count | Kind::Money) {
                continue;
            }
            let Some(unit) = q.unit.as_ref() else {
                continue;
            };
            // The metric is the whole clause before the figure: the same
            // words in another scope (`其中…`, `…和乡镇…`) are another metric.
            let Some(prefix) = cx.text.get(q.clause.start..q.span.start) else {
                continue;
            };
            let k = canonical(prefix.trim());
            // A part of a list (`…，其中：行政复议案件40件`, `包括…`) is scoped
            // by its total even when 其中 ends in its own clause.
            let lead = cx.text.get(q.sentence.start..q.span.start).unwrap_or("");
            if k.chars().count() < self.min_key_chars
                || k.contains("其中")
                || PART_MARKERS.iter().any(|m| lead.contains(m))
                || key(cx, q).is_empty()
                || self.except.as_ref().is_some_and(|re| re.is_match(k))
            {
                continue;
            }
            let sentence = q.sentence.slice(cx.text);
            if OTHER_PERIOD.iter().any(|w| sentence.contains(w)) {
                continue;
            }
            let year = Self::year_of(cx, qs, i);
            let earlier = seen.entry((k, unit.symbol.as_str())).or_default();
            if let Some(&first) = earlier.iter().find(|&&j| {
                qs[j].value != q.value
                    && Self::year_of(cx, qs, j) == year
                    && body_of(cx, qs[j].span.start) == body_of(cx, q.span.start)
            }) {
                let f = &qs[first];
                out.push(
                    Finding::at(
                        q.span,
                        format!(
                            "“{}”前后数字不一致：这里是{}，前面是{}",
                            written_key(cx, q),
                            written(cx, q.span),
                            written(cx, f.span)
                        ),
                    )
                    .with_label(f.span, "前面的数字")
                    .with_help("同一指标在报告中应只有一个数值；若口径不同，请写明口径".to_owned()),
                );
            }
            earlier.push(i);
        }
    }
}
