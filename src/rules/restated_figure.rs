//! `restated_figure`: one figure, two values.
//!
//! ## What it checks
//! The same metric stated more than once in one document with different
//! values: the same words from the start of the clause to the figure (after
//! dropping leading words that do not change what is measured — scope words
//! such as 全年, 共, 累计, 全区 and manner words such as 全面, 深入, 依法, so
//! that `全面清理县政府规范性文件312件` and `全年清理县政府规范性文件318件` are
//! one metric; at least `min_key_chars` characters), the same unit, both
//! exact. A clause that names another scope (`各乡镇合计审查…`, `区本级…`)
//! keeps that word and so is another metric. A figure listed after 其中
//! (包括, 分别为, 含) in its sentence is a part of some total, scoped by it,
//! and is not compared. A restatement in a sentence that names another year,
//! compares with last year (同比, 上年) or speaks of a part of the period
//! (上半年, 一季度) is a different metric and is not compared; so are keys
//! matching `except`. Figures under headings that name different bodies
//! (`（一）区司法局`, `（二）区市场监管局`) are those bodies' and are not
//! compared.
//!
//! The finding points at the odd one out: when one value is stated more often
//! than the others, every mention of another value is reported, with the
//! mentions of the common value as secondary labels; when no value is in the
//! majority, the later mentions that differ from the first are reported, with
//! the first as a label.
//!
//! Runs in linear time: mentions are grouped by metric in one pass, the
//! heading and year each figure falls under are found by walking forward, and
//! what a sentence says about all its figures (another period, a list of
//! parts) is worked out once per sentence. A clause prefix of more than about
//! forty characters is not taken as the name of a metric.
//!
//! ## Options
//! ```yaml
//! check:
//!   restated_figure:
//!     min_key_chars: 4      # optional
//!     except: '新增|累计'    # optional
//! ```

use super::compile::{CompileCx, LazyRegex, SpecError, compile_regex};
use super::figures::{WINDOW, is_exact, key, written, written_key};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::quantity::{Exact, IdKind, Kind, Quantity};
use crate::span::{MAX_TEXT_LEN, Span};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

mod words;

/// The DFA of the words of [`words`], worked out by the build script:
/// byte → column ([`COLUMNS`]), the rows of the states one after the
/// other in [`TRANSITIONS`] (each entry the index of the next state's row),
/// the match states' rows first (below [`MATCH_END`]), and per match state
/// which lists have a word ending there ([`FOUND`]).
mod table {
    include!(concat!(env!("OUT_DIR"), "/sentence_words.rs"));
}

use table::{COLUMNS, FOUND, MATCH_END, ROW, START, TRANSITIONS};

/// The maps of this rule hash short keys made by the rule itself, not by
/// an adversary: a fast fixed hash (SipHash took ~1,900 instructions per
/// mention).
type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub min_key_chars: Option<usize>,
    #[serde(default)]
    pub except: Option<Spanned<String>>,
}

/// The compiled rule.
pub(crate) struct RestatedFigure {
    min_key_chars: usize,
    except: Option<LazyRegex>,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<RestatedFigure, SpecError> {
        let min_key_chars = self.min_key_chars.unwrap_or(4);
        if min_key_chars < 2 {
            return Err(SpecError::new(cx.at, "min_key_chars 至少为 2"));
        }
        Ok(RestatedFigure {
            min_key_chars,
            except: self
                .except
                .as_ref()
                .map(|e| compile_regex(e, cx))
                .transpose()?,
        })
    }
}

/// Leading words that do not change what a key measures: the whole period or
/// jurisdiction (全年, 全区), totals (共, 累计), and the manner of the act
/// (全面清理, 依法审查, 深入开展 measure the same thing as 清理, 审查, 开展).
/// Words that narrow the scope (区本级, 各乡镇, 专项, 重点) are not here.
const NEUTRAL: &[&str] = &[
    "全年度",
    "全年",
    "年内",
    "本年度",
    "共计",
    "合计",
    "累计",
    "总计",
    "共",
    "全区",
    "全市",
    "全县",
    "全面",
    "深入",
    "扎实",
    "认真",
    "依法",
    "积极",
    "及时",
    "严格",
    "持续",
    "进一步",
    "先后",
    "有序",
    "切实",
    "稳步",
    "不断",
    "大力",
    "集中",
];

