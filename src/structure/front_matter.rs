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
use super::lines::{Line, more_chars_than, strip};
use super::numeral::parse_marker;
use super::{MetaField, Title};
use crate::span::Span;

mod metadata;
pub(crate) use metadata::meta_fields;

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
pub(super) fn parse(text: &str, lines: &[Line]) -> FrontMatter {
    let mut reader = Reader {
        text,
        lines,
        fm: FrontMatter::default(),
        titles: Vec::new(),
        addressed: false,
        last_front_end: 0,
        awaiting_value: None,
        value_line: None,
    };
    let mut body_start = None;
    for (idx, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        if reader.addressed || reader.starts_body(idx, line) {
            body_start = Some(line.trimmed().start);
            break;
        }
    }
    let mut fm = reader.fm;
    // The best title; on a tie, the first.
    fm.title = reader
        .titles
        .iter()
        .rev()
        .max_by_key(|t| t.0)
        .map(|&(_, span)| Title { span });
    fm.body_start = body_start.unwrap_or(reader.last_front_end);
    fm
}

/// The front lines read so far, top to bottom.
struct Reader<'a> {
    text: &'a str,
    lines: &'a [Line],
    fm: FrontMatter,
    /// Title candidates: (how much the line reads like the title, span).
    titles: Vec<(i32, Span)>,
    /// Whether the addressee line has been read: the body follows it.
    addressed: bool,
    /// The end of the last line read as front matter.
    last_front_end: usize,
    /// A metadata field whose value is on the next line (`发布日期：`).
    awaiting_value: Option<usize>,
    /// The line last read as such a value (never part of the title).
    value_line: Option<usize>,
}

impl Reader<'_> {
    /// Reads the non-blank line `lines[idx]`; whether the body starts there.
    fn starts_body(&mut self, idx: usize, line: &Line) -> bool {
        let text = self.text;
        let core = strip(text, line.trimmed(), DECORATION);
        if core.is_empty() {
            return false;
        }
        let s = core.slice(text);
        let awaited = self.awaiting_value.take();
        let front = if let Some(k) = awaited.filter(|_| is_value_line(text, core)) {
            self.fm.metadata[k].value = core;
            self.value_line = Some(idx);
            true
        } else if is_chrome(s) {
            self.fm.chrome.push(core);
            true
        } else if self.metadata(core) {
            true
        } else if is_body_line(s) {
            return !self.note_above_title(idx, s);
        } else if is_addressee(s) {
            self.fm.addressee = Some(core);
            self.addressed = true;
            true
        } else if is_title(s) {
            self.title(idx, core);
            true
        } else {
            // Anything else up here is page noise (政府信息公开, a breadcrumb
            // step …).
            false
        };
        if front {
            self.last_front_end = line.end();
        }
        false
    }

    /// Reads `core` as a line of metadata fields when it starts with one.
    fn metadata(&mut self, core: Span) -> bool {
        // Metadata lines are short; a long line is body text even if it
        // starts like `来源:`.
        if core.end - core.start > 400 {
            return false;
        }
        let fields = meta_fields(self.text, core);
        if fields
            .first()
            .is_none_or(|f| f.key_span.start != core.start)
        {
            return false;
        }
        if fields.len() == 1 && fields[0].value.is_empty() {
            self.awaiting_value = Some(self.fm.metadata.len());
        }
        self.fm.metadata.extend(fields);
        true
    }

    /// A short note above the title (`征求意见稿，请于…反馈。`) is not the
    /// body: the title still follows.
    fn note_above_title(&self, idx: usize, s: &str) -> bool {
        let title_follows = || {
            for l in self.lines[idx + 1..]
                .iter()
                .filter(|l| !l.is_blank())
                .take(20)
            {
                let s = strip(self.text, l.trimmed(), DECORATION).slice(self.text);
                if is_title(s) {
                    return true;
                }
                if is_body_line(s) && !s.contains(':') {
                    return false;
                }
            }
            false
        };
        let best = self.titles.iter().map(|t| t.0).max();
        best.is_none_or(|b| b < CLEAR_TITLE)
            && !more_chars_than(s, 60)
            && parse_marker(s).is_none()
            && title_follows()
    }

    /// Reads the title line `lines[idx]` (`core`) as a title candidate.
    fn title(&mut self, idx: usize, core: Span) {
        let text = self.text;
        let mut span = core;
        // A title may be preceded, on the line right above, by the
        // issuing organ (达州市…办公室 / 2020年度…报告).
        if let Some(prev) = idx.checked_sub(1).map(|i| &self.lines[i]) {
            let prev_core = strip(text, prev.trimmed(), DECORATION);
            let p = prev_core.slice(text);
            if !prev.is_blank()
                && self.value_line != Some(idx - 1)
                && is_title_part(p)
                && meta_fields(text, prev_core)
                    .first()
                    .is_none_or(|f| f.key_span.start != prev_core.start)
            {
                span = prev_core.cover(core);
            }
        }
        self.titles.push((title_score(span.slice(text)), span));
    }
}

/// How much a title line reads like the title of a 法治政府建设 report: a year,
/// 法治政府 or 法治建设, 报告, a unit (政府, 区, 局 …); a page title's site
/// suffix (`…报告_某区人民政府网`) counts against it.
fn title_score(s: &str) -> i32 {
    let has_year = s.char_indices().any(|(i, _)| {
        let rest = &s[i..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        (digits == 4 && rest[4..].starts_with('年')) || {
            // Four Chinese digits and 年 (`二〇二四年`).
            let mut chars = rest.chars();
            let numerals = chars
                .by_ref()
                .take(4)
                .take_while(|&c| "〇○零一二三四五六七八九".contains(c))
                .count();
            numerals == 4 && chars.next() == Some('年')
        }
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
    let short = !more_chars_than(s, 80);
    short
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
    s.contains('。')
        || more_chars_than(s, 100)
        || parse_marker(s).is_some()
        || (more_chars_than(s, 15) && s.contains([',', ';']))
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
