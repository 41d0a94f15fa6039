//! `repeated_clause`: a clause written twice in one sentence.
//!
//! ## What it checks
//! Within one sentence, a clause (the text between `,` `;` `:` `、`) that is
//! the same as an earlier clause of the sentence and has at least
//! `min_chars` Chinese characters: `化解信访积案8件，化解信访积案8件` — the
//! trace of a paste or an edit that kept both versions. Short clauses
//! (`是，是`) and clauses of another sentence are not compared. When the
//! repetition follows right after the first clause, deleting it (with the
//! mark before it) is offered as a safe fix.
//!
//! ## Options
//! ```yaml
//! check:
//!   repeated_clause:
//!     min_chars: 4    # optional
//! ```
//! The rule's `message` may use `{match}` (the repeated clause).

use super::compile::{CompileCx, SpecError};
use super::{Check, Context};
use crate::byteset::ByteSet;
use crate::diagnostic::Finding;
use crate::normalize::is_han;
use crate::span::{Span, Span32};
use crate::structure::{ClauseStart, ClauseStarts, Document, Statements};
use serde::Deserialize;
use std::ops::ControlFlow;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub min_chars: Option<usize>,
}

/// The compiled rule.
pub(crate) struct RepeatedClause {
    min_chars: usize,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<RepeatedClause, SpecError> {
        let min_chars = self.min_chars.unwrap_or(4);
        if min_chars < 2 {
            return Err(SpecError::new(cx.at, "min_chars 至少为 2"));
        }
        Ok(RepeatedClause {
            min_chars,
            message: cx.message.to_owned(),
        })
    }
}

/// Marks that end a sentence, left out of its last clause.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';')
}

/// Bytes that can start a mark between clauses: `,` `;` `:` and the first
/// byte of `、` (normalized text: `，` is `,`).
const MAY_START_SEPARATOR: ByteSet = ByteSet::new(b",;:\xE3");

/// The clauses of `sentence` into `out`, trimmed, without the mark that
/// ends it.
fn clauses(text: &str, sentence: Span, out: &mut Vec<Span>) {
    out.clear();
    let s = sentence.slice(text);
    let mut push = |from: usize, to: usize| {
        let piece = s[from..to].trim_end_matches(is_terminator);
        // Most clauses begin and end with a Chinese character: no
        // whitespace to trim.
        let mut chars = piece.chars();
        let (lead, t) = if chars.next().is_some_and(is_han) && chars.next_back().is_some_and(is_han)
        {
            (0, piece)
        } else {
            (piece.len() - piece.trim_start().len(), piece.trim())
        };
        if !t.is_empty() {
            let a = sentence.start + from + lead;
            out.push(Span::new(a, a + t.len()));
        }
    };
    let mut start = 0;
    let mut k = 0;
    let mut separators = MAY_START_SEPARATOR.finder(s.as_bytes());
    while let Some(at) = separators.find(k) {
        let Some(c) = s[at..].chars().next() else {
            break;
        };
        k = at + c.len_utf8();
        if matches!(c, ',' | ';' | ':' | '、') {
            push(start, at);
            start = k;
        }
    }
    push(start, s.len());
}

/// Whether `sentence` may hold two equal clauses of `shortest` bytes or
/// more: two of its clauses begin with the same `shortest` bytes. Read
/// without trimming or decoding clauses (most sentences hold no two such
/// clauses); `separators` are where the marks between its clauses are (`,`
/// `;` `:` `、`, noted as the statements were split), `starts` is scratch
/// space.
fn may_repeat<'t>(
    text: &'t str,
    sentence: Span,
    shortest: usize,
    separators: &[usize],
    starts: &mut Vec<(u64, &'t [u8])>,
) -> bool {
    starts.clear();
    let within = &text[..sentence.end];
    push_start(within, sentence.start, shortest, starts);
    for &at in separators {
        // `,` `;` `:` take one byte, `、` three.
        let len = if text.as_bytes()[at].is_ascii() { 1 } else { 3 };
        push_start(within, at + len, shortest, starts);
    }
    any_equal(starts)
}

