//! `balanced_pairs`: paired punctuation that is not closed or not opened.
//!
//! ## What it checks
//! Within each line (a paragraph), every opening mark of a pair — `《`, `（`,
//! `“`, `‘`, `【`, `〔` by default — must be closed by its partner, and every
//! closing mark must have been opened. Each pair is tracked on its own, so one
//! missing `》` does not make every later `）` look wrong. Matching is on the
//! normalized view, so full- and half-width brackets count as the same pair.
//! A closing bracket that ends a list number (`1)`, `二)`) after the start of
//! a line or a sentence, or a lone letter (`a)`, `B)`), is not a pair; nor is
//! `’` between letters (`People’s`). A line that stops mid-sentence (no
//! terminal punctuation) was wrapped by hand: its pairs may close on the next
//! line. A quotation over several paragraphs, each opening with `“`, closes
//! only at its end (GB/T 15834-2011).
//!
//! ## Options
//! ```yaml
//! check:
//!   balanced_pairs:
//!     pairs: ["《》", "()", "“”", "‘’", "【】", "〔〕"]   # optional
//! ```
//! The rule's `message` may use `{match}` (the lone mark) and `{partner}`.

use super::compile::{CompileCx, SpecError};
use super::{Check, Context};
use crate::byteset::CharSet;
use crate::diagnostic::Finding;
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub pairs: Option<Vec<Spanned<String>>>,
}

/// The compiled rule.
pub(crate) struct BalancedPairs {
    pairs: Vec<(char, char)>,
    /// The characters of the pairs and the line break: the scan skips to
    /// those that can be one and decodes nothing else.
    marks: CharSet,
    /// What each of those characters is, by the last byte of its UTF-8
    /// form: a character found is told by one lookup, not compared with
    /// every pair.
    by_last_byte: Box<[Mark; 256]>,
    message: String,
}

/// What a character ending with some byte is to the rule.
#[derive(Clone, Copy)]
enum Mark {
    /// No mark ends with the byte.
    Absent,
    /// Only `ch` does: it opens (`step` 1) or closes (`step` −1) pair
    /// `pair`; the line break has step 0.
    Only { ch: char, pair: usize, step: i64 },
    /// Marks of several pairs do (pairs a pack chose): told apart by
    /// comparing with every pair.
    Several,
}

const DEFAULT_PAIRS: [(char, char); 6] = [
    ('《', '》'),
    ('(', ')'),
    ('“', '”'),
    ('‘', '’'),
    ('【', '】'),
    ('〔', '〕'),
];

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<BalancedPairs, SpecError> {
        let pairs = match &self.pairs {
            None => DEFAULT_PAIRS.to_vec(),
            Some(list) => list
                .iter()
                .map(|p| {
                    let mut cs = p.value.chars().map(crate::normalize::normalize_char);
                    match (cs.next(), cs.next(), cs.next()) {
                        (Some(o), Some(c), None) if o != c => Ok((o, c)),
                        _ => Err(SpecError::new(
                            Some(p.referenced),
                            format!(
                                "“{}”不是一对不同的开、闭标点（应为两个字符，如“《》”）",
                                p.value
                            ),
                        )),
                    }
                })
                .collect::<Result<_, _>>()?,
        };
        Ok(BalancedPairs {
            marks: CharSet::of(pairs.iter().flat_map(|&(o, c)| [o, c]).chain(['\n'])),
            by_last_byte: by_last_byte(&pairs),
            pairs,
            message: cx.message.to_owned(),
        })
    }
}

/// The marks of `pairs` and the line break by the last byte of their UTF-8
/// form (the line break is pair `pairs.len()`, with step 0).
fn by_last_byte(pairs: &[(char, char)]) -> Box<[Mark; 256]> {
    let mut table = Box::new([Mark::Absent; 256]);
    let marks = pairs
        .iter()
        .enumerate()
        .flat_map(|(pair, &(o, c))| [(o, pair, 1), (c, pair, -1)])
        .chain([('\n', pairs.len(), 0)]);
    for (ch, pair, step) in marks {
        let mut utf8 = [0; 4];
        let last = ch.encode_utf8(&mut utf8).as_bytes().last().copied();
        let entry = &mut table[usize::from(last.unwrap_or_default())];
        *entry = match entry {
            Mark::Absent => Mark::Only { ch, pair, step },
            _ => Mark::Several,
        };
    }
    table
}

