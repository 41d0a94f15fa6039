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

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::info::RuleInfo;
use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

/// The rule reporting a suppression comment that suppressed nothing.
pub const UNUSED: &str = "reportlint/unused-suppression";
/// The rule reporting a suppression comment naming an unknown rule.
pub const UNKNOWN: &str = "reportlint/unknown-suppression-rule";
/// The pack id of the rules built into the engine itself.
pub const PACK: &str = "reportlint";

/// The engine's own rules, listed by `reportlint rules` like pack rules.
pub fn meta_rules() -> [RuleInfo; 2] {
    [
        RuleInfo {
            id: UNUSED.to_owned(),
            pack: PACK.to_owned(),
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
            pack: PACK.to_owned(),
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

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*reportlint-(disable-next-line|disable|enable)((?:[ \t,]+[^\s,>-][^\s,>]*)*)[ \t]*-->")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Anything that looks like a reportlint comment, to catch misspelt ones.
static LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*reportlint-[^\n]*?-->")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
}

/// One `RULE` of a comment, or the whole comment when it names none.
#[derive(Debug, Clone)]
struct Item {
    /// `None`: every rule.
    selector: Option<String>,
    /// The RULE's text, or the whole comment.
    span: Span,
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
pub fn selector_matches(selector: &str, rule: &str) -> bool {
    let pack = selector.trim_end_matches('/');
    selector == rule
        || (rule.len() > pack.len()
            && rule.starts_with(pack)
            && rule[pack.len()..].starts_with('/'))
}

/// What the suppression pass needs to know about rules in this run.
pub struct RuleQuery<'a> {
    /// Whether a selector names at least one loaded rule.
    pub known: &'a dyn Fn(&str) -> bool,
    /// Whether every rule a selector names is enabled in this run.
    pub enabled: &'a dyn Fn(&str) -> bool,
    /// The severity a meta rule reports with (`None`: off).
    pub meta_severity: &'a dyn Fn(&str) -> Option<Severity>,
}

/// Apply the suppression comments of `text` to `diags` (spans of `text`),
/// adding findings about the comments themselves.
pub fn apply(text: &str, path: &str, diags: Vec<Diagnostic>, q: &RuleQuery<'_>) -> Vec<Diagnostic> {
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
        let recognised: Vec<(usize, usize)> = COMMENT
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        for m in LOOSE.find_iter(text) {
            if !recognised.contains(&(m.start(), m.end())) {
                self.report(
                    UNKNOWN,
                    Span::new(m.start(), m.end()),
                    "无法识别的 reportlint 注释；应写作 reportlint-disable、reportlint-enable 或 reportlint-disable-next-line，后接规则 id".to_owned(),
                );
            }
        }
    }
}

/// One suppression comment: its kind, where it is, and its RULEs (one item
/// without selector when it names none).
struct Comment {
    kind: Kind,
    span: Span,
    items: Vec<Item>,
}

/// The suppression comments of `text`, in order.
fn comments(text: &str) -> impl Iterator<Item = Comment> + '_ {
    COMMENT.captures_iter(text).filter_map(|caps| {
        let (whole, kind, list) = (caps.get(0)?, caps.get(1)?, caps.get(2));
        let kind = match kind.as_str() {
            "disable" => Kind::Disable,
            "enable" => Kind::Enable,
            _ => Kind::NextLine,
        };
        let span = Span::new(whole.start(), whole.end());
        let mut items = Vec::new();
        if let Some(list) = list {
            let mut start = list.start();
            for part in list.as_str().split([' ', '\t', ',']) {
                if !part.is_empty() {
                    items.push(Item {
                        selector: Some(part.to_owned()),
                        span: Span::new(start, start + part.len()),
                    });
                }
                start += part.len() + 1;
            }
        }
        if items.is_empty() {
            items.push(Item {
                selector: None,
                span,
            });
        }
        Some(Comment { kind, span, items })
    })
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

/// How to suppress `rule` for a finding that starts at byte `at` of `text`,
/// as an insertion `(offset, text)`: the rule added to the
/// `disable-next-line` comment that already governs the finding's line, or
/// a new `<!-- reportlint-disable-next-line RULE -->` line above it (line
/// endings as in the text; after a BOM). `None` when no comment can reach
/// the finding: the engine's own rules, or a start at a line's end.
pub fn suppress_next_line(text: &str, at: usize, rule: &str) -> Option<(usize, String)> {
    if rule.starts_with("reportlint/") || at > text.len() || !text.is_char_boundary(at) {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if at >= line_end || text[line_start..line_end].trim().is_empty() {
        return None;
    }
    // A comment on the previous non-blank line already targets this line.
    let mut prev_end = line_start.checked_sub(1);
    while let Some(end) = prev_end {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        if !line.trim().is_empty() {
            let list_end = COMMENT
                .captures_iter(line)
                .filter(|c| c.get(1).is_some_and(|k| k.as_str() == "disable-next-line"))
                .filter_map(|c| c.get(2).filter(|l| !l.as_str().trim().is_empty()))
                .last();
            if let Some(list) = list_end {
                return Some((start + list.end(), format!(", {rule}")));
            }
            break;
        }
        prev_end = start.checked_sub(1);
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let offset = if line_start == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        line_start
    };
    Some((
        offset,
        format!("<!-- reportlint-disable-next-line {rule} -->{eol}"),
    ))
}

/// The next non-blank line after `from` (the rest of the comment's line is skipped).
fn next_line(text: &str, from: usize) -> Span {
    let mut pos = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text[pos..end].trim().is_empty() {
            return Span::new(pos, end);
        }
        pos = end + 1;
    }
    Span::new(text.len(), text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        assert!(selector_matches("gongwen", "gongwen/heading-marker"));
        assert!(selector_matches("gongwen/", "gongwen/heading-marker"));
        assert!(selector_matches(
            "gongwen/heading-marker",
            "gongwen/heading-marker"
        ));
        assert!(!selector_matches("gong", "gongwen/heading-marker"));
        assert!(!selector_matches(
            "gongwen/heading",
            "gongwen/heading-marker"
        ));
    }

    /// Apply [`suppress_next_line`] for the finding of `rule` at `needle`
    /// and check that [`apply`] then suppresses it (the new comment is used).
    fn suppressed_after_insert(text: &str, needle: &str, rule: &str) -> String {
        let at = text.find(needle).unwrap();
        let (offset, insert) = suppress_next_line(text, at, rule).expect("an insertion");
        let mut out = text.to_owned();
        out.insert_str(offset, &insert);
        let at = at + if offset <= at { insert.len() } else { 0 };
        let finding = Diagnostic {
            path: "r".into(),
            rule: rule.into(),
            severity: Severity::Error,
            message: String::new(),
            span: Some(Span::new(at, at + needle.len())),
            help: None,
            labels: vec![],
            notes: vec![],
            fix: None,
        };
        let query = RuleQuery {
            known: &|_| true,
            enabled: &|_| true,
            meta_severity: &|_| Some(Severity::Warning),
        };
        let left = apply(&out, "r", vec![finding], &query);
        // Only other rules' comments may be left unused.
        let ours = |d: &Diagnostic| d.rule == rule || d.message.contains(rule);
        assert!(!left.iter().any(ours), "{out:?}: {left:?}");
        out
    }

    #[test]
    fn suppress_inserts_a_comment_line_or_extends_one() {
        let t = "标题\n　　加快建设法制政府。\n";
        assert_eq!(
            suppressed_after_insert(t, "法制政府", "fazhi/fazhi-not-fazhi"),
            "标题\n<!-- reportlint-disable-next-line fazhi/fazhi-not-fazhi -->\n　　加快建设法制政府。\n"
        );
        let t = "<!-- reportlint-disable-next-line a/b -->\n\n法制政府\r\n";
        assert_eq!(
            suppressed_after_insert(t, "法制", "c/d"),
            "<!-- reportlint-disable-next-line a/b, c/d -->\n\n法制政府\r\n"
        );
        let t = "\u{feff}法制政府\r\n二\r\n";
        assert_eq!(
            suppressed_after_insert(t, "法制", "c/d"),
            "\u{feff}<!-- reportlint-disable-next-line c/d -->\r\n法制政府\r\n二\r\n"
        );
        // A comment for the line before does not govern this one.
        let t = "<!-- reportlint-disable-next-line a/b -->\n一\n法制\n";
        assert!(suppressed_after_insert(t, "法制", "c/d").contains("一\n<!--"));
        assert_eq!(suppress_next_line("a\nb", 1, "x/y"), None);
        assert_eq!(suppress_next_line("法制", 0, UNUSED), None);
    }

    #[test]
    fn comment_syntax() {
        let t = "<!-- reportlint-disable a/b, c/d -->x<!-- reportlint-enable -->";
        let caps: Vec<_> = COMMENT.captures_iter(t).collect();
        assert_eq!(caps.len(), 2);
        assert_eq!(caps[0].get(2).unwrap().as_str().trim(), "a/b, c/d");
        assert_eq!(next_line("a\n\n  \nb\nc", 1), Span::new(6, 7));
    }

    fn finding(rule: &str, span: Option<Span>) -> Diagnostic {
        Diagnostic {
            path: "r".into(),
            rule: rule.into(),
            severity: Severity::Error,
            message: String::new(),
            span,
            help: None,
            labels: vec![],
            notes: vec![],
            fix: None,
        }
    }

    #[test]
    fn regions_end_where_their_enable_is() {
        let text = "<!-- reportlint-disable a/, c/d,x/y -->一\n<!-- reportlint-enable a -->二\n\
                    <!-- reportlint-disable-next-line -->\n\n三\n四\n<!-- reportlint-disable e -->五\n\
                    <!-- reportlint-disabled a -->\n";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Some(Span::new(i, i + s.len()))
        };
        let diags = vec![
            finding("a/b", at("一")),
            finding("a/b", at("二")),
            finding("c/d", at("二")),
            finding("a/b", at("三")),
            finding("a/b", at("四")),
            finding("e/f", at("五")),
            finding("e/f", None),
            finding("c/d", None),
        ];
        let query = RuleQuery {
            known: &|s| s != "x/y",
            enabled: &|_| true,
            meta_severity: &|_| Some(Severity::Warning),
        };
        let left: Vec<(String, Option<usize>)> = apply(text, "r", diags, &query)
            .into_iter()
            .map(|d| (d.rule, d.span.map(|s| s.start)))
            .collect();
        let start = |s: &str| at(s).map(|s| s.start);
        assert_eq!(
            left,
            [
                (
                    "reportlint/unknown-suppression-rule".to_owned(),
                    start("x/y")
                ),
                ("a/b".to_owned(), start("二")),
                ("a/b".to_owned(), start("四")),
                (
                    "reportlint/unknown-suppression-rule".to_owned(),
                    start("<!-- reportlint-disabled")
                ),
            ]
        );
    }
}