/// The first character of each [`NEUTRAL`] word, a Chinese one: three
/// bytes in UTF-8.
const NEUTRAL_STARTS: [[u8; 3]; NEUTRAL.len()] = {
    let mut starts = [[0; 3]; NEUTRAL.len()];
    let mut i = 0;
    while i < NEUTRAL.len() {
        let w = NEUTRAL[i].as_bytes();
        assert!(w.len() >= 3 && w[0] >= 0xE0 && w[0] < 0xF0);
        starts[i] = [w[0], w[1], w[2]];
        i += 1;
    }
    starts
};

/// `key` without the leading [`NEUTRAL`] words. Most keys start with
/// none: a key whose first character starts no such word is passed at one
/// look, not compared with each word.
fn canonical(key: &str) -> &str {
    let mut k = key;
    while k
        .as_bytes()
        .first_chunk::<3>()
        .is_some_and(|start| NEUTRAL_STARTS.contains(start))
    {
        let before = k;
        for w in NEUTRAL {
            k = k.strip_prefix(w).unwrap_or(k);
        }
        if k == before {
            break;
        }
    }
    k
}

/// Endings of a heading that names a body (`（二）区市场监管局`, `（三）各镇街道`):
/// the figures under it are that body's, not the whole report's.
const BODY_ENDINGS: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "院",
    "镇",
    "乡",
    "街道",
    "中心",
    "部",
    "所",
    "队",
    "厅",
    "署",
    "公司",
    "政府",
];

/// The body a heading names, if it names one.
fn body_named<'t>(text: &'t str, h: &crate::structure::Heading) -> Option<&'t str> {
    let t = h.text.slice(text).trim();
    let t = t.trim_end_matches(['。', ':', ' ']);
    (t.chars().count() <= 20 && BODY_ENDINGS.iter().any(|e| t.ends_with(e))).then_some(t)
}

/// Which metric a mention states, within which year and under which body.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Metric<'t> {
    key: &'t str,
    unit: &'t str,
    year: Option<i128>,
    body: Option<&'t str>,
}

/// What a sentence says about all its figures, worked out once per sentence
/// (a sentence with thousands of figures must not be scanned once per figure).
#[derive(Clone, Copy)]
struct SentenceFacts {
    sentence: Span,
    /// It speaks of another period or a comparison.
    other_period: bool,
    /// Where the first part marker (其中, 包括 …) ends: figures after it are parts.
    parts_from: usize,
}

impl SentenceFacts {
    /// The facts of `sentence`, from the words of [`words`] in it: one
    /// pass over the sentence finds the words of both lists, every
    /// occurrence, overlapping.
    ///
    /// A long sentence is read in [`LANES`] parts at once: each lookup
    /// waits for the one before it in its part, the parts' lookups overlap
    /// (as the phrase rules' DFA does, `phrase::set::built_in`). A part
    /// starts [`LONGEST`] − 1 bytes before the end of the one before it, so
    /// every word lies wholly in some part; a word found twice, or out of
    /// order, says the same ([`SentenceFacts::found`] keeps the first end).
    fn of(text: &str, sentence: Span) -> Self {
        let mut facts = SentenceFacts {
            sentence,
            other_period: false,
            parts_from: usize::MAX,
        };
        let bytes = sentence.slice(text).as_bytes();
        let len = bytes.len();
        if len < LANES * LANE_MIN {
            facts.read(bytes, sentence.start, START);
            return facts;
        }
        let starts: [usize; LANES] =
            std::array::from_fn(|k| (k * len / LANES).saturating_sub(LONGEST - 1));
        let parts: [&[u8]; LANES] =
            std::array::from_fn(|k| &bytes[starts[k]..(k + 1) * len / LANES]);
        let mut states = [START; LANES];
        let together = parts.iter().map(|p| p.len()).min().unwrap_or(0);
        for at in 0..together {
            for (state, part) in states.iter_mut().zip(&parts) {
                *state = next(*state, part[at]);
            }
            for (&state, start) in states.iter().zip(starts) {
                if state < MATCH_END {
                    facts.found(state, sentence.start + start + at + 1);
                }
            }
        }
        for ((part, state), start) in parts.iter().zip(states).zip(starts) {
            let from = sentence.start + start + together;
            facts.read(&part[together..], from, state);
        }
        facts
    }

