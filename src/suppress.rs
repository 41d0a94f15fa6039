//! Suppression comments in drafts.
//!
//! ```text
//! <!-- reportlint-disable RULE[, RULE] -->     from here to a matching enable (or the end)
//! <!-- reportlint-enable RULE[, RULE] -->      ends the disable with the same RULE
//! <!-- reportlint-disable-next-line RULE -->   the next non-blank line only
//! ```
//! Without RULE a comment applies to every rule (`enable` without RULE ends
//! every open disable). RULE is a rule id or a pack id (`gongwen`, `gongwen/`)
//! meaning all its rules. The comments are HTML comments, invisible in
//! rendered Markdown; they are recognised in every file, `.txt` included.
//!
//! A finding is suppressed when its start lies in a region; a finding about
//! the whole document (no span) is suppressed by a `disable` that is never
//! ended. Two rules of their own report on the comments:
//! [`UNUSED`] for a disable that suppressed nothing (only when the rules it
//! names are enabled in this run) and [`UNKNOWN`] for a RULE that names no
//! loaded rule, or a `<!-- reportlint-… -->` comment that is not one of the
//! three forms (a misspelt directive would otherwise do nothing silently). Their own findings are never suppressed by comments (use
//! `--ignore` or the configuration).

mod comment;
#[cfg(test)]
mod tests;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::info::RuleInfo;
use crate::span::Span;
use comment::{Item, Kind, comments, next_line};

pub(crate) use comment::suppress_next_line;

/// The rule reporting a suppression comment that suppressed nothing.
pub(crate) const UNUSED: &str = "reportlint/unused-suppression";
/// The rule reporting a suppression comment naming an unknown rule.
pub(crate) const UNKNOWN: &str = "reportlint/unknown-suppression-rule";
/// The pack id of the rules built into the engine itself.
pub(crate) const PACK: &str = "reportlint";

/// The engine's own rules, listed by `reportlint rules` like pack rules.
pub(crate) fn meta_rules() -> [RuleInfo; 2] {
    [
        RuleInfo {
            id: UNUSED.to_owned(),
            pack: PACK.into(),
            kind: "builtin",
            default_severity: Severity::Warning,
            message: "这条抑制注释没有抑制任何问题".to_owned(),
            summary: "没有起作用的 reportlint-disable 注释".to_owned(),
            docs: "## 检查内容\n\
`<!-- reportlint-disable … -->`、`<!-- reportlint-disable-next-line … -->` 注释，\
它所针对的规则在其范围内没有报告任何问题。\n\n\
## 原因\n\
问题修改之后，留下的抑制注释会在以后悄悄掩盖新出现的同类问题。删除不再需要的注释，\
抑制才始终只针对确有理由保留的写法。只有注释所指的规则在本次运行中启用时才报告。\n\n\
## 示例\n\
`<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->` 下一行已经写作\
“法治政府”，这条注释应删除。\n"
            .to_owned(),
            bad: vec!["<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->\n加快建设法治政府。\n".to_owned()],
            good: vec!["<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->\n原文引用：“加快建设法制政府”。\n".to_owned()],
            builtin: true,
        },
        RuleInfo {
            id: UNKNOWN.to_owned(),
            pack: PACK.into(),
            kind: "builtin",
            default_severity: Severity::Warning,
            message: "抑制注释中的规则不存在".to_owned(),
            summary: "reportlint-disable 注释写了不存在的规则".to_owned(),
            docs: "## 检查内容\n\
抑制注释中写的规则 id 或规则包 id 不是已加载的规则，或者 `<!-- reportlint-… -->` \
注释不是三种写法之一（如把 disable 写成 disabled）。\n\n\
## 原因\n\
写错的规则 id 不会抑制任何问题，作者却以为已经抑制了。用 `reportlint rules` 查看\
可用的规则 id。\n\n\
## 示例\n\
`<!-- reportlint-disable fazhi/fazhi-not-fazi -->` 应写作\
`<!-- reportlint-disable fazhi/fazhi-not-fazhi -->`。\n"
            .to_owned(),
            bad: vec!["<!-- reportlint-disable fazhi/no-such-rule -->\n加快建设法治政府。\n".to_owned()],
            good: vec!["<!-- reportlint-disable fazhi -->\n加快建设法制政府。\n<!-- reportlint-enable fazhi -->\n".to_owned()],
            builtin: true,
        },
    ]
}

#[derive(Debug)]
struct Region {
    selector: Option<String>,
    /// Where the comment's RULE (or the comment) is, for findings about it.
    at: Span,
    range: Span,
    /// Never ended by an enable (covers whole-document findings).
    open_ended: bool,
    used: bool,
}

/// Whether a selector (`pack`, `pack/` or a rule id) covers `rule`.
pub(crate) fn selector_matches(selector: &str, rule: &str) -> bool {
    let pack = selector.trim_end_matches('/');
    selector == rule
        || (rule.len() > pack.len()
            && rule.starts_with(pack)
            && rule[pack.len()..].starts_with('/'))
}

