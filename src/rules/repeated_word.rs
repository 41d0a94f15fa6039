//! `repeated_word`: a word written twice in a row (坚持坚持).
//!
//! ## What it checks
//! A run of `min_chars`–`max_chars` Chinese characters immediately followed
//! by the same run — the typical trace of a paste or an edit that kept both
//! versions. Runs of one repeated character (常常, 层层) are not checked
//! (`min_chars` is at least 2), nor runs that start with a numeral
//! (一件一件, 一步一步) or consist of one character repeated, nor the emphatic
//! `学习学习再学习` (a word twice, then 再 and the word). `except` lists
//! doubled forms that are meant (e.g. 研究研究).
//!
//! ## Options
//! ```yaml
//! check:
//!   repeated_word:
//!     min_chars: 2    # optional
//!     max_chars: 4    # optional
//!     except: []      # optional: doubled forms to accept, e.g. 研究研究
//! ```
//! The rule's `message` may use `{match}` (the repeated word).

use super::compile::{CompileCx, SpecError};
use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::normalize::is_han;
use crate::span::Span;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    #[serde(default)]
    pub min_chars: Option<usize>,
    #[serde(default)]
    pub max_chars: Option<usize>,
    #[serde(default)]
    pub except: Vec<String>,
}

/// The compiled rule.
pub(crate) struct RepeatedWord {
    min: usize,
    max: usize,
    except: Vec<String>,
    message: String,
}

impl Spec {
    pub(crate) fn compile(&self, cx: &CompileCx<'_>) -> Result<RepeatedWord, SpecError> {
        let min = self.min_chars.unwrap_or(2);
        let max = self.max_chars.unwrap_or(4);
        if min < 2 || max < min || max > 16 {
            return Err(SpecError::new(cx.at, "需要 2 ≤ min_chars ≤ max_chars ≤ 16"));
        }
        Ok(RepeatedWord {
            min,
            max,
            except: self
                .except
                .iter()
                .map(|e| crate::normalize::normalize_str(e))
                .collect(),
            message: cx.message.to_owned(),
        })
    }
}

/// Numerals and counting words: a run that starts with one repeats a
/// measure (一件一件), not a word.
#[rustfmt::skip]
fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
        | '十' | '百' | '千' | '万' | '零' | '〇' | '几' | '每')
}

impl Check for RepeatedWord {
    fn needs_structure(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // A word written twice has its bytes twice, one word's length
        // apart: blocks of the text without such a pair of byte strings
        // hold no repetition and are passed over without decoding. A
        // block that may hold one is read character by character, with
        // the stretch of non-ASCII text around it (an ASCII byte ends
        // every run of Chinese characters).
        let bytes = cx.text.as_bytes();
        let distances = self.distances(bytes);
        let reach = distances.last().copied().unwrap_or(0) + COMPARED;
        let mut done = 0;
        let mut at = 0;
        loop {
            let last = at + reach > bytes.len();
            if !last && !distances.iter().any(|&d| block_may_repeat(bytes, at, d)) {
                at += BLOCK;
                continue;
            }
            let from = bytes[done..at]
                .iter()
                .rposition(u8::is_ascii)
                .map_or(done, |k| done + k);
            let to = if last {
                bytes.len()
            } else {
                bytes[at + BLOCK..]
                    .iter()
                    .position(u8::is_ascii)
                    .map_or(bytes.len(), |k| at + BLOCK + k)
            };
            self.check_runs(cx, from, to, out);
            if last {
                return;
            }
            (done, at) = (to, to);
        }
    }
}

/// Bytes of text the filter looks at in one step: with the [`SHORTEST`] −
/// 1 after them, they fit the 64 bits of one mask ([`COMPARED`]).
const BLOCK: usize = 56;

/// The fewest bytes of a word the rule looks for: two Chinese characters
/// (`min_chars` is at least 2), three bytes each or four.
const SHORTEST: usize = 6;

/// Bytes compared for a block: the block and the [`SHORTEST`] − 1 after
/// it, rounded up to whole words of eight.
const COMPARED: usize = 64;

const _: () = assert!(BLOCK + SHORTEST - 1 <= COMPARED && COMPARED % 8 == 0);