/// Whether the `)` at `close` ends a list number such as `1)` or `二)` at the
/// start of a line or sentence.
fn is_list_number(line: &str, close: usize) -> bool {
    let before = &line[..close];
    let digits = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .count();
    // `a)`, `B)`: one letter numbers a list item too.
    let letter = digits == 0
        && before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && !before
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if letter {
        // A lone letter closed by `)` is a label wherever it stands
        // (`选项a)、b)`): an unopened bracket after one letter is not a slip.
        return true;
    }
    if digits == 0 || digits > 3 {
        return false;
    }
    let start = before
        .char_indices()
        .rev()
        .nth(digits - 1)
        .map_or(0, |(i, _)| i);
    before[..start]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "。;:!?,、".contains(c))
}

impl BalancedPairs {
    fn finding(&self, span: Span, lone: char, partner: char, what: &str) -> Finding {
        let message = self
            .message
            .replace("{match}", &lone.to_string())
            .replace("{partner}", &partner.to_string());
        Finding::at(span, message).with_help(format!("{what}“{partner}”"))
    }
}

/// Whether the `’` at `at` is an apostrophe in English (`People’s`).
fn is_apostrophe(line: &str, at: usize) -> bool {
    let prev = line[..at].chars().next_back();
    let next = line[at + '’'.len_utf8()..].chars().next();
    prev.is_some_and(|p| p.is_ascii_alphanumeric())
        && next.is_some_and(|n| n.is_ascii_alphanumeric())
}

/// Whether a line ends a paragraph: its last visible character is
/// terminal punctuation. A line that stops mid-sentence (`印发《关于…的`) was
/// wrapped by hand, and a pair may close on the next line.
fn ends_paragraph(line: &str) -> bool {
    line.trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| "。!?;:…”’》)】〕".contains(c))
}

/// The next line of `text` after byte `end` (a line start) without its
/// leading whitespace, and what follows it: empty when that line is blank
/// or there is none.
fn next_line_trimmed(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    for (i, c) in rest.char_indices() {
        if c == '\n' {
            return "";
        }
        if !c.is_whitespace() {
            return &rest[i..];
        }
    }
    ""
}

impl Check for BalancedPairs {
    fn needs_structure(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let text = cx.text;
        // Most lines close every pair they open: counting the marks of each
        // pair tells so, without a stack or a branch on which mark it is. A
        // line that does not — a count below zero on the way, or not zero
        // at its end — is read again mark by mark, and so is a line that
        // begins with marks left open by the one before it (wrapped by
        // hand).
        let pairs = self.pairs.len();
        let mut open: Vec<Vec<usize>> = vec![Vec::new(); pairs];
        // Per pair, and one more for the line break.
        let mut depth = vec![0i64; pairs + 1];
        // Below zero once some depth was; zero when the depths add up to it.
        let (mut lowest, mut sum) = (0, 0);
        // Whether the line is read mark by mark.
        let mut reading = false;
        let mut line_start = 0;
        let mut next = 0;
        // One scan of the whole text for the marks and the line breaks
        // (back to the start of a line read again): a line ends at its
        // `\n` (which it includes), the last one also at the end of the
        // text.
        let mut found = self.marks.finder(text.as_bytes());
        loop {
            let line_end = match found.find(next) {
                Some(i) => {
                    let Some(c) = text[i..].chars().next() else {
                        return;
                    };
                    next = i + c.len_utf8();
                    if reading {
                        self.read_mark(text, line_start, i, c, &mut open, out);
                    } else {
                        match self.by_last_byte[usize::from(text.as_bytes()[next - 1])] {
                            Mark::Only { ch, pair, step } if ch == c => {
                                depth[pair] += step;
                                (lowest, sum) = (lowest | depth[pair], sum + step);
                            }
                            Mark::Several => {
                                for (pair, &(o, cl)) in self.pairs.iter().enumerate() {
                                    let step = i64::from(c == o) - i64::from(c == cl);
                                    depth[pair] += step;
                                    (lowest, sum) = (lowest | depth[pair], sum + step);
                                }
                            }
                            _ => {}
                        }
                    }
                    if c != '\n' {
                        continue;
                    }
                    Some(next)
                }
                None => None,
            };
            let end = line_end.unwrap_or(text.len());
            if reading {
                if line_start < end {
                    self.end_line(text, line_start, end, &mut open, out);
                }
                // The next line, too, while marks are left open.
                reading = open.iter().any(|stack| !stack.is_empty());
            } else if lowest < 0 || sum != 0 {
                depth.fill(0);
                (lowest, sum) = (0, 0);
                reading = true;
                next = line_start;
                continue;
            }
            if line_end.is_none() {
                return;
            }
            line_start = end;
        }
    }
}

