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
    message: String,
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
            pairs,
            message: cx.message.to_owned(),
        })
    }
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
        let mut open: Vec<Vec<usize>> = vec![Vec::new(); self.pairs.len()];
        // One scan of the whole text for the marks and the line breaks:
        // a line ends at its `\n` (which it includes), the last one also
        // at the end of the text.
        let mut line_start = 0;
        let mut next = 0;
        let mut found = self.marks.finder(text.as_bytes());
        loop {
            let Some(i) = found.find(next) else {
                if line_start < text.len() {
                    self.end_line(text, line_start, text.len(), &mut open, out);
                }
                return;
            };
            let Some(c) = text[i..].chars().next() else {
                return;
            };
            next = i + c.len_utf8();
            let line = &text[line_start..];
            for (k, &(o, cl)) in self.pairs.iter().enumerate() {
                if c == o {
                    open[k].push(i);
                } else if c == cl
                    && open[k].pop().is_none()
                    && !(c == ')' && is_list_number(line, i - line_start))
                    && !(c == '’' && is_apostrophe(line, i - line_start))
                {
                    out.push(self.finding(
                        Span::new(i, i + c.len_utf8()),
                        c,
                        o,
                        "前面缺少与之配对的",
                    ));
                }
            }
            if c == '\n' {
                self.end_line(text, line_start, next, &mut open, out);
                line_start = next;
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
