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
#[inline(always)]
pub(super) fn boundary_at(b: &[u8], i: usize) -> (u8, usize) {
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

/// Whether a boundary may start with the byte `b`: [`boundary_at`] finds
/// none at any other (most of Chinese text).
#[inline]
pub(super) const fn may_start_boundary(b: u8) -> bool {
    matches!(
        b,
        b',' | b':' | b';' | b'|' | b'!' | b'?' | b'\n' | b'\r' | 0xE3 | 0xEF
    )
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

/// Whether a character starting with the byte `b` may be white space
/// (`char::is_whitespace`): the ASCII ones, U+0085 and U+00A0 (C2),
/// U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3).
const fn may_start_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

fn trim(text: &str, s: Span) -> Span {
    let Some(slice) = text.get(s.start..s.end) else {
        return s;
    };
    // Most clauses neither start nor end with white space: a look at
    // each end tells, without trimming.
    let space_first = slice
        .as_bytes()
        .first()
        .is_some_and(|&b| may_start_space(b));
    if !space_first && !slice.chars().next_back().is_some_and(char::is_whitespace) {
        return s;
    }
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

/// Where the quantities of a text stand: their clauses, sentences and
/// keys, filled in as the [scanner](super::scan) passes the text's
/// boundaries, left to right, once.
///
/// A quantity's clause (sentence) starts after the last boundary before
/// it and ends at the first one at or after its end: it is opened when
/// the quantity is read ([`Context::opened`]) and closed by that boundary
/// ([`Context::boundary`]) or the text's end ([`Context::close_all`]).
/// Quantities come in document order and do not overlap, so those still
/// open are the last few read, ending in order, and a clause closes no
/// later than its sentence. Linear in the text and the quantities; no pass
/// of its own over the text.
#[derive(Default)]
pub(super) struct Context {
    /// Where the clause of a quantity read now starts (after the last boundary).
    clause_start: usize,
    /// Where its sentence starts.
    sentence_start: usize,
    /// The end of the last quantity read (a key starts after it).
    prev_end: usize,
    /// The quantities whose sentence is open, in text order.
    open: VecDeque<Open>,
    /// How many of the first of them have their clause closed.
    closed: usize,
    // Neighbouring figures mostly share their clause and sentence.
    clauses: LastTrim,
    sentences: LastTrim,
}

/// A quantity whose sentence (and maybe clause) is open.
#[derive(Copy, Clone)]
struct Open {
    /// Its index in the quantities.
    index: usize,
    /// Where its mention ends: a boundary at or after it closes.
    end: usize,
    /// Where its clause and sentence start.
    clause_start: usize,
    sentence_start: usize,
    /// Where its key may start at the earliest (after the quantity before).
    key_floor: usize,
}

impl Context {
    /// The quantity `qs[index]` has been read.
    pub(super) fn opened(&mut self, qs: &[Quantity], index: usize) {
        let Some(q) = qs.get(index) else { return };
        let span = q.span();
        self.open.push_back(Open {
            index,
            end: span.end,
            clause_start: self.clause_start.min(span.start),
            sentence_start: self.sentence_start.min(span.start),
            key_floor: self.prev_end,
        });
        self.prev_end = span.end;
    }

    /// A boundary at byte `at`, `len` bytes long, ending a sentence too when
    /// `sentence`: it closes the clauses (sentences) of the quantities that
    /// end at or before it. Most close none, which one look tells.
    #[inline]
    pub(super) fn boundary(
        &mut self,
        text: &str,
        qs: &mut [Quantity],
        at: usize,
        len: usize,
        sentence: bool,
    ) {
        if self.open.get(self.closed).is_some_and(|o| o.end <= at) {
            self.close_clauses(text, qs, at);
        }
        self.clause_start = at + len;
        if sentence {
            if self.open.front().is_some_and(|o| o.end <= at) {
                self.close_sentences(text, qs, at);
            }
            self.sentence_start = at + len;
        }
    }

    /// The text's end (`text.len()`) closes every clause and sentence still open.
    pub(super) fn close_all(&mut self, text: &str, qs: &mut [Quantity]) {
        self.close_clauses(text, qs, text.len());
        self.close_sentences(text, qs, text.len());
    }

    /// Close the open clauses of the quantities ending at or before `end`;
    /// each gets its key too, which is sought within the clause.
    fn close_clauses(&mut self, text: &str, qs: &mut [Quantity], end: usize) {
        while let Some(&o) = self.open.get(self.closed).filter(|o| o.end <= end) {
            self.closed += 1;
            let Some(q) = qs.get_mut(o.index) else {
                continue;
            };
            let start = q.span().start;
            let cs = o.clause_start;
            let clause = self.clauses.trim(text, Span::new(cs, end.max(cs)));
            let floor = clause.start.max(o.key_floor).min(start);
            q.set_clause(key_before(text, floor, start), clause);
        }
    }

    /// Close the open sentences of the quantities ending at or before `end`
    /// (whose clauses are closed).
    fn close_sentences(&mut self, text: &str, qs: &mut [Quantity], end: usize) {
        while let Some(o) = self.open.front().copied().filter(|o| o.end <= end) {
            self.open.pop_front();
            self.closed = self.closed.saturating_sub(1);
            let Some(q) = qs.get_mut(o.index) else {
                continue;
            };
            let ss = o.sentence_start;
            q.set_sentence(self.sentences.trim(text, Span::new(ss, end.max(ss))));
        }
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
    fn other_bytes_are_never_boundaries() {
        for lead in 0..=255u8 {
            for rest in [[0xBC, 0x8C], [0x80, 0x82], [b'1', b'1']] {
                let bytes = [b'1', lead, rest[0], rest[1]];
                if !may_start_boundary(lead) {
                    assert_eq!(boundary_at(&bytes, 1).0, 0, "{lead:#x}");
                }
            }
        }
    }

    #[test]
    fn white_space_starts_with_a_listed_byte() {
        for c in (char::MIN..=char::MAX).filter(|c| c.is_whitespace()) {
            let mut buf = [0; 4];
            assert!(
                may_start_space(c.encode_utf8(&mut buf).as_bytes()[0]),
                "{c:?}"
            );
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
