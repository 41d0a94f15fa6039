//! Clauses, sentences and key phrases.
//!
//! A *clause* is bounded by `, ; 。 : ! ?` (and their full-width forms, and
//! line breaks); a *sentence* by `。 ! ?` and line breaks: the whole
//! sentence, which runs on across `;`, unlike the structure's statements
//! ([`crate::structure::Document::statements`]). A `,` or `:` between two
//! ASCII digits (`1,234`, `15:21`) bounds nothing.
//!
//! The *key* of a quantity is the run of Chinese words just before it in its
//! clause — the metric it counts: `受理行政复议案件26件` → `受理行政复议案件`,
//! `纠错率37.5%` → `纠错率`. Filler at its ends (`全年`, `其中`, `共`, `为`,
//! `达` …) is trimmed.

use super::Quantity;
use super::words::{strip_word_prefix, strip_word_suffix};
use crate::byteset::{ByteSet, Finder};
use crate::normalize::is_han;
use crate::span::Span;
use std::collections::VecDeque;

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

/// The boundary at byte `i` (a character's first byte): 0 none, 1 clause
/// end, 2 clause and sentence end; and the byte length of the character.
#[inline]
fn boundary_at(b: &[u8], i: usize) -> (u8, usize) {
    match b[i] {
        b',' | b':' => {
            let joint =
                i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            (u8::from(!joint), 1)
        }
        b';' | b'|' => (1, 1),
        b'!' | b'?' | b'\n' | b'\r' => (2, 1),
        // 。 U+3002
        0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x82) => (2, 3),
        // ， ； ： (clause) ！ ？ (sentence): U+FF0C U+FF1B U+FF1A U+FF01 U+FF1F
        0xEF if b.get(i + 1) == Some(&0xBC) => match b.get(i + 2) {
            Some(0x8C | 0x9B | 0x9A) => (1, 3),
            Some(0x81 | 0x9F) => (2, 3),
            _ => (0, 3),
        },
        lead => (0, utf8_len(lead)),
    }
}

/// The length of the character whose first byte is `lead`.
#[inline]
const fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The first bytes of the characters that may be a boundary, for
/// [`boundary_at`] to look at; a character starting with another byte
/// never is one (most of Chinese text).
const MAY_START_BOUNDARY: ByteSet = ByteSet::new(b",:;|!?\n\r\xE3\xEF");

/// A clause boundary: a clause-ending character at `at`, `len` bytes long,
/// which may end the sentence too.
#[derive(Copy, Clone)]
struct Boundary {
    at: usize,
    len: usize,
    sentence: bool,
}

/// The boundaries of a text, read once from left to right. Those read ahead
/// (to find where a quantity's clause or sentence ends) wait in `ahead`
/// until the start of a later quantity passes them.
struct Boundaries<'a> {
    b: &'a [u8],
    /// Finds the characters that may be boundaries.
    found: Finder<'static, 'a>,
    /// Where reading continues (a character boundary).
    pos: usize,
    /// Boundaries read but not yet passed, in text order.
    ahead: VecDeque<Boundary>,
}

impl<'a> Boundaries<'a> {
    fn new(text: &'a str) -> Self {
        Boundaries {
            b: text.as_bytes(),
            found: MAY_START_BOUNDARY.finder(text.as_bytes()),
            pos: 0,
            ahead: VecDeque::new(),
        }
    }

    /// Read the next boundary from the text.
    fn read(&mut self) -> Option<Boundary> {
        while let Some(at) = self.found.find(self.pos) {
            let (level, len) = boundary_at(self.b, at);
            self.pos = at + len;
            if level > 0 {
                return Some(Boundary {
                    at,
                    len,
                    sentence: level == 2,
                });
            }
        }
        self.pos = self.b.len();
        None
    }

    /// The next boundary that lies before `start`, passing it.
    fn pass_before(&mut self, start: usize) -> Option<Boundary> {
        if let Some(&first) = self.ahead.front() {
            return (first.at < start).then(|| self.ahead.pop_front()).flatten();
        }
        if self.pos >= start {
            return None;
        }
        let next = self.read()?;
        if next.at < start {
            Some(next)
        } else {
            self.ahead.push_back(next);
            None
        }
    }

    /// Where the first boundary at or after `from` (ending a sentence when
    /// `sentence`) starts; the text's end when there is none.
    fn first_from(&mut self, from: usize, sentence: bool) -> usize {
        let wanted = |x: &Boundary| x.at >= from && (x.sentence || !sentence);
        if let Some(x) = self.ahead.iter().find(|x| wanted(x)) {
            return x.at;
        }
        while let Some(x) = self.read() {
            self.ahead.push_back(x);
            if wanted(&x) {
                return x.at;
            }
        }
        self.b.len()
    }
}

fn trim(text: &str, s: Span) -> Span {
    let Some(slice) = text.get(s.start..s.end) else {
        return s;
    };
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail >= slice.len() {
        return Span::new(s.start, s.start);
    }
    Span::new(s.start + lead, s.end - trail)
}

