//! Front matter: the page chrome and metadata block of a published web page
//! (breadcrumbs, `分享:`, 索引号, 文号, 发布日期 …, a value on the line below
//! its key), the title, and the addressee line (`市委、市政府:`).
//!
//! The title is the line that reads most like a report's title — it names a
//! year, 法治政府/法治建设, a report and a unit — wherever it stands among the
//! front lines: a breadcrumb step (`工作报告`) or the page title above the box
//! loses to it. The front matter ends at the first line that reads as body
//! text: a line with a 。, a long line, or a line that starts with a heading
//! marker; or right after the addressee line.

use super::chrome::is_chrome;
use super::lines::{Line, strip};
use super::numeral::parse_marker;
use super::{MetaField, Title};
use crate::span::Span;

/// Keys of metadata fields (normalized, without spaces), longest match wins.
const META_KEYS: &[&str] = &[
    "索引号",
    "主题分类",
    "体裁分类",
    "组配分类",
    "主题词",
    "公文种类",
    "发布机构",
    "发布单位",
    "发文机关",
    "发文单位",
    "所属机构",
    "责任部门",
    "文号",
    "发文字号",
    "成文日期",
    "发布日期",
    "公开日期",
    "生效日期",
    "印发日期",
    "发布时间",
    "更新时间",
    "发文日期",
    "发文时间",
    "成文时间",
    "日期",
    "标题",
    "分类",
    "关键词",
    "信息分类",
    "信息类别",
    "所属主题",
    "文件编号",
    "统一编号",
    "公文时效",
    "有效性",
    "时效",
    "公开方式",
    "公开范围",
    "公开时限",
    "来源",
    "信息来源",
    "文章来源",
    "作者",
    "点击数",
    "浏览次数",
    "字体",
];

/// Traditional spellings of keys, for texts whose normalization did not
/// simplify them: (written, normalized key).
const META_ALIASES: &[(&str, &str)] = &[
    ("索引號", "索引号"),
    ("文號", "文号"),
    ("發文字號", "发文字号"),
    ("發布機構", "发布机构"),
    ("發布單位", "发布单位"),
    ("發佈單位", "发布单位"),
    ("發佈機構", "发布机构"),
    ("發文機關", "发文机关"),
    ("公開方式", "公开方式"),
    ("公開日期", "公开日期"),
    ("公開範圍", "公开范围"),
    ("發布日期", "发布日期"),
    ("發佈日期", "发布日期"),
    ("發布時間", "发布时间"),
    ("發佈時間", "发布时间"),
    ("更新時間", "更新时间"),
    ("有效性", "有效性"),
    ("來源", "来源"),
    ("資訊來源", "信息来源"),
    ("信息來源", "信息来源"),
    ("文章來源", "文章来源"),
    ("點擊數", "点击数"),
    ("瀏覽次數", "浏览次数"),
    ("主題分類", "主题分类"),
    ("發文日期", "发文日期"),
    ("標題", "标题"),
    ("分類", "分类"),
    ("關鍵詞", "关键词"),
];

/// Decoration around front-matter lines: table pipes, bullets.
const DECORATION: &[char] = &['|', '•', '·', '*', '●', '■', '◆'];

/// What the front matter holds and where the body begins.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<Title>,
    pub(crate) metadata: Vec<MetaField>,
    /// Lines of page chrome (breadcrumbs, widgets).
    pub(crate) chrome: Vec<Span>,
    pub(crate) addressee: Option<Span>,
    /// Byte offset where the body begins.
    pub(crate) body_start: usize,
}

/// A title this good (a year and 法治政府建设) is the title: a short line
/// after it is the body, not a note above a title still to come.
const CLEAR_TITLE: i32 = 4;

