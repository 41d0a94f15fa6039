//! The syntax of suppression comments: finding them (and misspelt ones)
//! in a text, the lines they govern, and writing one
//! ([`suppress_next_line`], for the editor's quick fix).

use crate::span::Span;
use regex::Regex;
use std::sync::LazyLock;

pub(super) static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*reportlint-(disable-next-line|disable|enable)((?:[ \t,]+[^\s,>-][^\s,>]*)*)[ \t]*-->")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Anything that looks like a reportlint comment, to catch misspelt ones.
static LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*reportlint-[^\n]*?-->")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Disable,
    Enable,
    NextLine,
}

/// One `RULE` of a comment, or the whole comment when it names none.
#[derive(Debug, Clone)]
pub(super) struct Item {
    /// `None`: every rule.
    pub(super) selector: Option<String>,
    /// The RULE's text, or the whole comment.
    pub(super) span: Span,
}

/// One suppression comment: its kind, where it is, and its RULEs (one item
/// without selector when it names none).
pub(super) struct Comment {
    pub(super) kind: Kind,
    pub(super) span: Span,
    pub(super) items: Vec<Item>,
}

/// The suppression comments of `text`, in order.
pub(super) fn comments(text: &str) -> impl Iterator<Item = Comment> + '_ {
    COMMENT.captures_iter(text).filter_map(|caps| {
        let (whole, kind, list) = (caps.get(0)?, caps.get(1)?, caps.get(2));
        let kind = match kind.as_str() {
            "disable" => Kind::Disable,
            "enable" => Kind::Enable,
            _ => Kind::NextLine,
        };
        let span = Span::new(whole.start(), whole.end());
        let mut items = Vec::new();
        if let Some(list) = list {
            let mut start = list.start();
            for part in list.as_str().split([' ', '\t', ',']) {
                if !part.is_empty() {
                    items.push(Item {
                        selector: Some(part.to_owned()),
                        span: Span::new(start, start + part.len()),
                    });
                }
                start += part.len() + 1;
            }
        }
        if items.is_empty() {
            items.push(Item {
                selector: None,
                span,
            });
        }
        Some(Comment { kind, span, items })
    })
}

/// How to suppress `rule` for a finding that starts at byte `at` of `text`,
/// as an insertion `(offset, text)`: the rule added to the
/// `disable-next-line` comment that already governs the finding's line, or
/// a new `<!-- reportlint-disable-next-line RULE -->` line above it (line
/// endings as in the text; after a BOM). `None` when no comment can reach
/// the finding: the engine's own rules, or a start at a line's end.
pub(crate) fn suppress_next_line(text: &str, at: usize, rule: &str) -> Option<(usize, String)> {
    if rule.starts_with("reportlint/") || at > text.len() || !text.is_char_boundary(at) {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if at >= line_end || text[line_start..line_end].trim().is_empty() {
        return None;
    }
    // A comment on the previous non-blank line already targets this line.
    let mut prev_end = line_start.checked_sub(1);
    while let Some(end) = prev_end {
        let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..end];
        if !line.trim().is_empty() {
            let list_end = COMMENT
                .captures_iter(line)
                .filter(|c| c.get(1).is_some_and(|k| k.as_str() == "disable-next-line"))
                .filter_map(|c| c.get(2).filter(|l| !l.as_str().trim().is_empty()))
                .last();
            if let Some(list) = list_end {
                return Some((start + list.end(), format!(", {rule}")));
            }
            break;
        }
        prev_end = start.checked_sub(1);
    }
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let offset = if line_start == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        line_start
    };
    Some((
        offset,
        format!("<!-- reportlint-disable-next-line {rule} -->{eol}"),
    ))
}

/// The next non-blank line after `from` (the rest of the comment's line is skipped).
pub(super) fn next_line(text: &str, from: usize) -> Span {
    let mut pos = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if !text[pos..end].trim().is_empty() {
            return Span::new(pos, end);
        }
        pos = end + 1;
    }
    Span::new(text.len(), text.len())
}

/// Comments that look like reportlint's (`<!-- reportlint-… -->`) but are
/// none of its three forms.
pub(super) fn misspelt(text: &str) -> impl Iterator<Item = Span> + '_ {
    let recognised: Vec<(usize, usize)> = COMMENT
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    LOOSE
        .find_iter(text)
        .filter(move |m| !recognised.contains(&(m.start(), m.end())))
        .map(|m| Span::new(m.start(), m.end()))
}
