//! Front matter: the metadata block of a published web page (索引号, 文号,
//! 发布日期 …), the title, and the addressee line (`市委、市政府:`).
//!
//! The front matter ends at the first line that reads as body text: a line
//! with a 。, a long line, or a line that starts with a heading marker; or
//! right after the addressee line.

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
];

/// Decoration around front-matter lines: table pipes, bullets.
const DECORATION: &[char] = &['|', '•', '·', '*', '●', '■', '◆'];

/// What the front matter holds and where the body begins.
#[derive(Debug, Default)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<Title>,
    pub(crate) metadata: Vec<MetaField>,
    pub(crate) addressee: Option<Span>,
    /// Byte offset where the body begins.
    pub(crate) body_start: usize,
}

/// Recognise the front matter at the top of `text`.
pub(crate) fn parse(text: &str, lines: &[Line]) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut after_addressee = false;
    let mut last_front_end = 0;
    let mut body_start = None;
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
        // Metadata lines are short; a long line is body text even if it
        // starts like `来源:`.
        if s.len() <= 400 {
            let fields = meta_fields(text, core);
            if fields
                .first()
                .is_some_and(|f| f.key_span.start == core.start)
            {
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
            if fm.title.is_none()
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
        if fm.title.is_none() && is_title(s) {
            let mut span = core;
            // A title may be preceded, on the line right above, by the
            // issuing organ (达州市…办公室 / 2020年度…报告).
            if let Some(prev) = idx.checked_sub(1).map(|i| &lines[i]) {
                let prev_core = strip(text, prev.trimmed, DECORATION);
                let p = prev_core.slice(text);
                if !prev.is_blank()
                    && is_title_part(p)
                    && meta_fields(text, prev_core)
                        .first()
                        .is_none_or(|f| f.key_span.start != prev_core.start)
                {
                    span = prev_core.cover(core);
                }
            }
            fm.title = Some(Title { span });
            last_front_end = line.span.end;
            continue;
        }
        // Anything else up here is page noise (breadcrumbs, 政府信息公开 …).
    }
    fm.body_start = body_start.unwrap_or(last_front_end);
    fm
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