/// Recognise the front matter at the top of `text`.
pub(crate) fn parse(text: &str, lines: &[Line]) -> FrontMatter {
    let mut fm = FrontMatter::default();
    // Title candidates: (how much the line reads like the title, span).
    let mut titles: Vec<(i32, Span)> = Vec::new();
    let best = |titles: &[(i32, Span)]| titles.iter().map(|t| t.0).max();
    let mut after_addressee = false;
    let mut last_front_end = 0;
    let mut body_start = None;
    // A metadata field whose value is on the next line (`发布日期：`).
    let mut awaiting_value: Option<usize> = None;
    // The line last read as such a value (never part of the title).
    let mut value_line = None;
    for (idx, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if after_addressee {
            body_start = Some(line.trimmed.start);
            break;
        }
        let core = strip(text, line.trimmed, DECORATION);
        if core.is_empty() {
            continue;
        }
        let s = core.slice(text);
        if let Some(k) = awaiting_value.take() {
            if is_value_line(text, core) {
                fm.metadata[k].value = core;
                value_line = Some(idx);
                last_front_end = line.span.end;
                continue;
            }
        }
        if is_chrome(s) {
            fm.chrome.push(core);
            last_front_end = line.span.end;
            continue;
        }
        // Metadata lines are short; a long line is body text even if it
        // starts like `来源:`.
        if s.len() <= 400 {
            let fields = meta_fields(text, core);
            if fields
                .first()
                .is_some_and(|f| f.key_span.start == core.start)
            {
                if fields.len() == 1 && fields[0].value.is_empty() {
                    awaiting_value = Some(fm.metadata.len());
                }
                fm.metadata.extend(fields);
                last_front_end = line.span.end;
                continue;
            }
        }
        if is_body_line(s) {
            // A short note above the title (`征求意见稿，请于…反馈。`) is not
            // the body: the title still follows.
            let title_follows = || {
                for l in lines[idx + 1..].iter().filter(|l| !l.is_blank()).take(20) {
                    let s = strip(text, l.trimmed, DECORATION).slice(text);
                    if is_title(s) {
                        return true;
                    }
                    if is_body_line(s) && !s.contains(':') {
                        return false;
                    }
                }
                false
            };
            if best(&titles).is_none_or(|b| b < CLEAR_TITLE)
                && s.chars().count() <= 60
                && parse_marker(s).is_none()
                && title_follows()
            {
                continue;
            }
            body_start = Some(line.trimmed.start);
            break;
        }
        if is_addressee(s) {
            fm.addressee = Some(core);
            after_addressee = true;
            last_front_end = line.span.end;
            continue;
        }
        if is_title(s) {
            let mut span = core;
            // A title may be preceded, on the line right above, by the
            // issuing organ (达州市…办公室 / 2020年度…报告).
            if let Some(prev) = idx.checked_sub(1).map(|i| &lines[i]) {
                let prev_core = strip(text, prev.trimmed, DECORATION);
                let p = prev_core.slice(text);
                if !prev.is_blank()
                    && value_line != Some(idx - 1)
                    && is_title_part(p)
                    && meta_fields(text, prev_core)
                        .first()
                        .is_none_or(|f| f.key_span.start != prev_core.start)
                {
                    span = prev_core.cover(core);
                }
            }
            titles.push((title_score(span.slice(text)), span));
            last_front_end = line.span.end;
            continue;
        }
        // Anything else up here is page noise (政府信息公开, a breadcrumb step …).
    }
    // The best title; on a tie, the first.
    fm.title = titles
        .iter()
        .rev()
        .max_by_key(|t| t.0)
        .map(|&(_, span)| Title { span });
    fm.body_start = body_start.unwrap_or(last_front_end);
    fm
}