/// Whether some position of the block at `at` may start [`SHORTEST`] bytes
/// that recur `d` bytes later, as every word of `d` bytes written twice
/// does. `at + d + COMPARED` must lie within `bytes`.
///
/// Eight bytes at a time in a word: which of them are equal becomes a bit
/// each, a mask of the [`COMPARED`] positions in one 64-bit word, without
/// a table in memory (the bytes of such a table, written and then read at
/// every offset from one to five, kept the processor waiting for each
/// read); a position whose bit and the next [`SHORTEST`] − 1 are set
/// starts that many equal bytes. A byte is taken as equal when it is, and
/// also when it differs only in its lowest bit right after one taken as
/// equal (the borrow of the subtraction that finds the equal bytes runs on
/// into it): three operations a word instead of five, and at worst a block
/// is read that did not need to be.
fn block_may_repeat(bytes: &[u8], at: usize, d: usize) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let (Some(here), Some(there)) = (
        bytes[at..].first_chunk::<COMPARED>(),
        bytes[at + d..].first_chunk::<COMPARED>(),
    ) else {
        return true;
    };
    let mut equal: u64 = 0;
    for (k, (a, b)) in here.chunks_exact(8).zip(there.chunks_exact(8)).enumerate() {
        let word = |w: &[u8]| u64::from_le_bytes(w.try_into().unwrap_or_default());
        let differ = word(a) ^ word(b);
        // The top bit of each byte set where the bytes are equal (and at
        // times above one that is).
        let same = differ.wrapping_sub(ONES) & !differ & TOPS;
        // One bit a byte, in order: bit `i` of the low bits for byte `i`.
        let bits = (same >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        equal |= bits << (8 * k);
    }
    let runs = (1..SHORTEST).fold(equal, |runs, k| runs & (equal >> k));
    runs & ((1 << BLOCK) - 1) != 0
}

