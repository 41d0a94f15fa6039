//! Metadata fields of a published page: `索 引 号:115…`, `| 文号: | 无 |`,
//! `来源:安居区 发布时间:2025-02-24 15:21`, keys in simplified or
//! traditional script.

use crate::span::Span;
use crate::structure::MetaField;

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

/// The metadata fields on one line (`span`): `索 引 号:115…`, `| 文号: | 无 |`,
/// `来源:安居区 发布时间:2025-02-24 15:21`.
pub(crate) fn meta_fields(text: &str, span: Span) -> Vec<MetaField> {
    let s = span.slice(text);
    // (key, key span, colon end)
    let mut keys: Vec<(&'static str, Span, usize)> = Vec::new();
    let mut chars: Vec<(usize, char)> = Vec::new();
    for i in memchr::memchr_iter(b':', s.as_bytes()) {
        // Walk back over CJK characters and spaces (keys like `索 引 号`).
        chars.clear();
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
        // A key ends with the last character before the colon.
        let Some(&(_, last)) = chars.iter().find(|&&(_, ch)| ch != ' ') else {
            continue;
        };
        // (written form, normalized key, start of the key)
        let mut best: Option<(&str, &'static str, usize)> = None;
        // Keys end with a Chinese character, three bytes: compared as such.
        let mut buf = [0; 4];
        let last: [u8; 3] = match last.encode_utf8(&mut buf).as_bytes().try_into() {
            Ok(bytes) => bytes,
            Err(_) => continue,
        };
        let all = META_KEYS
            .iter()
            .map(|k| (*k, *k))
            .chain(META_ALIASES.iter().copied())
            .filter(|(written, _)| written.as_bytes().last_chunk() == Some(&last));
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
            keys.push((key, key_span, span.start + i + 1));
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
            key: (*key).to_owned(),
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
    fn keys_end_with_a_chinese_character() {
        let written = META_KEYS.iter().chain(META_ALIASES.iter().map(|(w, _)| w));
        for w in written {
            let last = w.chars().next_back().unwrap();
            assert!(('\u{4E00}'..='\u{9FFF}').contains(&last), "{w}");
        }
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
