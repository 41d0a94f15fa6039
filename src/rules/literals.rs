//! Required literals of a regex: a few strings one of which every match
//! contains.
//!
//! Phrase rules are searched together: one Aho-Corasick pass over the
//! document finds the literal phrases and, for every regex, whether one of
//! its required literals occurs. A regex none of whose literals occurs
//! cannot match, so it is neither compiled nor run on that document.
//!
//! The analysis is conservative: when it cannot name such a set (a pattern
//! that may match without any fixed text, such as `\d+`), it says so and the
//! regex is run on every document.

use crate::normalize::normalize_str;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Classes with more characters than this are not expanded into literals.
const MAX_CLASS_CHARS: u32 = 16;
/// A regex needing more literals than this is run on every document.
const MAX_LITERALS: usize = 64;

/// Strings one of which every match of `pattern` contains, normalized (so
/// that finding them in the normalized text is a necessary condition for a
/// match in the normalized *or* the original text: normalization maps each
/// character to one character). `None` when no such set is known.
pub(crate) fn required_literals(pattern: &str) -> Option<Vec<String>> {
    // The same parser settings as the `regex` crate's defaults.
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut set: Vec<String> = required(&hir)?.iter().map(|l| normalize_str(l)).collect();
    set.sort();
    set.dedup();
    (set.len() <= MAX_LITERALS).then_some(set)
}

fn required(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => {
            let s = std::str::from_utf8(&lit.0).ok()?;
            (!s.is_empty()).then(|| vec![s.to_owned()])
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut size = 0u32;
            for r in class.ranges() {
                size += r.end() as u32 - r.start() as u32 + 1;
                if size > MAX_CLASS_CHARS {
                    return None;
                }
            }
            let chars = class.iter().flat_map(|r| r.start()..=r.end());
            Some(chars.map(String::from).collect())
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(rep) if rep.min >= 1 => required(&rep.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(cap) => required(&cap.sub),
        // Every part of a concatenation is in every match: take the most
        // selective part (longest shortest literal, then fewest literals).
        HirKind::Concat(parts) => parts.iter().filter_map(required).max_by_key(|set| {
            let shortest = set.iter().map(String::len).min().unwrap_or(0);
            (shortest, std::cmp::Reverse(set.len()))
        }),
        // A match is a match of one branch: every branch must have literals.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required(b)?);
                if all.len() > MAX_LITERALS {
                    return None;
                }
            }
            Some(all)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::required_literals;

    fn lits(p: &str) -> Option<Vec<&'static str>> {
        required_literals(p).map(|v| {
            v.into_iter()
                .map(|s| &*Box::leak(s.into_boxed_str()))
                .collect()
        })
    }

    #[test]
    fn literals_of_typical_patterns() {
        assert_eq!(
            lits(r"法治政府建设实施纲要\s*\(\s*2015"),
            Some(vec!["法治政府建设实施纲要"])
        );
        assert_eq!(
            lits(r"(?:^|[^\d.])(?P<at>\d*[1-9][余多])[万亿千百]?\p{Han}"),
            Some(vec!["余", "多"])
        );
        assert_eq!(
            lits("(?:锟斤拷)+|烫烫烫+|屯屯屯+"),
            Some(vec!["屯屯", "烫烫", "锟斤拷"])
        );
        // Normalized: a full-width literal is looked for in half width.
        assert_eq!(lits("（注）"), Some(vec!["(注)"]));
        // Case-insensitive letters become both cases.
        assert_eq!(lits("(?i)x"), Some(vec!["X", "x"]));
    }

    #[test]
    fn no_literals_when_a_match_needs_no_fixed_text() {
        for p in [
            r"\d+",
            r"\p{Han}{2}",
            "a|b*",
            "a?",
            "",
            "^$",
            r"[^a]",
            r"\w",
        ] {
            assert_eq!(required_literals(p), None, "{p}");
        }
    }
}