    /// Read `bytes`, which start at `from` in the text, from DFA state
    /// `state`, four bytes a turn of the loop, so that its bookkeeping is
    /// paid once for four transitions (as [`super::overlapping`] does).
    fn read(&mut self, bytes: &[u8], from: usize, mut state: usize) {
        let quads = bytes.chunks_exact(4);
        let rest = quads.remainder();
        let mut at = from;
        for quad in quads {
            for (k, &byte) in quad.iter().enumerate() {
                state = next(state, byte);
                if state < MATCH_END {
                    self.found(state, at + k + 1);
                }
            }
            at += 4;
        }
        for (k, &byte) in rest.iter().enumerate() {
            state = next(state, byte);
            if state < MATCH_END {
                self.found(state, at + k + 1);
            }
        }
    }

    /// Take in what match state `state` says, the words ending at `end`.
    fn found(&mut self, state: usize, end: usize) {
        let found = FOUND[state / ROW];
        self.other_period |= found & words::OTHER != 0;
        if found & words::PART != 0 {
            self.parts_from = self.parts_from.min(end);
        }
    }
}

/// How many parts of a long sentence [`SentenceFacts::of`] reads at once.
const LANES: usize = 4;

/// Sentences shorter than this many bytes a part are read in one.
const LANE_MIN: usize = 32;

/// The longest word of [`words`], in bytes.
const LONGEST: usize = {
    let mut longest = 1;
    let lists = [words::OTHER_PERIOD, words::PART_MARKERS];
    let mut l = 0;
    while l < lists.len() {
        let mut w = 0;
        while w < lists[l].len() {
            if lists[l][w].len() > longest {
                longest = lists[l][w].len();
            }
            w += 1;
        }
        l += 1;
    }
    longest
};

/// The state after `state` on `byte`. The index is masked into the table
/// (a power of two long), which holds every state's row: no bounds check.
fn next(state: usize, byte: u8) -> usize {
    let at = state + usize::from(COLUMNS[usize::from(byte)]);
    usize::from(TRANSITIONS[at & (TRANSITIONS.len() - 1)])
}

/// A clause prefix longer than this (bytes, about 40 characters) is a
/// sentence fragment, not the name of a metric.
const MAX_KEY_BYTES: usize = 120;

