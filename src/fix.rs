//! Applying the safe fixes that findings carry, and showing them as a diff.
//!
//! A fix is an [`Edit`](crate::diagnostic::Edit) of the original text. Edits
//! are applied in document order; one that overlaps an edit already taken is
//! skipped (the first wins) and its finding stays reported. One fix may make
//! another possible (a quotation mark fixed pairs the next one; a corrected
//! heading marker puts the next heading in sequence), so `--fix` applies
//! rounds of fixes, re-checking in between, until no fix is left
//! ([`apply_rounds`]). This module only computes text; writing files
//! (encoding, atomic rename) is the CLI's job.

use crate::diagnostic::Diagnostic;

/// The result of applying fixes to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Edits applied.
    pub applied: usize,
    /// Edits skipped because they overlapped an earlier one or were invalid
    /// (in the last round).
    pub skipped: usize,
    /// Rounds that applied edits.
    pub rounds: usize,
}

/// The most rounds [`apply_rounds`] runs: fixes that keep enabling new ones
/// stop here (and the rest stay reported).
pub const MAX_ROUNDS: usize = 10;

/// Apply the fixes of `diags` (findings on `text`), re-check the fixed text
/// with `check` and apply again, until a round changes nothing or
/// [`MAX_ROUNDS`] rounds ran. Also returns what `check` said about the final
/// text (`None` when nothing was applied); `fixes` reads the findings out of it.
pub fn apply_rounds<T>(
    text: &str,
    diags: &[Diagnostic],
    mut check: impl FnMut(&str) -> T,
    fixes: impl Fn(&T) -> &[Diagnostic],
) -> (Fixed, Option<T>) {
    let mut total = Fixed {
        text: text.to_owned(),
        applied: 0,
        skipped: 0,
        rounds: 0,
    };
    let mut last: Option<T> = None;
    while total.rounds < MAX_ROUNDS {
        let current = last.as_ref().map_or(diags, &fixes);
        let round = apply(&total.text, current);
        total.skipped = round.skipped;
        if round.applied == 0 || round.text == total.text {
            break;
        }
        total.text = round.text;
        total.applied += round.applied;
        total.rounds += 1;
        last = Some(check(&total.text));
    }
    (total, last)
}

/// Apply the fixes of `diags` (spans of `text`) that do not overlap.
///
/// Line breaks inserted by a replacement follow the text's convention
/// (CRLF when the text uses CRLF), so a fix never mixes line endings.
pub fn apply(text: &str, diags: &[Diagnostic]) -> Fixed {
    let crlf = text.contains("\r\n");
    let mut edits: Vec<_> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
    // Stable: equal starts keep the findings' order.
    edits.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    let (mut applied, mut skipped) = (0, 0);
    let mut last: Option<(usize, usize)> = None;
    for e in edits {
        let (s, t) = (e.span.start, e.span.end);
        let valid =
            s <= t && t <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(t);
        // Two insertions at one point have no defined order: keep the first.
        let overlaps = last.is_some_and(|(ls, le)| s < le || (s == t && ls == le && s == ls));
        if !valid || overlaps {
            skipped += 1;
            continue;
        }
        out.push_str(&text[pos..s]);
        if crlf {
            out.push_str(&e.replacement.replace("\r\n", "\n").replace('\n', "\r\n"));
        } else {
            out.push_str(&e.replacement);
        }
        pos = t;
        last = Some((s, t));
        applied += 1;
    }
    out.push_str(&text[pos..]);
    Fixed {
        text: out,
        applied,
        skipped,
        rounds: usize::from(applied > 0),
    }
}

/// A unified diff (`--- a/PATH`, `+++ b/PATH`, 3 lines of context); empty when
/// the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Severity};
    use crate::span::Span;

    fn fix(start: usize, end: usize, r: &str) -> Diagnostic {
        Diagnostic {
            path: "a".into(),
            rule: "x/y".into(),
            severity: Severity::Error,
            message: String::new(),
            span: Some(Span::new(start, end)),
            help: None,
            labels: vec![],
            notes: vec![],
            fix: Some(Edit {
                span: Span::new(start, end),
                replacement: r.into(),
            }),
        }
    }

    #[test]
    fn first_wins_on_overlap() {
        let t = "abcdef";
        let f = apply(t, &[fix(1, 3, "X"), fix(2, 4, "Y"), fix(4, 5, "Z")]);
        assert_eq!(f.text, "aXdZf");
        assert_eq!((f.applied, f.skipped), (2, 1));
    }

    #[test]
    fn rounds_continue_until_nothing_is_left() {
        // A checker that wants every "a" replaced by "b" and every "bb" by
        // "c": the second fix only exists after the first.
        let check = |t: &str| -> Vec<Diagnostic> {
            let mut found: Vec<Diagnostic> = t
                .match_indices('a')
                .map(|(i, _)| fix(i, i + 1, "b"))
                .collect();
            found.extend(t.match_indices("bb").map(|(i, _)| fix(i, i + 2, "c")));
            found
        };
        let first = check("aa-x");
        let (fixed, last) = apply_rounds("aa-x", &first, check, |d| d.as_slice());
        assert_eq!(fixed.text, "c-x");
        assert_eq!((fixed.applied, fixed.rounds), (3, 2));
        assert!(last.unwrap().is_empty());
        // Fixes that never settle stop after MAX_ROUNDS.
        let forever = |t: &str| vec![fix(0, 0, &t.len().to_string())];
        let (fixed, _) = apply_rounds("", &forever(""), forever, |d| d.as_slice());
        assert_eq!(fixed.rounds, MAX_ROUNDS);
        // Nothing to fix: no check at all.
        let (fixed, last) = apply_rounds(
            "x",
            &[],
            |_| -> Vec<Diagnostic> { unreachable!() },
            |d| d.as_slice(),
        );
        assert_eq!(
            (fixed.text.as_str(), fixed.applied, last.is_none()),
            ("x", 0, true)
        );
    }

    #[test]
    fn crlf_is_kept() {
        let f = apply("a\r\nb", &[fix(0, 1, "x\ny")]);
        assert_eq!(f.text, "x\r\ny\r\nb");
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified_diff("r.txt", "一\n法制政府\n三\n", "一\n法治政府\n三\n");
        assert!(d.starts_with("--- a/r.txt\n+++ b/r.txt\n@@"), "{d}");
        assert!(d.contains("-法制政府\n+法治政府\n"), "{d}");
        assert_eq!(unified_diff("r", "x", "x"), "");
    }
}