/// How much a title line reads like the title of a 法治政府建设 report: a year,
/// 法治政府 or 法治建设, 报告, a unit (政府, 区, 局 …); a page title's site
/// suffix (`…报告_某区人民政府网`) counts against it.
fn title_score(s: &str) -> i32 {
    let has_year = s.char_indices().any(|(i, _)| {
        let rest = &s[i..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (digits == 4 && rest[4..].starts_with('年'))
            || rest
                .chars()
                .take(5)
                .collect::<String>()
                .strip_suffix('年')
                .is_some_and(|y| {
                    y.chars().count() == 4
                        && y.chars().all(|c| "〇○零一二三四五六七八九".contains(c))
                })
    });
    let mut score = 0;
    if has_year {
        score += 2;
    }
    if ["法治政府", "法治建设", "依法行政"]
        .iter()
        .any(|w| s.contains(w))
    {
        score += 2;
    }
    if ["报告", "報告", "总结", "總結"]
        .iter()
        .any(|w| s.contains(w))
    {
        score += 1;
    }
    if [
        "政府",
        "委",
        "局",
        "厅",
        "廳",
        "区",
        "區",
        "市",
        "县",
        "縣",
        "省",
        "镇",
        "鎮",
        "办公室",
        "院",
        "部",
    ]
    .iter()
    .any(|w| s.contains(w))
    {
        score += 1;
    }
    if s.contains(['_', '|']) {
        score -= 1;
    }
    score
}

/// A metadata value written on its own line below the key: short, not a
/// sentence, not a heading, not another field, not chrome, and not a title.
fn is_value_line(text: &str, core: Span) -> bool {
    let s = core.slice(text);
    s.chars().count() <= 80
        && !s.contains('。')
        && parse_marker(s).is_none()
        && !is_chrome(s)
        && meta_fields(text, core)
            .first()
            .is_none_or(|f| f.key_span.start != core.start)
        && !(is_title(s) && title_score(s) >= CLEAR_TITLE)
}

/// A line of body text: it has a full stop, is long, has a comma, or starts
/// with a heading.
fn is_body_line(s: &str) -> bool {
    let n = s.chars().count();
    s.contains('。')
        || n > 100
        || parse_marker(s).is_some()
        || (n > 15 && s.contains([',', ';']))
        || s.ends_with("如下:")
}

/// `市委、市政府:` — short, ends with a colon, no sentence punctuation.
fn is_addressee(s: &str) -> bool {
    let Some(head) = s.strip_suffix(':') else {
        return false;
    };
    let n = head.chars().count();
    (2..=30).contains(&n)
        && !head.contains([',', ':', ';', '。', '|', '!', '?'])
        && !head.contains("如下")
        && !head.contains("报告")
        && !head.contains("報告")
}

/// A title line: names a report or a summary, no sentence punctuation, not a
/// breadcrumb.
fn is_title(s: &str) -> bool {
    let n = s.chars().count();
    (4..=90).contains(&n)
        && ["报告", "情况", "总结", "述职", "報告", "情況", "總結"]
            .iter()
            .any(|w| s.contains(w))
        && !s.contains(['。', ';', '>', '»', '!', '?'])
        && !s.ends_with(':')
        && !s.contains("当前位置")
        && !s.contains("首页")
}

/// The organ line above a title: short, no punctuation.
fn is_title_part(s: &str) -> bool {
    let n = s.chars().count();
    (4..=40).contains(&n)
        && !s.contains(['。', ',', ';', ':', '>', '»', '!', '?', '|', ' '])
        && [
            "办公室",
            "辦公室",
            "政府",
            "委员会",
            "委員會",
            "领导小组",
            "領導小組",
            "局",
            "厅",
            "廳",
            "区委",
            "區委",
            "市委",
            "县委",
            "縣委",
        ]
        .iter()
        .any(|w| s.ends_with(w))
}

/// The metadata fields on one line (`span`): `索 引 号:115…`, `| 文号: | 无 |`,
/// `来源:安居区 发布时间:2025-02-24 15:21`.
pub(crate) fn meta_fields(text: &str, span: Span) -> Vec<MetaField> {
    let s = span.slice(text);
    // (key, key span, colon end)
    let mut keys: Vec<(String, Span, usize)> = Vec::new();
    for i in memchr::memchr_iter(b':', s.as_bytes()) {
        // Walk back over CJK characters and spaces (keys like `索 引 号`).
        let mut chars: Vec<(usize, char)> = Vec::new();
        for (j, ch) in s[..i].char_indices().rev() {
            if chars.len() >= 16 {
                break;
            }
            if ch == ' ' || ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
                chars.push((j, ch));
            } else {
                break;
            }
        }
        // chars is reversed: chars[0] is right before the colon.
        // (written form, normalized key, start of the key)
        let mut best: Option<(&str, &str, usize)> = None;
        let all = META_KEYS
            .iter()
            .map(|k| (*k, *k))
            .chain(META_ALIASES.iter().copied());
        for (written, key) in all {
            let mut want = written.chars().rev().peekable();
            let mut start = None;
            for &(j, ch) in &chars {
                if ch == ' ' {
                    // Allow spaces inside a key, but not before its first char
                    // is matched beyond a run (`文       号`).
                    continue;
                }
                if want.next_if_eq(&ch).is_some() {
                    start = Some(j);
                    if want.peek().is_none() {
                        break;
                    }
                } else {
                    break;
                }
            }
            if want.peek().is_none() && best.is_none_or(|(b, _, _)| written.len() > b.len()) {
                best = start.map(|st| (written, key, st));
            }
        }
        if let Some((_, key, st)) = best {
            let key_text = s[st..i].trim_end();
            let key_span = Span::new(span.start + st, span.start + st + key_text.len());
            keys.push((key.to_owned(), key_span, span.start + i + 1));
        }
    }
    let mut out = Vec::with_capacity(keys.len());
    for (n, (key, key_span, colon_end)) in keys.iter().enumerate() {
        let limit = keys.get(n + 1).map_or(span.end, |k| k.1.start);
        let rest = &text[*colon_end..limit];
        // Skip spaces and table pipes before the value; stop at the next pipe.
        let lead = rest.len() - rest.trim_start_matches([' ', '|', '\t']).len();
        let value_text = &rest[lead..];
        let value_text = value_text.split('|').next().unwrap_or("").trim_end();
        let start = colon_end + lead;
        out.push(MetaField {
            key: key.clone(),
            key_span: *key_span,
            value: Span::new(start, start + value_text.len()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(s: &str) -> Vec<(String, String)> {
        meta_fields(s, Span::new(0, s.len()))
            .into_iter()
            .map(|f| (f.key, f.value.slice(s).to_owned()))
            .collect()
    }

    #[test]
    fn metadata_lines() {
        assert_eq!(
            fields("索 引 号:115/2025-00427"),
            [("索引号".to_owned(), "115/2025-00427".to_owned())]
        );
        assert_eq!(
            fields("文       号:某委〔2025〕3号"),
            [("文号".to_owned(), "某委〔2025〕3号".to_owned())]
        );
        assert_eq!(
            fields("来源:某区 发布时间:2025-02-24 15:21 浏览次数: 字体: [ ] 打印"),
            [
                ("来源".to_owned(), "某区".to_owned()),
                ("发布时间".to_owned(), "2025-02-24 15:21".to_owned()),
                ("浏览次数".to_owned(), "".to_owned()),
                ("字体".to_owned(), "[ ] 打印".to_owned()),
            ]
        );
        assert_eq!(
            fields("索引号: | 无 | 公开方式: | 主动公开"),
            [
                ("索引号".to_owned(), "无".to_owned()),
                ("公开方式".to_owned(), "主动公开".to_owned()),
            ]
        );
    }
}
