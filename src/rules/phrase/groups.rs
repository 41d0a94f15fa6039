//! Replacement templates of phrase rules (`$1`, `${1}`, `${name}`) and the
//! capture groups of a match they refer to.

use crate::rules::compile::Regex;
use crate::span::Span;
use regex_automata::PatternID;
use regex_automata::util::captures::{Captures, GroupInfo};

/// The capture groups of one regex match (empty for literals).
#[derive(Default)]
pub(super) struct Groups<'r> {
    spans: Vec<Option<Span>>,
    names: Option<&'r GroupInfo>,
}

impl<'r> Groups<'r> {
    pub(super) fn of(re: &'r Regex, caps: &Captures) -> Self {
        Groups {
            spans: (0..caps.group_len())
                .map(|i| caps.get_group(i).map(|g| Span::new(g.start, g.end)))
                .collect(),
            names: Some(re.group_info()),
        }
    }

    /// The span of a group named by number or by name.
    pub(super) fn get(&self, group: GroupRef<'_>) -> Option<Span> {
        let index = match group {
            GroupRef::Index(i) => i,
            GroupRef::Name(name) => self.names?.to_index(PatternID::ZERO, name)?,
        };
        self.spans.get(index).copied().flatten()
    }

    /// The span to report: the `at` group when the regex has one and it
    /// matched, else the whole match.
    pub(super) fn reported(&self) -> Option<Span> {
        self.get(GroupRef::Name("at"))
            .or_else(|| self.get(GroupRef::Index(0)))
    }
}

/// A group reference in a replacement template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GroupRef<'t> {
    Index(usize),
    Name(&'t str),
}
/// Expand a replacement template: `$1`, `${1}` and `${name}` insert a captured
/// group, `$$` is a literal dollar.
pub(super) fn expand<'t>(
    template: &str,
    group: impl Fn(GroupRef<'_>) -> Option<&'t str>,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            out.push('$');
            rest = r;
            continue;
        }
        let (digits, tail) = if let Some(r) = rest.strip_prefix('{') {
            match r.find('}') {
                Some(j) => (&r[..j], &r[j + 1..]),
                None => ("", rest),
            }
        } else {
            let j = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            (&rest[..j], &rest[j..])
        };
        let reference = match digits.parse::<usize>() {
            Ok(g) => Some(GroupRef::Index(g)),
            Err(_) if !digits.is_empty() && tail.len() < rest.len() => Some(GroupRef::Name(digits)),
            Err(_) => None,
        };
        match reference {
            Some(g) => {
                out.push_str(group(g).unwrap_or(""));
                rest = tail;
            }
            None => out.push('$'),
        }
    }
    out.push_str(rest);
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let g = |r: GroupRef<'_>| match r {
            GroupRef::Index(i) => ["[2025]", "鄂营商发", "2025"].get(i).copied(),
            GroupRef::Name("year") => Some("2025"),
            GroupRef::Name(_) => None,
        };
        assert_eq!(expand("$1〔$2〕", g), "鄂营商发〔2025〕");
        assert_eq!(expand("${1}x$$", g), "鄂营商发x$");
        assert_eq!(expand("〔${year}〕", g), "〔2025〕");
        assert_eq!(expand("${nope}!", g), "!");
        assert_eq!(expand("${unclosed", g), "${unclosed");
        assert_eq!(expand("法治政府", g), "法治政府");
    }
}