/// Note the first `shortest` bytes of the clause that begins at `from` in
/// `text` (which ends where its sentence may end), after its leading
/// whitespace; nothing when the clause is shorter.
///
/// Each start comes with its first eight bytes as a number, compared
/// first: comparing the byte strings of every pair was most of the rule's
/// time.
#[inline]
fn push_start<'t>(text: &'t str, from: usize, shortest: usize, starts: &mut Vec<(u64, &'t [u8])>) {
    let mut clause = &text[from..];
    // Whitespace starts with one of these bytes (ASCII, U+0085, U+00A0,
    // U+1680, U+2000–U+205F, U+3000); a trimmed clause does not.
    if clause
        .as_bytes()
        .first()
        .is_some_and(|&b| matches!(b, b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1..=0xE3))
    {
        clause = clause.trim_start();
    }
    if let Some(start) = clause.as_bytes().get(..shortest) {
        let first = start.first_chunk().map_or(0, |b| u64::from_be_bytes(*b));
        starts.push((first, start));
    }
}

/// Whether two of `starts` are equal (they are reordered).
fn any_equal(starts: &mut [(u64, &[u8])]) -> bool {
    if starts.len() < 2 {
        return false;
    }
    if starts.len() <= FEW_CLAUSES {
        return (1..starts.len()).any(|k| starts[..k].contains(&starts[k]));
    }
    starts.sort_unstable();
    starts.windows(2).any(|w| w[0] == w[1])
}

/// A sentence of up to this many clauses (most) has their starts compared
/// pair by pair, for less than sorting them costs.
const FEW_CLAUSES: usize = 16;

/// Each clause that repeats an earlier one, in order: `(clause, first)` as
/// indices into `parts`. Sorting the clauses by text keeps this linear in
/// practice even for a list sentence of hundreds of items.
fn repeats(text: &str, parts: &[Span], order: &mut Vec<usize>, out: &mut Vec<(usize, usize)>) {
    out.clear();
    order.clear();
    order.extend(0..parts.len());
    // By length first: most clauses differ in it, and only clauses of one
    // length need their texts compared.
    order.sort_unstable_by_key(|&n| (parts[n].len(), n));
    for same_len in order.chunk_by_mut(|&a, &b| parts[a].len() == parts[b].len()) {
        if same_len.len() < 2 {
            continue;
        }
        same_len.sort_unstable_by_key(|&n| (parts[n].slice(text), n));
        for same in same_len.chunk_by(|&a, &b| parts[a].slice(text) == parts[b].slice(text)) {
            out.extend(same[1..].iter().map(|&n| (n, same[0])));
        }
    }
    out.sort_unstable();
}

/// The paragraphs where a sentence may hold two equal clauses of
/// `shortest` bytes or more ([`may_repeat`]): long enough for two, and
/// where two clauses that [`ClauseStarts`] does not tell apart as of
/// different statements begin with the same `shortest` bytes. Most
/// paragraphs hold none, and are not split into statements at all.
fn suspects(text: &str, doc: &Document, shortest: usize) -> Vec<Span32> {
    let mut out = Vec::new();
    // Room for the clauses of most sentences at once.
    let mut starts = Vec::with_capacity(FEW_CLAUSES);
    let mut clause_starts = ClauseStarts::new(text, &doc.headings);
    for &p in &doc.paragraphs {
        // Too short for two clauses of `shortest` bytes and a mark.
        if p.get().len() <= shortest.saturating_mul(2) {
            continue;
        }
        // A clause ends where its paragraph does, if not before.
        let within = &text[..p.get().end];
        starts.clear();
        let alike = clause_starts.paragraph(p.get(), |found| {
            match found {
                ClauseStart::At(at) => push_start(within, at, shortest, &mut starts),
                ClauseStart::StatementEnd => {
                    if any_equal(&mut starts) {
                        return ControlFlow::Break(());
                    }
                    starts.clear();
                }
            }
            ControlFlow::Continue(())
        });
        if alike.is_break() || any_equal(&mut starts) {
            out.push(p);
        }
    }
    out
}

