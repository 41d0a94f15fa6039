//! `punctuation_width`: half-width punctuation in Chinese text.
//!
//! ## What it checks
//! In the text *as typed* (not the normalized view), a half-width mark from
//! `marks` (by default `,;:?!()`) written next to Chinese characters: a comma,
//! semicolon, colon, question or exclamation mark right after a Chinese
//! character or closing mark, an opening bracket right before or after a
//! Chinese character, a closing bracket right after or before one. Each is
//! reported with a safe fix to the full-width form (`，；：？！（）`).
//!
//! A draft whose half-width marks between Chinese characters outnumber its
//! full-width marks `bulk_ratio` to one (by default more than ten to one,
//! and at least `bulk_threshold` of them — a small minimum, 5 by default) was
//! not typed that way: it went through a full-width → half-width conversion
//! (NFKC, a web page, a copy from a table). The decision is by the ratio, not
//! by a count, so a short copy with a dozen half-width marks and no full-width
//! one is a converted copy too. Reporting every mark would bury the report in
//! noise, so such a document gets **one** finding (at the first mark, with
//! `bulk_severity`) that says so and counts the marks. A draft with a few
//! half-width marks among full-width ones gets a finding (and a fix) per mark.
//!
//! ## Options
//! ```yaml
//! check:
//!   punctuation_width:
//!     marks: ",;:?!()"        # optional, the marks to check
//!     bulk_threshold: 5       # optional: the fewest marks for the one-finding mode
//!     bulk_ratio: 10          # optional: half-width marks per full-width mark above which a copy is converted
//!     bulk_severity: info     # optional
//! ```
//! The rule's `message` may use `{match}` (the mark) and `{replace}` (its
//! full-width form). Page chrome and the metadata box of a published copy
//! (see [`crate::structure`]) are the site's text and are not checked.

use super::compile::{CompileCx, SpecError};
use super::{Check, Context};
use crate::byteset::ByteSet;
use crate::diagnostic::{Finding, Severity};
use crate::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub marks: Option<String>,
    #[serde(default)]
    pub bulk_threshold: Option<usize>,
    #[serde(default)]
    pub bulk_ratio: Option<usize>,
    #[serde(default)]
    pub bulk_severity: Option<Severity>,
}

/// The compiled rule.
pub(crate) struct PunctuationWidth {
    marks: Vec<char>,
    /// The bytes the scan looks at: the marks, and 0xEF, which starts
    /// their full-width forms (U+FF01–U+FF60).
    interesting: ByteSet,
    bulk_threshold: usize,
    bulk_ratio: usize,
    bulk_severity: Severity,
    message: String,
}

const DEFAULT_MARKS: &str = ",;:?!()";

/// The full-width form of a half-width mark.
fn full_width(c: char) -> Option<char> {
    match c {
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0),
        _ => None,
    }
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<PunctuationWidth, SpecError> {
        let marks: Vec<char> = self
            .marks
            .as_deref()
            .unwrap_or(DEFAULT_MARKS)
            .chars()
            .collect();
        if marks.is_empty() {
            return Err(SpecError::new(cx.at, "marks 不能为空"));
        }
        if let Some(bad) = marks.iter().find(|c| !c.is_ascii_punctuation()) {
            return Err(SpecError::new(
                cx.at,
                format!("marks 只能包含半角（ASCII）标点，“{bad}”不是"),
            ));
        }
        let mut interesting = ByteSet::first_bytes_of(marks.iter().copied());
        interesting.insert(0xEF);
        Ok(PunctuationWidth {
            marks,
            interesting,
            bulk_threshold: self.bulk_threshold.unwrap_or(5).max(1),
            bulk_ratio: self.bulk_ratio.unwrap_or(10).max(1),
            bulk_severity: self.bulk_severity.unwrap_or(Severity::Info),
            message: cx.message.to_owned(),
        })
    }
}

/// Chinese text on this side of a mark: a CJK ideograph, or CJK punctuation
/// and full-width forms (``“”《》（）`` …).
fn is_chinese(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        matches!(c as u32,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF
            | 0x3000..=0x303F | 0xFF01..=0xFF60 | 0x2018..=0x201F)
    })
}

impl PunctuationWidth {
    /// Whether the mark `c` between `prev` and `next` is misplaced half-width.
    fn misplaced(c: char, prev: Option<char>, next: Option<char>) -> bool {
        match c {
            '(' | '[' | '{' => is_chinese(next) || is_chinese(prev),
            ')' | ']' | '}' => is_chinese(prev) || is_chinese(next),
            // After Chinese, unless it is part of an ASCII run (a URL's `:`
            // is preceded by letters, not by Chinese).
            _ => is_chinese(prev),
        }
    }
}