/// [`trim`] that remembers its last answer.
#[derive(Default)]
struct LastTrim {
    last: Option<(Span, Span)>,
}

impl LastTrim {
    fn trim(&mut self, text: &str, s: Span) -> Span {
        match self.last {
            Some((given, trimmed)) if given == s => trimmed,
            _ => {
                let trimmed = trim(text, s);
                self.last = Some((s, trimmed));
                trimmed
            }
        }
    }
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

/// The last characters of the [`TRAILING`] words: a key ending in another
/// character has none of them.
const TRAILING_LAST: &[char] = &[
    '为', '达', '到', '计', '有', '是', '共', '了', '至', '超', '近', '约', '逾',
];

/// The first characters of the [`LEADING`] words.
const LEADING_FIRST: &[char] = &[
    '全', '今', '当', '其', '同', '累', '共', '并', '另', '且', '还', '已',
];

/// `s` without the first of the [`TRAILING`] words it ends with (and is
/// longer than).
fn strip_trailing(s: &str) -> Option<&str> {
    if !TRAILING_LAST.contains(&s.chars().next_back()?) {
        return None;
    }
    TRAILING
        .iter()
        .find_map(|w| strip_word_suffix(s, w).filter(|rest| !rest.is_empty()))
}

/// `s` without the first of the [`LEADING`] words it starts with (and is
/// longer than).
fn strip_leading(s: &str) -> Option<&str> {
    if !LEADING_FIRST.contains(&s.chars().next()?) {
        return None;
    }
    LEADING
        .iter()
        .find_map(|w| strip_word_prefix(s, w).filter(|rest| !rest.is_empty()))
}

/// Bytes of the longest [`TRAILING`] or [`LEADING`] word.
const FILLER_MAX_LEN: usize = 9;

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
        if let Some(rest) = strip_trailing(s) {
            s = rest;
        }
        if let Some(rest) = strip_leading(s) {
            begin += s.len() - rest.len();
            s = rest;
        }
        if s.len() == before {
            break;
        }
    }
    let filler = s.is_empty()
        || (s.len() <= FILLER_MAX_LEN && (TRAILING.contains(&s) || LEADING.contains(&s)));
    (!filler).then(|| Span::new(begin, begin + s.len()))
}

/// Fill `clause`, `sentence` and `key` of every quantity (in document order).
///
/// The boundaries are read once, left to right ([`Boundaries`]): those
/// before a quantity give where its clause and sentence start, the first
/// ones after it where they end (kept while later quantities lie before
/// them). Linear in the text and the quantities.
pub(super) fn annotate(text: &str, qs: &mut [Quantity]) {
    let mut bounds = Boundaries::new(text);
    let (mut clause_start, mut sentence_start) = (0usize, 0usize);
    let (mut clause_end, mut sentence_end) = (0usize, 0usize);
    let mut have_ends = false;
    let mut prev_end = 0;
    // Neighbouring figures mostly share their clause and sentence.
    let (mut clauses, mut sentences) = (LastTrim::default(), LastTrim::default());
    for q in qs.iter_mut() {
        let span = q.span();
        while let Some(x) = bounds.pass_before(span.start) {
            clause_start = x.at + x.len;
            if x.sentence {
                sentence_start = x.at + x.len;
            }
        }
        if !have_ends || clause_end < span.end {
            clause_end = bounds.first_from(span.end, false);
        }
        if !have_ends || sentence_end < span.end {
            sentence_end = bounds.first_from(span.end, true);
        }
        have_ends = true;
        let cs = clause_start.min(span.start);
        let ss = sentence_start.min(span.start);
        let clause = clauses.trim(text, Span::new(cs, clause_end.max(cs)));
        let sentence = sentences.trim(text, Span::new(ss, sentence_end.max(ss)));
        let floor = clause.start.max(prev_end).min(span.start);
        let key = key_before(text, floor, span.start);
        q.set_context(key, clause, sentence);
        prev_end = span.end;
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
    fn filler_words_start_and_end_with_the_listed_characters() {
        for w in TRAILING {
            assert!(
                TRAILING_LAST.contains(&w.chars().next_back().unwrap()),
                "{w}"
            );
        }
        for w in LEADING {
            assert!(LEADING_FIRST.contains(&w.chars().next().unwrap()), "{w}");
        }
        for w in TRAILING.iter().chain(LEADING) {
            assert!(w.len() <= FILLER_MAX_LEN, "{w}");
        }
    }

    #[test]
    fn passed_bytes_are_never_boundaries() {
        for lead in 0..=255u8 {
            let bytes = [lead, 0xBC, 0x8C, 0x80];
            if MAY_START_BOUNDARY.finder(&bytes).find(0) != Some(0) {
                assert_eq!(boundary_at(&bytes, 0).0, 0, "{lead:#x}");
            }
        }
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