impl RepeatedClause {
    /// Check the sentences of `statements`.
    fn check_statements(
        &self,
        cx: &Context<'_>,
        mut statements: Statements<'_>,
        out: &mut Vec<Finding>,
    ) {
        let (mut parts, mut order, mut repeated) = (Vec::new(), Vec::new(), Vec::new());
        // A clause of `min_chars` Chinese characters takes three bytes each.
        let shortest = self.min_chars.saturating_mul(3);
        let mut starts = Vec::with_capacity(FEW_CLAUSES);
        while let Some((statement, separators)) = statements.next_with_separators() {
            if !may_repeat(cx.text, statement, shortest, separators, &mut starts) {
                continue;
            }
            clauses(cx.text, statement, &mut parts);
            if parts.len() < 2 {
                continue;
            }
            repeats(cx.text, &parts, &mut order, &mut repeated);
            for &(n, first) in &repeated {
                let (clause, first_clause) = (parts[n], parts[first]);
                // Equal clauses count alike: count only for a repeat.
                let han = clause.slice(cx.text).chars().filter(|&c| is_han(c));
                if han.count() < self.min_chars {
                    continue;
                }
                let original = cx.norm.to_original(clause).slice(cx.original);
                let mut f = Finding::at(clause, self.message.replace("{match}", original))
                    .with_label(first_clause, "第一次写在这里")
                    .with_help(format!("删去重复的“{original}”"));
                // Right after the first: delete the mark and the repetition.
                if first + 1 == n {
                    f = f.with_fix(Span::new(first_clause.end, clause.end), String::new());
                }
                out.push(f);
            }
        }
    }
}