impl RestatedFigure {
    /// The metric key of a figure, or `None` when it is not compared.
    /// `facts` caches the facts of the last sentence looked at.
    fn key_of<'t>(
        &self,
        cx: &Context<'t>,
        q: &Quantity,
        facts: &mut Option<SentenceFacts>,
    ) -> Option<&'t str> {
        if !q.is_numeric() || !is_exact(q) || !matches!(q.kind, Kind::Count | Kind::Money) {
            return None;
        }
        q.unit.as_ref()?;
        // The metric is the whole clause before the figure: the same
        // words in another scope (`其中…`, `…和乡镇…`) are another metric.
        // Checked before the sentence is scanned for its facts, which only
        // a figure with a key needs.
        let prefix = cx.text.get(q.clause().start..q.span().start)?;
        if prefix.len() > MAX_KEY_BYTES {
            return None;
        }
        let k = canonical(prefix.trim());
        if k.chars().count() < self.min_key_chars || key(cx, q).is_empty() {
            return None;
        }
        let facts = match *facts {
            Some(f) if f.sentence == q.sentence() => f,
            _ => *facts.insert(SentenceFacts::of(cx.text, q.sentence())),
        };
        // A part of a list (`…，其中：行政复议案件40件`, `包括…`) is scoped
        // by its total even when 其中 ends in its own clause.
        if facts.other_period
            || facts.parts_from <= q.span().start
            || self.except.as_ref().is_some_and(|re| re.is_match(k))
        {
            return None;
        }
        Some(k)
    }

    /// Every compared figure grouped by metric: (group, index into `qs`)
    /// sorted by group, groups numbered in order of their first mention,
    /// each group's mentions in order.
    ///
    /// Each metric is stored once, with the number of its group: a report
    /// has a few dozen metrics but may state them thousands of times, so
    /// memory grows by one pair per mention, not by one metric; and one
    /// list for all groups, not one allocation per metric.
    fn groups(&self, cx: &Context<'_>, qs: &[Quantity]) -> Vec<(u32, u32)> {
        let text = cx.text;
        let headings = &cx.doc.headings;
        // Room for a report's few dozen metrics at once: grown from empty,
        // the table was rebuilt at every doubling.
        let mut group_of: FastMap<Metric<'_>, u32> =
            FastMap::with_capacity_and_hasher(qs.len().min(METRICS), Default::default());
        // Room for a report's mentions at once (grown from empty, the list
        // was reallocated several times a report).
        let mut mentions: Vec<(u32, u32)> = Vec::with_capacity(qs.len().min(MENTIONS));
        // The heading each figure falls under: the last one ending before
        // it (quantities and headings are both in document order).
        let mut next_heading = 0;
        let mut body: Option<&str> = None;
        // The last year named in the current sentence, and where.
        let mut sentence_year: Option<(usize, i128)> = None;
        let mut facts: Option<SentenceFacts> = None;
        // Indices are stored in 32 bits: a text has fewer quantities than
        // bytes, and no reader accepts one longer than `MAX_TEXT_LEN`.
        for (i, q) in qs.iter().enumerate().take(MAX_TEXT_LEN) {
            if i > 0 && qs[i - 1].sentence() != q.sentence() {
                sentence_year = None;
            }
            if q.kind == Kind::Identifier(IdKind::Year) {
                if let Some(y) = q.value().to_integer() {
                    sentence_year = Some((i, y));
                }
                continue;
            }
            while next_heading < headings.len() && headings[next_heading].span.end <= q.span().start
            {
                body = body_named(text, &headings[next_heading]);
                next_heading += 1;
            }
            let Some(k) = self.key_of(cx, q, &mut facts) else {
                continue;
            };
            let Some(unit) = q.unit.as_ref() else {
                continue;
            };
            let year = sentence_year
                .filter(|&(at, _)| i - at <= WINDOW)
                .map(|(_, y)| y)
                .or_else(|| cx.year.map(i128::from));
            let metric = Metric {
                key: k,
                unit: unit.symbol(),
                year,
                body,
            };
            let groups = group_of.len() as u32;
            let g = *group_of.entry(metric).or_insert(groups);
            mentions.push((g, i as u32));
        }
        // Stable: each group's mentions stay in text order.
        mentions.sort_by_key(|&(g, _)| g);
        mentions
    }
}

/// The metrics a report usually has, at most: the room their table is
/// made with.
const METRICS: usize = 64;

/// The figures a report usually compares, at most: the room their list is
/// made with.
const MENTIONS: usize = 256;

/// At most this many mentions of the common value are labelled.
const MAX_LABELS: usize = 3;

