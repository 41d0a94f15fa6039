//! Clauses, sentences and key phrases.
//!
//! A *clause* is bounded by `, ; 。 : ! ?` (and their full-width forms, and
//! line breaks); a *sentence* by `。 ! ?` and line breaks. A `,` or `:`
//! between two ASCII digits (`1,234`, `15:21`) bounds nothing.
//!
//! The *key* of a quantity is the run of Chinese words just before it in its
//! clause — the metric it counts: `受理行政复议案件26件` → `受理行政复议案件`,
//! `纠错率37.5%` → `纠错率`. Filler at its ends (`全年`, `其中`, `共`, `为`,
//! `达` …) is trimmed.

use super::Quantity;
use crate::span::Span;

fn is_clause_end(c: char) -> bool {
    matches!(
        c,
        ',' | ';' | '。' | ':' | '!' | '?' | '，' | '；' | '：' | '！' | '？' | '\n' | '\r' | '|'
    )
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | '！' | '？' | '\n' | '\r')
}

fn is_digit_joint(text: &str, at: usize, c: char) -> bool {
    let b = text.as_bytes();
    matches!(c, ',' | ':')
        && at > 0
        && b[at - 1].is_ascii_digit()
        && b.get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// Sorted byte offsets of boundary characters.
fn boundaries(text: &str, pred: fn(char) -> bool) -> Vec<usize> {
    text.char_indices()
        .filter(|&(i, c)| pred(c) && !is_digit_joint(text, i, c))
        .map(|(i, _)| i)
        .collect()
}

/// The unit (clause or sentence) around `span` given sorted boundary offsets:
/// from after the last boundary before `span.start` to the first boundary at
/// or after `span.end`, with surrounding spaces trimmed.
fn around(text: &str, bounds: &[usize], span: Span) -> Span {
    let i = bounds.partition_point(|&b| b < span.start);
    let start = match i {
        0 => 0,
        i => {
            let b = bounds[i - 1];
            b + text[b..].chars().next().map_or(1, char::len_utf8)
        }
    };
    let j = bounds.partition_point(|&b| b < span.end.max(start));
    let end = bounds.get(j).copied().unwrap_or(text.len());
    trim(text, Span::new(start, end.max(start)))
}

fn trim(text: &str, s: Span) -> Span {
    let slice = &text[s.start..s.end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

fn scan_unit(text: &str, span: Span, pred: fn(char) -> bool) -> Span {
    let (Some(head), Some(tail)) = (text.get(..span.start), text.get(span.end..)) else {
        return span;
    };
    let start = head
        .char_indices()
        .rev()
        .find(|&(i, c)| pred(c) && !is_digit_joint(text, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = tail
        .char_indices()
        .find(|&(i, c)| pred(c) && !is_digit_joint(text, span.end + i, c))
        .map_or(text.len(), |(i, _)| span.end + i);
    trim(text, Span::new(start, end))
}

/// The clause containing `span` (a span of `text` on character boundaries).
pub fn clause_of(text: &str, span: Span) -> Span {
    scan_unit(text, span, is_clause_end)
}

/// The sentence containing `span`.
pub fn sentence_of(text: &str, span: Span) -> Span {
    scan_unit(text, span, is_sentence_end)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// Trailing words that link a metric to its figure.
const TRAILING: &[&str] = &[
    "分别为",
    "分别达",
    "均为",
    "均达",
    "达到",
    "共计",
    "累计",
    "总计",
    "合计",
    "共有",
    "约为",
    "为",
    "达",
    "是",
    "共",
    "计",
    "有",
    "了",
    "至",
    "超",
    "近",
    "约",
    "逾",
];

/// Leading words that scope rather than name a metric.
const LEADING: &[&str] = &[
    "全年", "今年", "当年", "全区", "全市", "全县", "全省", "全州", "全镇", "其中", "同时", "累计",
    "共计", "共", "并", "另", "且", "还", "已",
];

/// Most characters a key may have (counted back from the figure).
const KEY_MAX_CHARS: usize = 20;

/// The key phrase before `start` within `[floor, start)`.
pub(crate) fn key_before(text: &str, floor: usize, start: usize) -> Option<Span> {
    let head = text.get(floor..start)?;
    let mut k = start;
    for (n, (i, c)) in head.char_indices().rev().enumerate() {
        if n >= KEY_MAX_CHARS || !is_han(c) || c == '、' {
            break;
        }
        k = floor + i;
    }
    let mut s = text.get(k..start)?;
    let mut begin = k;
    loop {
        let before = s.len();
        for w in TRAILING {
            if s.len() > w.len() {
                if let Some(rest) = s.strip_suffix(w) {
                    s = rest;
                    break;
                }
            }
        }
        for w in LEADING {
            if s.len() > w.len() {
                if let Some(rest) = s.strip_prefix(w) {
                    begin += w.len();
                    s = rest;
                    break;
                }
            }
        }
        if s.len() == before {
            break;
        }
    }
    let filler = s.is_empty() || TRAILING.contains(&s) || LEADING.contains(&s);
    (!filler).then(|| Span::new(begin, begin + s.len()))
}

/// Fill `clause`, `sentence` and `key` of every quantity (in document order).
pub(crate) fn annotate(text: &str, qs: &mut [Quantity]) {
    if qs.is_empty() {
        return;
    }
    let clauses = boundaries(text, is_clause_end);
    let sentences = boundaries(text, is_sentence_end);
    let mut prev_end = 0;
    for q in qs.iter_mut() {
        q.clause = around(text, &clauses, q.span);
        q.sentence = around(text, &sentences, q.span);
        let floor = q.clause.start.max(prev_end).min(q.span.start);
        q.key = key_before(text, floor, q.span.start);
        prev_end = q.span.end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(text: &'a str, before: &str) -> Option<&'a str> {
        let start = text.find(before).unwrap();
        key_before(text, 0, start).map(|s| s.slice(text))
    }

    #[test]
    fn keys() {
        assert_eq!(
            key("全年受理行政复议案件26件", "26"),
            Some("受理行政复议案件")
        );
        assert_eq!(key("纠错率37.5%", "37"), Some("纠错率"));
        assert_eq!(key("成功率达99.9%", "99"), Some("成功率"));
        assert_eq!(key("检查、调解成功率为92%", "92"), Some("调解成功率"));
        assert_eq!(key("共计26件", "26"), None);
        assert_eq!(key("(26件)", "26"), None);
    }

    #[test]
    fn clauses_and_sentences() {
        let t = "全年办理1,234件,其中纠错9件;时间15:21。下一句";
        let s = Span::new(t.find("9件").unwrap(), t.find("9件").unwrap() + 1);
        assert_eq!(clause_of(t, s).slice(t), "其中纠错9件");
        assert_eq!(
            sentence_of(t, s).slice(t),
            "全年办理1,234件,其中纠错9件;时间15:21"
        );
        let s = Span::new(t.find("1,234").unwrap(), t.find("1,234").unwrap() + 5);
        assert_eq!(clause_of(t, s).slice(t), "全年办理1,234件");
    }
}