impl Check for RepeatedClause {
    /// Only the sentences of [`suspects`] are read.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let shortest = self.min_chars.saturating_mul(3);
        let suspects = suspects(cx.text, cx.doc, shortest);
        let statements = cx.doc.statements_with_separators(cx.text, &suspects);
        self.check_statements(cx, statements, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_of_a_sentence() {
        let t = "化解积案8件,化解积案8件;审查文件、合同。";
        let mut parts = Vec::new();
        clauses(t, Span::new(0, t.len()), &mut parts);
        let got: Vec<&str> = parts.iter().map(|c| c.slice(t)).collect();
        assert_eq!(got, ["化解积案8件", "化解积案8件", "审查文件", "合同"]);
        let (mut order, mut repeated) = (Vec::new(), Vec::new());
        repeats(t, &parts, &mut order, &mut repeated);
        assert_eq!(repeated, [(1, 0)]);
    }

    #[test]
    fn only_sentences_with_two_clauses_alike_at_the_start_are_read() {
        let may = |t: &str, shortest: usize| {
            let separators: Vec<usize> = t
                .char_indices()
                .filter(|&(_, c)| matches!(c, ',' | ';' | ':' | '、'))
                .map(|(i, _)| i)
                .collect();
            may_repeat(
                t,
                Span::new(0, t.len()),
                shortest,
                &separators,
                &mut Vec::new(),
            )
        };
        assert!(may("化解积案8件,化解积案8件;审查文件。", 12));
        // Leading whitespace is not part of a clause; the end does not count.
        assert!(may("化解积案8件,\u{3000} 化解积案9件、审查文件", 12));
        assert!(!may("化解积案8件,化解积案8件", 24));
        assert!(!may("审查文件,化解积案,审查合同", 12));
        // A list of more clauses than are compared pair by pair.
        let items: Vec<String> = (0..2 * FEW_CLAUSES as u32)
            .filter_map(|k| char::from_u32(0x4E00 + k))
            .map(|c| format!("{c}项工作"))
            .collect();
        let list = items.join("、");
        assert!(!may(&list, 12));
        assert!(may(&format!("{list}、{}", items[3]), 12));
        // Every clause that repeats is in a sentence that may.
        let sentences = [
            "甲乙丙丁,甲乙丙丁",
            "a甲乙丙丁;\t甲乙丙丁、a甲乙丙丁。",
            "甲乙丙丁:戊己庚辛, 甲乙丙丁!",
        ];
        for t in sentences {
            let mut parts = Vec::new();
            clauses(t, Span::new(0, t.len()), &mut parts);
            let (mut order, mut repeated) = (Vec::new(), Vec::new());
            repeats(t, &parts, &mut order, &mut repeated);
            assert!(!repeated.is_empty() && may(t, 12), "{t}");
        }
    }

    #[test]
    fn every_repeat_names_the_first_occurrence() {
        let t = "甲,乙,甲,丙,乙,甲";
        let mut parts = Vec::new();
        clauses(t, Span::new(0, t.len()), &mut parts);
        let (mut order, mut repeated) = (Vec::new(), Vec::new());
        repeats(t, &parts, &mut order, &mut repeated);
        assert_eq!(repeated, [(2, 0), (4, 1), (5, 0)]);
    }

    /// The findings of the rule (as their debug text) when it reads every
    /// sentence, and when it reads only those of its [`suspects`]; and
    /// whether every sentence that [`may_repeat`] is in a suspect paragraph
    /// (unless it is too short to hold two clauses of `3 * min_chars` bytes
    /// and a mark: its starts may overlap).
    fn both_ways(text: &str, min_chars: usize) -> (String, String, bool) {
        let rule = RepeatedClause {
            min_chars,
            message: "“{match}”重复".into(),
        };
        crate::rules::with_context(text, true, |cx| {
            let shortest = min_chars * 3;
            let suspects = suspects(cx.text, cx.doc, shortest);
            let mut all = cx
                .doc
                .statements_with_separators(cx.text, &cx.doc.paragraphs);
            let mut covered = true;
            while let Some((statement, separators)) = all.next_with_separators() {
                if statement.len() > 2 * shortest
                    && may_repeat(cx.text, statement, shortest, separators, &mut Vec::new())
                {
                    covered &= suspects.iter().any(|p| {
                        let p = p.get();
                        p.start <= statement.start && statement.end <= p.end
                    });
                }
            }
            let every = cx
                .doc
                .statements_with_separators(cx.text, &cx.doc.paragraphs);
            let (mut read_all, mut read_suspects) = (Vec::new(), Vec::new());
            rule.check_statements(cx, every, &mut read_all);
            rule.check(cx, &mut read_suspects);
            (
                format!("{read_all:?}"),
                format!("{read_suspects:?}"),
                covered,
            )
        })
    }

    #[test]
    fn only_suspect_paragraphs_are_read_and_nothing_is_missed() {
        let texts = [
            "一、总体情况\n化解积案8件,化解积案8件。审查文件、合同。\n",
            // Alike clauses of two sentences: not a repeat, and the
            // paragraph needs no split.
            "化解积案8件,审查文件。化解积案8件,审查合同。",
            // A `。` inside quotes ends no sentence.
            "他说“化解积案。化解积案”,化解积案。",
            // A quote left open runs on only so far.
            &format!("“{}。甲乙丙丁,甲乙丙丁。", "戊".repeat(300)),
            // After a closing quote, and after table pipes.
            "要求“全面完成。”甲乙丙丁,甲乙丙丁。| |甲乙丙丁,甲乙丙丁",
            "(一)标题甲乙丙丁 甲乙丙丁,甲乙丙丁;戊己庚辛、戊己庚辛",
            // Closers right after a `;` join the sentence it ends, and
            // make a clause of it.
            "’’’’;’’’’甲乙丙丁",
        ];
        for t in texts {
            let (all, suspects, covered) = both_ways(t, 4);
            assert_eq!(all, suspects, "{t}");
            assert!(covered, "{t}");
        }
        crate::rules::with_context(texts[1], true, |cx| {
            assert!(suspects(cx.text, cx.doc, 12).is_empty());
        });
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = &'static str> {
        proptest::sample::select(vec![
            "甲",
            "乙",
            "甲乙",
            "丙丁",
            "甲乙丙丁",
            "8件",
            ",",
            ";",
            ":",
            "、",
            "。",
            "!",
            "?",
            "“",
            "”",
            "‘",
            "’",
            "《",
            "》",
            "(",
            ")",
            "[",
            "]",
            "「",
            "」",
            " ",
            "\u{3000}",
            "\t",
            "|",
            "\n",
            "\n一、",
            "\n(二)",
            "一是",
            "—",
            "…",
            "a",
            // Long enough for a quote to run on too long.
            "戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛戊己庚辛",
        ])
    }

    proptest::proptest! {
        #[test]
        fn suspects_hold_every_sentence_that_may_repeat(
            parts in proptest::collection::vec(piece(), 0..120),
            min_chars in 2usize..5,
        ) {
            let text = parts.concat();
            let (all, suspects, covered) = both_ways(&text, min_chars);
            proptest::prop_assert_eq!(all, suspects);
            proptest::prop_assert!(covered);
        }
    }

    #[test]
    fn a_huge_minimum_finds_nothing_and_does_not_overflow() {
        let found = |min_chars| {
            let rule = RepeatedClause {
                min_chars,
                message: "“{match}”重复".into(),
            };
            crate::rules::with_context("化解积案8件,化解积案8件。", true, |cx| {
                let mut out = Vec::new();
                rule.check(cx, &mut out);
                out.len()
            })
        };
        assert_eq!(found(4), 1);
        assert_eq!(found(usize::MAX / 2), 0);
    }
}