impl Check for RestatedFigure {
    fn reads_quantities(&self) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let qs = cx.quantities();
        for group in self.groups(cx, qs).chunk_by(|a, b| a.0 == b.0) {
            if group.len() < 2 {
                continue;
            }
            let mentions = || group.iter().map(|&(_, i)| &qs[i as usize]);
            // How often each value is stated, and where first.
            let mut counts: FastMap<Exact, (usize, usize)> = FastMap::default();
            for (n, q) in mentions().enumerate() {
                counts.entry(q.value()).or_insert((0, n)).0 += 1;
            }
            if counts.len() < 2 {
                continue;
            }
            // The common value: stated most often; on a tie, stated first.
            let (&common, &(times, _)) = counts
                .iter()
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
                .expect("at least two values");
            let majority = times >= 2 && counts.values().filter(|c| c.0 == times).count() == 1;
            let agreeing: Vec<&Quantity> = mentions().filter(|q| q.value() == common).collect();
            let first = agreeing[0];
            for q in mentions() {
                if q.value() == common {
                    continue;
                }
                let elsewhere = if majority {
                    format!("另有{}处是{}", agreeing.len(), written(cx, first.span()))
                } else if first.span().start < q.span().start {
                    format!("前面是{}", written(cx, first.span()))
                } else {
                    format!("后面是{}", written(cx, first.span()))
                };
                let mut f = Finding::at(
                    q.span(),
                    format!(
                        "“{}”前后数字不一致：这里是{}，{elsewhere}",
                        written_key(cx, q),
                        written(cx, q.span()),
                    ),
                )
                .with_help("同一指标在报告中应只有一个数值；若口径不同，请写明口径".to_owned());
                for other in agreeing.iter().take(MAX_LABELS) {
                    f = f.with_label(
                        other.span(),
                        format!("这里写的是{}", written(cx, other.span())),
                    );
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// Leading neutral words are dropped, however many and in whatever
    /// order; a key that starts with none is kept as it is.
    #[test]
    fn keys_lose_their_leading_neutral_words() {
        assert_eq!(canonical("全年共依法审查规范性文件"), "审查规范性文件");
        assert_eq!(canonical("共全年审查"), "审查");
        assert_eq!(canonical("审查全年"), "审查全年");
        assert_eq!(canonical("全体人员"), "全体人员");
        assert_eq!(canonical("全年"), "");
        assert_eq!(canonical(""), "");
    }

    /// A long sentence read in parts has the facts of one read whole:
    /// every word across every part's end, at every offset.
    #[test]
    fn parts_of_a_long_sentence_find_every_word() {
        let len = 2 * LANES * LANE_MIN;
        let sentence = Span::new(0, len);
        let mut compared = 0;
        for word in words::OTHER_PERIOD.iter().chain(words::PART_MARKERS) {
            for cut in 1..=word.len() {
                let mut text = "x".repeat(len);
                for k in 1..LANES {
                    let at = k * len / LANES - cut;
                    text.replace_range(at..at + word.len(), word);
                }
                let facts = SentenceFacts::of(&text, sentence);
                let mut whole = SentenceFacts {
                    sentence,
                    other_period: false,
                    parts_from: usize::MAX,
                };
                whole.read(text.as_bytes(), 0, START);
                assert!(whole.other_period || whole.parts_from < len, "{text}");
                assert_eq!(facts.other_period, whole.other_period, "{text}");
                assert_eq!(facts.parts_from, whole.parts_from, "{text}");
                compared += 1;
            }
        }
        assert!(compared > 40);
    }

    /// The facts the build script's DFA finds are those of the
    /// `aho-corasick` crate's overlapping search for the same words, on
    /// every string of the built-in packs, a sentence at a time, and on
    /// words run together.
    #[test]
    fn facts_are_those_of_the_crates_search() {
        let words: Vec<&str> = words::OTHER_PERIOD
            .iter()
            .chain(words::PART_MARKERS)
            .copied()
            .collect();
        let crate_search = AhoCorasick::new(&words).unwrap();
        let mut texts: Vec<String> = crate::pack::builtin_strings()
            .into_iter()
            .map(str::to_owned)
            .collect();
        texts.push(words.concat());
        texts.push(words.iter().rev().copied().collect());
        texts.push("上一年度上半年含其中分别为较上年同比分别是".to_owned());
        let mut seen = (0, 0);
        for text in &texts {
            // Offset, so that ends are counted from the sentence's start.
            let text = format!("前文。{text}");
            let sentence = Span::new("前文。".len(), text.len());
            let facts = SentenceFacts::of(&text, sentence);
            let mut other_period = false;
            let mut parts_from = usize::MAX;
            for m in crate_search.find_overlapping_iter(sentence.slice(&text)) {
                if m.pattern().as_usize() < words::OTHER_PERIOD.len() {
                    other_period = true;
                } else {
                    parts_from = parts_from.min(sentence.start + m.end());
                }
            }
            assert_eq!(facts.other_period, other_period, "{text}");
            assert_eq!(facts.parts_from, parts_from, "{text}");
            seen.0 += usize::from(other_period);
            seen.1 += usize::from(parts_from != usize::MAX);
        }
        assert!(seen.0 > 10 && seen.1 > 10, "{seen:?}");
    }
}
