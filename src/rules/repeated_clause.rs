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
use crate::diagnostic::Finding;
use crate::normalize::is_han;
use crate::span::Span;
use serde::Deserialize;
use std::collections::HashMap;

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

/// Marks between clauses (normalized text: `，` is `,`).
fn is_separator(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '、')
}

/// Marks that end a sentence, left out of its last clause.
fn is_terminator(c: char) -> bool {
    matches!(c, '。' | '!' | '?' | ';')
}

/// The clauses of `sentence`, trimmed, without the mark that ends it.
fn clauses(text: &str, sentence: Span) -> Vec<Span> {
    let s = sentence.slice(text);
    let mut out = Vec::new();
    let mut start = 0;
    let push = |from: usize, to: usize, out: &mut Vec<Span>| {
        let piece = &s[from..to];
        let piece = piece.trim_end_matches(is_terminator);
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            let a = sentence.start + from + lead;
            out.push(Span::new(a, a + t.len()));
        }
    };
    for (i, c) in s.char_indices() {
        if is_separator(c) {
            push(start, i, &mut out);
            start = i + c.len_utf8();
        }
    }
    push(start, s.len(), &mut out);
    out
}

impl Check for RepeatedClause {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for &statement in &cx.doc.statements {
            let parts = clauses(cx.text, statement);
            if parts.len() < 2 {
                continue;
            }
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (n, &clause) in parts.iter().enumerate() {
                let t = clause.slice(cx.text);
                if t.chars().filter(|&c| is_han(c)).count() < self.min_chars {
                    continue;
                }
                let Some(&first) = seen.get(t) else {
                    seen.insert(t, n);
                    continue;
                };
                let original = cx.norm.to_original(clause).slice(cx.original);
                let mut f = Finding::at(clause, self.message.replace("{match}", original))
                    .with_label(parts[first], "第一次写在这里")
                    .with_help(format!("删去重复的“{original}”"));
                // Right after the first: delete the mark and the repetition.
                if first + 1 == n {
                    f = f.with_fix(Span::new(parts[first].end, clause.end), String::new());
                }
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_of_a_sentence() {
        let t = "化解积案8件,化解积案8件;审查文件、合同。";
        let got: Vec<&str> = clauses(t, Span::new(0, t.len()))
            .into_iter()
            .map(|s| s.slice(t))
            .collect();
        assert_eq!(got, ["化解积案8件", "化解积案8件", "审查文件", "合同"]);
    }
}