impl RepeatedWord {
    /// The lengths in bytes a word the rule looks for can have in `text`,
    /// ascending: three bytes a character, and up to four where the text
    /// has characters outside the Basic Multilingual Plane.
    fn distances(&self, text: &[u8]) -> Vec<usize> {
        let widest = if text.iter().fold(false, |seen, &b| seen | (b >= 0xF0)) {
            4
        } else {
            3
        };
        let mut out: Vec<usize> = (self.min..=self.max)
            .flat_map(|n| 3 * n..=widest * n)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The repetitions in the runs of Chinese characters of `text[from..to]`
    /// (`from` and `to` are character boundaries, and no run crosses them).
    fn check_runs(&self, cx: &Context<'_>, from: usize, to: usize, out: &mut Vec<Finding>) {
        // Work run by run of Chinese characters (punctuation ends them),
        // decoding only characters that may be Chinese (U+3400 and above:
        // a lead byte of at least 0xE3); a run too short to hold a word
        // twice is not looked at.
        let text = cx.text;
        let bytes = &text.as_bytes()[..to];
        // Room for a clause's run at once: grown from empty, the buffer was
        // reallocated several times per call.
        let mut run: Vec<char> = Vec::with_capacity(64);
        let mut run_start = from;
        let mut i = from;
        while let Some(&b) = bytes.get(i) {
            if b >= 0xE3 {
                // A lead byte (continuation bytes are below 0xC0), so `i`
                // is a character boundary.
                let c = text[i..].chars().next().unwrap_or_default();
                if is_han(c) {
                    if run.is_empty() {
                        run_start = i;
                    }
                    run.push(c);
                    i += c.len_utf8();
                    continue;
                }
                i += c.len_utf8();
            } else {
                // ASCII, or a byte of a character below U+3000: never
                // Chinese, whichever byte of it this is.
                i += 1;
            }
            if !run.is_empty() {
                if run.len() >= 2 * self.min {
                    self.check_run(cx, &run, run_start, out);
                }
                run.clear();
            }
        }
        if run.len() >= 2 * self.min {
            self.check_run(cx, &run, run_start, out);
        }
    }

    /// Whether a character of `run` recurs `n` characters later for some
    /// `n` the rule looks for: every repetition needs one, and few runs have
    /// one. Without an early exit the comparisons vectorize.
    fn may_repeat(&self, run: &[char]) -> bool {
        (self.min..=self.max).any(|n| {
            run.get(n..).is_some_and(|later| {
                run.iter()
                    .zip(later)
                    .fold(false, |seen, (a, b)| seen | (a == b))
            })
        })
    }

    /// The repetitions in `run`, a run of Chinese characters starting at
    /// byte `run_start`.
    fn check_run(&self, cx: &Context<'_>, run: &[char], run_start: usize, out: &mut Vec<Finding>) {
        if !self.may_repeat(run) {
            return;
        }
        // Byte offset of the `k`th character (needed only for a finding).
        let start_of = |k: usize| run_start + run[..k].iter().map(|c| c.len_utf8()).sum::<usize>();
        let mut i = 0;
        'run: while i + 2 * self.min <= run.len() {
            let longest = self.max.min((run.len() - i) / 2);
            for n in (self.min..longest + 1).rev() {
                // The first characters differ at most positions.
                if run[i] != run[i + n] {
                    continue;
                }
                let (a, b) = (&run[i..i + n], &run[i + n..i + 2 * n]);
                if a != b {
                    continue;
                }
                let first = a[0];
                if is_numeral(first) || a.iter().all(|&c| c == first) {
                    continue;
                }
                // `学习学习再学习`, `落实落实再落实`: repetition for emphasis.
                let rest = &run[i + 2 * n..];
                if rest.len() > n && rest[0] == '再' && &rest[1..=n] == a {
                    i += 3 * n + 1;
                    continue 'run;
                }
                let whole = Span::new(start_of(i), start_of(i + 2 * n));
                if self
                    .except
                    .iter()
                    .any(|e| e.as_str() == whole.slice(cx.text))
                {
                    continue;
                }
                let word = Span::new(start_of(i), start_of(i + n));
                let orig = cx.norm.to_original(word).slice(cx.original);
                out.push(
                    Finding::at(whole, self.message.replace("{match}", orig))
                        .with_help(format!("删去重复的“{orig}”")),
                );
                i += 2 * n;
                continue 'run;
            }
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_runs_with_a_character_recurring_in_reach_may_repeat() {
        let rule = RepeatedWord {
            min: 2,
            max: 4,
            except: Vec::new(),
            message: String::new(),
        };
        let run = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(rule.may_repeat(&run("加强加强法治")));
        // `法` recurs 6 characters later: out of reach of a 4-character word.
        assert!(!rule.may_repeat(&run("法治政府建设法治")));
        assert!(rule.may_repeat(&run("一是二是")));
        assert!(!rule.may_repeat(&run("全面推进依法行政")));
    }

    /// The findings of `rule` in `text`: through the filter, and by reading
    /// every run.
    fn both_ways(rule: &RepeatedWord, text: &str) -> (Vec<Finding>, Vec<Finding>) {
        crate::rules::with_context(text, false, |cx| {
            let (mut filtered, mut read) = (Vec::new(), Vec::new());
            rule.check(cx, &mut filtered);
            rule.check_runs(cx, 0, cx.text.len(), &mut read);
            (filtered, read)
        })
    }

    #[test]
    fn the_filter_passes_over_no_repetition() {
        let text_of = |parts: &[&str]| parts.concat();
        let filler = "全面推进依法行政，持续深化法治政府建设。";
        let cases = [
            // At the start, the end, across block edges, after ASCII.
            text_of(&["加强加强", filler]),
            text_of(&[filler, "工作工作"]),
            text_of(&[filler, filler, "审查审查规范性文件", filler, filler]),
            text_of(&["ab", "执法执法检查", "12", filler, "依法行政依法行政"]),
            // Emphasis, a repeated character, numerals, except.
            text_of(&[
                filler,
                "学习学习再学习",
                filler,
                "常常",
                "一件一件",
                "研究研究",
            ]),
            // Characters outside the Basic Multilingual Plane: four bytes.
            text_of(&[filler, "\u{20021}\u{20022}\u{20021}\u{20022}", filler]),
            text_of(&[filler, "\u{20021}法\u{20021}法", filler, "建设建设"]),
            // Bytes that recur without being Chinese.
            text_of(&[
                "------------------------",
                filler,
                "||||||||||||",
                "推进推进",
            ]),
        ];
        for min in 2..=3 {
            for max in min..=5 {
                let rule = RepeatedWord {
                    min,
                    max,
                    except: vec!["研究研究".to_owned()],
                    message: "{match}".to_owned(),
                };
                for text in &cases {
                    // Every offset of the text against the blocks.
                    for lead in 0..40 {
                        let text = format!("{}{text}", "x".repeat(lead));
                        let (filtered, read) = both_ways(&rule, &text);
                        let spans = |f: &[Finding]| f.iter().map(|f| f.span).collect::<Vec<_>>();
                        assert_eq!(spans(&filtered), spans(&read), "{min}–{max}: {text}");
                    }
                }
            }
        }
        let rule = RepeatedWord {
            min: 2,
            max: 4,
            except: Vec::new(),
            message: String::new(),
        };
        let (found, _) = both_ways(&rule, &text_of(&[filler, filler, "审查审查", filler]));
        assert_eq!(found.len(), 1);
    }
}
