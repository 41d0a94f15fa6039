//! Page chrome: what a copy of a published web page carries around the
//! document — breadcrumbs (`您当前的位置：首页 > 政务公开 > 工作报告`), share and
//! font-size widgets (`分享:`, `字号：大 中 小`, `打印本页 关闭窗口`) — and the
//! metadata box some sites put under the text instead of above it.
//!
//! Chrome lines are neither the title, the addressee, the opening nor the
//! closing; [`tail`] finds where the document ends before the chrome and
//! metadata at the bottom of a page.

use super::MetaField;
use super::front_matter::meta_fields;
use super::lines::{Line, more_chars_than, strip};
use crate::span::Span;

/// Words that introduce a breadcrumb (`您当前的位置：首页 > …`).
const LOCATION_KEYS: &[&str] = &[
    "您当前的位置",
    "您当前位置",
    "您所在的位置",
    "您所在位置",
    "您的位置",
    "当前位置",
    "当前的位置",
    "所在位置",
    "位置",
];

/// The words of page widgets; a line made only of them is chrome.
const WIDGET_WORDS: &[&str] = &[
    "分享",
    "分享到",
    "分享至",
    "字号",
    "字体",
    "大",
    "中",
    "小",
    "默认",
    "打印",
    "打印本页",
    "打印此页",
    "打印文章",
    "关闭",
    "关闭窗口",
    "关闭本页",
    "收藏",
    "加入收藏",
    "返回",
    "返回顶部",
    "返回首页",
    "返回列表",
    "扫一扫",
    "扫一扫在手机打开当前页",
    "手机扫一扫",
    "纠错",
    "我要纠错",
    "保存",
    "视力保护色",
    "微信",
    "微博",
    "QQ",
    "QQ空间",
    "首页",
    "上一篇",
    "下一篇",
    "相关链接",
    "相关文章",
    "无障碍",
    "长者模式",
    "朗读",
    "放大",
    "缩小",
];

/// Marks that separate breadcrumb steps.
const CRUMB_MARKS: &[char] = &['>', '»', '›', '→'];

/// Whether the (stripped) line `s` is page chrome: a breadcrumb or a row of
/// widgets.
pub(crate) fn is_chrome(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || more_chars_than(s, 80) || s.contains('。') {
        return false;
    }
    let bare = s.trim_start_matches(['【', '[', ' ']);
    if LOCATION_KEYS.iter().any(|k| {
        bare.strip_prefix(k)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    }) {
        return true;
    }
    // A breadcrumb split over lines: `首页` / `>` / `政务公开`.
    if s.chars()
        .all(|c| CRUMB_MARKS.contains(&c) || c.is_whitespace())
    {
        return true;
    }
    // `首页 > 政务公开 > 工作报告`; not `满意度>95%`.
    if s.contains(CRUMB_MARKS) {
        let steps: Vec<&str> = s
            .split(CRUMB_MARKS)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        if steps.len() >= 2
            && steps
                .iter()
                .all(|t| !t.starts_with(|c: char| c.is_ascii_digit()))
        {
            return true;
        }
    }
    let mut words = s
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ':' | '|' | '【' | '】' | '[' | ']' | '(' | ')' | '/' | '·'
                )
        })
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some() && words.all(|w| WIDGET_WORDS.contains(&w))
}

/// The chrome and metadata at the bottom of a page, after the document.
#[derive(Debug, Default)]
pub(crate) struct Tail {
    /// Where the document ends: the start of the first tail line, or the
    /// end of the text when there is no tail.
    pub(crate) start: usize,
    pub(crate) chrome: Vec<Span>,
    pub(crate) metadata: Vec<MetaField>,
}

/// Walk back from the last line over chrome, metadata lines and metadata
/// values on the line below their key; stop at the first other line or at
/// `from` (the start of the body).
pub(crate) fn tail(text: &str, lines: &[Line], from: usize) -> Tail {
    let strip_line = |l: &Line| strip(text, l.trimmed(), &['|', '•', '·', '*', '●', '■', '◆']);
    let key_only = |core: Span| {
        let fields = meta_fields(text, core);
        fields.len() == 1 && fields[0].key_span.start == core.start && fields[0].value.is_empty()
    };
    let mut out = Tail {
        start: text.len(),
        ..Tail::default()
    };
    let mut rows: Vec<&Line> = lines
        .iter()
        .filter(|l| !l.is_blank() && l.trimmed().start >= from)
        .collect();
    while let Some(line) = rows.pop() {
        let core = strip_line(line);
        let s = core.slice(text);
        if core.is_empty() {
            out.start = line.trimmed().start;
            continue;
        }
        if is_chrome(s) {
            out.chrome.push(core);
            out.start = line.trimmed().start;
            continue;
        }
        let fields = meta_fields(text, core);
        if s.len() <= 400
            && fields
                .first()
                .is_some_and(|f| f.key_span.start == core.start)
        {
            out.metadata.splice(0..0, fields);
            out.start = line.trimmed().start;
            continue;
        }
        // `发布日期：` above `2024-03-15`.
        if let Some(above) = rows.last() {
            let above_core = strip_line(above);
            if !more_chars_than(s, 60) && !s.contains('。') && key_only(above_core) {
                let mut field = meta_fields(text, above_core).remove(0);
                field.value = core;
                out.metadata.insert(0, field);
                out.start = above.trimmed().start;
                rows.pop();
                continue;
            }
        }
        break;
    }
    out.chrome.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines() {
        for s in [
            "您当前的位置:首页 > 政务公开 > 工作报告",
            "首页 > 政务公开",
            "分享:",
            "分享到:",
            "字号:大 中 小",
            "【字号:大 中 小】",
            "打印本页 关闭窗口",
            "【打印】【关闭】",
            "首页",
            ">",
        ] {
            assert!(is_chrome(s), "{s}");
        }
        for s in [
            "工作报告",
            "某区人民政府关于2023年度法治政府建设情况的报告",
            "市委、市政府:",
            "2023年,区政府坚持依法行政。",
            "来源:某区 发布时间:2024-03-15",
            "中小企业",
            "群众满意度>95%",
        ] {
            assert!(!is_chrome(s), "{s}");
        }
    }
}
