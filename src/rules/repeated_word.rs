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

const NUMERALS: &str = "一二两三四五六七八九十百千万零〇几每";

impl Check for RepeatedWord {
    fn needs_structure(&self) -> bool {
        false
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Work run by run of Chinese characters; only the current run is
        // decoded into `run` (runs are short: punctuation ends them).
        let mut run: Vec<(usize, char)> = Vec::new();
        let mut chars = cx.text.char_indices().peekable();
        while let Some(&(_, c)) = chars.peek() {
            if !is_han(c) {
                chars.next();
                continue;
            }
            run.clear();
            while let Some(&(i, c)) = chars.peek() {
                if !is_han(c) {
                    break;
                }
                run.push((i, c));
                chars.next();
            }
            let run_end = run.last().map_or(0, |&(i, c)| i + c.len_utf8());
            self.check_run(cx, &run, run_end, out);
        }
    }
}

impl RepeatedWord {
    /// The repetitions in one run of Chinese characters ending at byte `run_end`.
    fn check_run(
        &self,
        cx: &Context<'_>,
        run: &[(usize, char)],
        run_end: usize,
        out: &mut Vec<Finding>,
    ) {
        let end_of = |k: usize| run.get(k).map_or(run_end, |&(i, _)| i);
        let mut i = 0;
        while i < run.len() {
            let mut advanced = false;
            for n in (self.min..=self.max).rev() {
                if i + 2 * n > run.len() {
                    continue;
                }
                // The first characters differ at most positions.
                if run[i].1 != run[i + n].1 {
                    continue;
                }
                let (a, b) = (&run[i..i + n], &run[i + n..i + 2 * n]);
                if a.iter().map(|c| c.1).ne(b.iter().map(|c| c.1)) {
                    continue;
                }
                let first = a[0].1;
                if NUMERALS.contains(first) || a.iter().all(|c| c.1 == first) {
                    continue;
                }
                // `学习学习再学习`, `落实落实再落实`: repetition for emphasis.
                let rest = &run[i + 2 * n..];
                if rest.len() > n
                    && rest[0].1 == '再'
                    && rest[1..=n].iter().map(|c| c.1).eq(a.iter().map(|c| c.1))
                {
                    i += 3 * n + 1;
                    advanced = true;
                    break;
                }
                let whole = Span::new(a[0].0, end_of(i + 2 * n));
                if self
                    .except
                    .iter()
                    .any(|e| e.as_str() == whole.slice(cx.text))
                {
                    continue;
                }
                let word = Span::new(a[0].0, b[0].0);
                let orig = cx.norm.to_original(word).slice(cx.original);
                out.push(
                    Finding::at(whole, self.message.replace("{match}", orig))
                        .with_help(format!("删去重复的“{orig}”")),
                );
                i += 2 * n;
                advanced = true;
                break;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}