impl BalancedPairs {
    /// Take in the mark `c` at `i` in the line that starts at `line_start`,
    /// with the marks `open` before it: a closing mark that closes nothing
    /// is reported.
    fn read_mark(
        &self,
        text: &str,
        line_start: usize,
        i: usize,
        c: char,
        open: &mut [Vec<usize>],
        out: &mut Vec<Finding>,
    ) {
        let line = &text[line_start..];
        for (k, &(o, cl)) in self.pairs.iter().enumerate() {
            if c == o {
                open[k].push(i);
            } else if c == cl
                && open[k].pop().is_none()
                && !(c == ')' && is_list_number(line, i - line_start))
                && !(c == '’' && is_apostrophe(line, i - line_start))
            {
                out.push(self.finding(Span::new(i, i + c.len_utf8()), c, o, "前面缺少与之配对的"));
            }
        }
    }
}

impl BalancedPairs {
    /// At the end of the line `start..end`: report the marks still open,
    /// unless the line was wrapped by hand and the next one goes on.
    fn end_line(
        &self,
        text: &str,
        start: usize,
        end: usize,
        open: &mut [Vec<usize>],
        out: &mut Vec<Finding>,
    ) {
        // Most lines close every pair they open.
        if open.iter().all(Vec::is_empty) {
            return;
        }
        let next_line = next_line_trimmed(text, end);
        // A pair may close on the next line when this one was wrapped by
        // hand; nothing carries past the end of the text.
        if !next_line.is_empty() && !ends_paragraph(&text[start..end]) {
            return;
        }
        for (k, stack) in open.iter_mut().enumerate() {
            let (o, cl) = self.pairs[k];
            // A quotation over several paragraphs opens each paragraph
            // and closes only at its end (GB/T 15834-2011, 4.1.3).
            if matches!(o, '“' | '‘') && next_line.starts_with(o) {
                stack.clear();
                continue;
            }
            for at in stack.drain(..) {
                out.push(self.finding(
                    Span::new(at, at + o.len_utf8()),
                    o,
                    cl,
                    "后面缺少与之配对的",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pairs: &[(char, char)]) -> BalancedPairs {
        BalancedPairs {
            pairs: pairs.to_vec(),
            marks: CharSet::of(pairs.iter().flat_map(|&(o, c)| [o, c]).chain(['\n'])),
            by_last_byte: by_last_byte(pairs),
            message: "{match}{partner}".to_owned(),
        }
    }

    /// The findings of `rule` in `text`: with the lines counted, and with
    /// every mark read (as the rule did before it counted).
    fn both_ways(rule: &BalancedPairs, text: &str) -> [Vec<(Option<Span>, String)>; 2] {
        crate::rules::with_context(text, false, |cx| {
            let mut counted = Vec::new();
            rule.check(cx, &mut counted);
            let mut read = Vec::new();
            let mut open = vec![Vec::new(); rule.pairs.len()];
            let mut start = 0;
            for line in cx.text.split_inclusive('\n') {
                for (i, c) in line.char_indices() {
                    rule.read_mark(cx.text, start, start + i, c, &mut open, &mut read);
                }
                rule.end_line(cx.text, start, start + line.len(), &mut open, &mut read);
                start += line.len();
            }
            [counted, read].map(|f| f.into_iter().map(|f| (f.span, f.message)).collect())
        })
    }

    #[test]
    fn counting_the_marks_of_a_line_finds_what_reading_them_finds() {
        // `Ê` and `Ë` end with the last bytes of `《` and `》`.
        let rules = [
            rule(&DEFAULT_PAIRS),
            rule(&[('《', '》'), ('Ê', 'Ë'), ('(', ')'), ('a', 'b')]),
        ];
        let pieces = [
            "《", "》", "(", ")", "“", "”", "‘", "’", "【", "】", "〔", "〕", "Ê", "Ë", "a", "b",
            "\n", "\n\n", "。", ",", "法治", "1)", "二", " ", "—", "x’s",
        ];
        // Every text of up to three pieces, and longer ones of a fixed
        // pseudo-random sequence.
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push([a, b, c].concat());
                }
            }
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..5_000 {
            let text = (0..24)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    pieces[(state % pieces.len() as u64) as usize]
                })
                .collect();
            texts.push(text);
        }
        let mut found = 0;
        for rule in &rules {
            for text in &texts {
                let [counted, read] = both_ways(rule, text);
                assert_eq!(counted, read, "{text:?}");
                found += counted.len();
            }
        }
        assert!(found > 10_000, "{found}");
    }
}