/// Page chrome and metadata around a published copy, in the original text:
/// the site's text, not the report's. Sorted by start.
fn page_chrome(cx: &Context<'_>) -> Vec<Span> {
    let mut skipped: Vec<Span> = cx
        .doc
        .chrome
        .iter()
        .copied()
        .chain(cx.doc.metadata.iter().map(|f| f.key_span.cover(f.value)))
        .map(|s| cx.norm.to_original(s))
        .collect();
    skipped.sort_unstable_by_key(|s| s.start);
    skipped
}

/// What a scan of the original text finds outside the skipped spans.
struct Marks {
    /// Where the misplaced half-width marks are (one ASCII byte each). A
    /// converted copy has one at nearly every comma, so only the offset is
    /// kept: 4 bytes a mark, not 24 (a 100 MB copy has millions of them).
    misplaced: Vec<u32>,
    /// How many of the marks are written full width.
    full_width: usize,
}

/// The misplaced marks a converted report of some ten thousand bytes has,
/// about: the room the scan starts with.
const MARKS_OF_A_REPORT: usize = 256;

impl PunctuationWidth {
    /// Scans `text` outside `skipped` (sorted) for the marks.
    fn scan(&self, text: &str, skipped: &[Span]) -> Marks {
        let mut skip = skipped.iter().peekable();
        let mut found = Marks {
            // Room for the marks of a converted report (a few hundred) at
            // once: grown from empty, the list was reallocated seven times.
            misplaced: Vec::with_capacity(MARKS_OF_A_REPORT),
            full_width: 0,
        };
        // Half-width marks are ASCII bytes; full-width forms start with
        // 0xEF. No other byte needs decoding.
        let mut next = 0;
        let mut interesting = self.interesting.finder(text.as_bytes());
        while let Some(i) = interesting.find(next) {
            next = i + 1;
            let b = text.as_bytes()[i];
            while skip.next_if(|s| s.end <= i).is_some() {}
            if skip.peek().is_some_and(|s| s.start <= i) {
                continue;
            }
            if b.is_ascii() {
                let c = char::from(b);
                let prev = text[..i].chars().next_back();
                let next = text[i + 1..].chars().next();
                if Self::misplaced(c, prev, next) {
                    // No reader accepts a text whose offsets need more than
                    // 32 bits (`crate::span::MAX_TEXT_LEN`).
                    let Ok(at) = u32::try_from(i) else { break };
                    found.misplaced.push(at);
                }
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                continue;
            };
            if ('\u{FF01}'..='\u{FF60}').contains(&c)
                && char::from_u32(c as u32 - 0xFEE0).is_some_and(|h| self.marks.contains(&h))
            {
                found.full_width += 1;
            }
        }
        found
    }

    /// A copy converted to half width: misplaced marks outnumber the
    /// full-width ones by far — a paragraph typed later does not change
    /// that; a handful of marks is too few to tell.
    fn converted(&self, marks: &Marks) -> bool {
        marks.misplaced.len() >= self.bulk_threshold
            && marks.full_width.saturating_mul(self.bulk_ratio) < marks.misplaced.len()
    }
}

impl Check for PunctuationWidth {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let marks = self.scan(cx.original, &page_chrome(cx));
        let Some(&first) = marks.misplaced.first() else {
            return;
        };
        let mark_at = |at: u32| Span::new(at as usize, at as usize + 1);
        let first = mark_at(first);
        if self.converted(&marks) {
            out.push(
                Finding::at(
                    cx.norm.from_original(first),
                    "全文几乎没有全角标点，紧挨汉字的标点都是半角：文本很可能经过了全角转半角（NFKC、网页或表格复制）处理".to_owned(),
                )
                .with_severity(self.bulk_severity)
                .with_help(format!(
                    "共{}处半角标点紧挨汉字，逐处报告已省略；请用原稿检查标点",
                    marks.misplaced.len()
                )),
            );
            return;
        }
        for at in marks.misplaced {
            let span = mark_at(at);
            // The mark is the ASCII byte at its offset.
            let Some(c) = cx
                .original
                .as_bytes()
                .get(span.start)
                .map(|&b| char::from(b))
            else {
                continue;
            };
            let Some(full) = full_width(c) else { continue };
            let norm = cx.norm.from_original(span);
            let message = self
                .message
                .replace("{match}", &c.to_string())
                .replace("{replace}", &full.to_string());
            out.push(
                Finding::at(norm, message)
                    .with_help(format!("改为全角“{full}”"))
                    .with_fix(norm, full.to_string()),
            );
        }
    }
}