/// What the suppression pass needs to know about rules in this run.
pub(crate) struct RuleQuery<'a> {
    /// Whether a selector names at least one loaded rule.
    pub known: &'a dyn Fn(&str) -> bool,
    /// Whether every rule a selector names is enabled in this run.
    pub enabled: &'a dyn Fn(&str) -> bool,
    /// The severity a meta rule reports with (`None`: off).
    pub meta_severity: &'a dyn Fn(&str) -> Option<Severity>,
}

/// Apply the suppression comments of `text` to `diags` (spans of `text`),
/// adding findings about the comments themselves.
pub(crate) fn apply(
    text: &str,
    path: &str,
    diags: Vec<Diagnostic>,
    q: &RuleQuery<'_>,
) -> Vec<Diagnostic> {
    if !text.contains("reportlint-") {
        return diags;
    }
    let mut about = CommentFindings {
        path,
        q,
        found: Vec::new(),
    };
    about.misspelt(text);
    let mut regions = regions(text, &mut about);
    let mut kept = suppress(diags, &mut regions);
    for r in &regions {
        let enabled = r.selector.as_deref().is_none_or(|s| (q.enabled)(s));
        if !r.used && enabled {
            let what = r.selector.as_deref().unwrap_or("所有规则");
            about.report(
                UNUSED,
                r.at,
                format!("这条抑制注释（{what}）没有抑制任何问题，可以删除"),
            );
        }
    }
    kept.extend(about.found);
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept
}

/// The findings of the engine's own rules about suppression comments.
struct CommentFindings<'a> {
    path: &'a str,
    q: &'a RuleQuery<'a>,
    found: Vec<Diagnostic>,
}

impl CommentFindings<'_> {
    /// Report `message` under `rule`, unless the rule is off in this run.
    fn report(&mut self, rule: &str, span: Span, message: String) {
        if let Some(severity) = (self.q.meta_severity)(rule) {
            self.found.push(Diagnostic {
                path: self.path.to_owned(),
                rule: rule.to_owned(),
                severity,
                message,
                span: Some(span),
                help: None,
                labels: Vec::new(),
                notes: Vec::new(),
                fix: None,
            });
        }
    }

    /// `<!-- reportlint-… -->` comments that are none of the three forms.
    fn misspelt(&mut self, text: &str) {
        for span in comment::misspelt(text) {
            self.report(
                UNKNOWN,
                span,
                "无法识别的 reportlint 注释；应写作 reportlint-disable、reportlint-enable 或 reportlint-disable-next-line，后接规则 id".to_owned(),
            );
        }
    }
}

/// The regions the comments of `text` suppress; RULEs naming no loaded
/// rule are reported and ignored.
fn regions(text: &str, about: &mut CommentFindings<'_>) -> Vec<Region> {
    let mut regions: Vec<Region> = Vec::new();
    // Indices of open (not yet ended) disable regions.
    let mut open: Vec<usize> = Vec::new();
    for comment in comments(text) {
        let mut valid = Vec::new();
        for item in comment.items {
            match &item.selector {
                Some(sel) if !(about.q.known)(sel) => about.report(
                    UNKNOWN,
                    item.span,
                    format!("抑制注释中的规则“{sel}”不存在（用 `reportlint rules` 查看可用规则）"),
                ),
                _ => valid.push(item),
            }
        }
        let (range, open_ended) = match comment.kind {
            Kind::Enable => {
                for item in &valid {
                    open.retain(|&r| !regions[r].ended_by(item, comment.span.start));
                }
                continue;
            }
            Kind::Disable => (Span::new(comment.span.end, text.len()), true),
            Kind::NextLine => (next_line(text, comment.span.end), false),
        };
        for item in valid {
            if open_ended {
                open.push(regions.len());
            }
            regions.push(Region {
                selector: item.selector,
                at: item.span,
                range,
                open_ended,
                used: false,
            });
        }
    }
    regions
}

impl Region {
    /// Whether the enable `item` at `at` ends this region (then it ends there).
    fn ended_by(&mut self, item: &Item, at: usize) -> bool {
        fn pack(selector: &str) -> &str {
            selector.trim_end_matches('/')
        }
        let ends = item.selector.is_none()
            || self.selector.as_deref().map(pack) == item.selector.as_deref().map(pack);
        if ends {
            self.range.end = at;
            self.open_ended = false;
        }
        ends
    }

    /// Whether this region suppresses `d`.
    fn covers(&self, d: &Diagnostic) -> bool {
        let rule_ok = self
            .selector
            .as_deref()
            .is_none_or(|s| selector_matches(s, &d.rule));
        let place_ok = match d.span {
            Some(s) => self.range.start <= s.start && s.start < self.range.end,
            None => self.open_ended,
        };
        rule_ok && place_ok
    }
}

/// The findings no region suppresses (the engine's own are never
/// suppressed); every region that suppressed one is marked used.
fn suppress(diags: Vec<Diagnostic>, regions: &mut [Region]) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| {
            if d.rule.starts_with("reportlint/") {
                return true;
            }
            let mut suppressed = false;
            for r in regions.iter_mut() {
                if r.covers(d) {
                    r.used = true;
                    suppressed = true;
                }
            }
            !suppressed
        })
        .collect()
}
