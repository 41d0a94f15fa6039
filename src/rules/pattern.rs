//! Pack patterns in the matching view: literals and regexes written in
//! traditional characters or full-width forms are normalized the way the
//! document text is ([`crate::normalize`]), so that `法製` in a pack matches
//! `法製` and `法制` in a draft instead of never matching anything.
//!
//! Only characters a regex takes literally are rewritten (`發` → `发`,
//! `（` → `\(`); the ends of a class range (`[一-龥]`) and escapes keep their
//! meaning. Patterns matched against the original text (`view: original`)
//! are left alone.

// Also compiled into `build.rs`, which plans the built-in packs' patterns
// with it: this module may use only std, regex-syntax and serde, and of
// this crate only the modules build.rs includes (rules/literals.rs,
// rules/pattern.rs, normalize/, span.rs).
use crate::normalize::{normalize_char, normalize_str};
use regex_syntax::ast::{self, Ast, ClassSetItem, LiteralKind, Visitor};

/// A literal string as rules see it: the normalized form of what the pack wrote.
pub(crate) fn normalize_literal(literal: &str) -> String {
    normalize_str(literal)
}

/// The regex of `pattern` anchored at the end of the text: a `growth`
/// rule's `from` words, which end the words before a figure
/// (`src/rules/growth.rs`). The build script stores the built-in packs'
/// ones with their patterns.
pub(crate) fn anchored_at_end(pattern: &str) -> String {
    format!("(?:{pattern})$")
}

/// A regex whose verbatim literal characters are normalized. A pattern that
/// does not parse is returned unchanged (compiling it reports the error).
pub(crate) fn normalize_regex(pattern: &str) -> String {
    // Nothing to rewrite (most patterns): no need to parse. The text's
    // normalization finds that with a table lookup per character and copies
    // the pattern while it is at it.
    if pattern.is_ascii() {
        return pattern.to_owned();
    }
    let plain = normalize_str(pattern);
    if plain == pattern {
        return plain;
    }
    let Ok(parsed) = ast::parse::Parser::new().parse(pattern) else {
        return pattern.to_owned();
    };
    let Ok(mut edits) = ast::visit(&parsed, Literals::default()) else {
        return pattern.to_owned();
    };
    edits.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(pattern.len());
    let mut pos = 0;
    for (at, c) in edits {
        let n = normalize_char(c);
        if n == c || at < pos {
            continue;
        }
        out.push_str(&pattern[pos..at]);
        match n {
            ' ' => out.push_str(r"\x20"),
            n if n.is_ascii() => out.push_str(&regex_syntax::escape(n.encode_utf8(&mut [0; 4]))),
            n => out.push(n),
        }
        pos = at + c.len_utf8();
    }
    out.push_str(&pattern[pos..]);
    out
}

/// Byte offsets and characters of the verbatim literals of a pattern, outside
/// class ranges.
#[derive(Default)]
struct Literals(Vec<(usize, char)>);

impl Literals {
    fn add(&mut self, lit: &ast::Literal) {
        if lit.kind == LiteralKind::Verbatim {
            self.0.push((lit.span.start.offset, lit.c));
        }
    }
}

impl Visitor for Literals {
    type Output = Vec<(usize, char)>;
    type Err = ();

    fn finish(self) -> Result<Self::Output, ()> {
        Ok(self.0)
    }

    fn visit_pre(&mut self, ast: &Ast) -> Result<(), ()> {
        if let Ast::Literal(lit) = ast {
            self.add(lit);
        }
        Ok(())
    }

    fn visit_class_set_item_pre(&mut self, item: &ClassSetItem) -> Result<(), ()> {
        // Range ends are not visited as literals; they keep their code points.
        if let ClassSetItem::Literal(lit) = item {
            self.add(lit);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_full_width_literals_are_normalized() {
        assert_eq!(normalize_regex("法製(政府|機關)"), "法制(政府|机关)");
        assert_eq!(normalize_regex("[發发]展"), "[发发]展");
        assert_eq!(normalize_regex("（一）"), r"\(一\)");
        assert_eq!(normalize_regex("[（(]"), r"[\((]");
        assert_eq!(normalize_regex("[０－９]"), r"[0\-9]");
        assert_eq!(normalize_regex("a　b"), r"a\x20b");
        assert_eq!(normalize_literal("法製政府"), "法制政府");
    }

    #[test]
    fn ranges_escapes_and_ascii_are_kept() {
        assert_eq!(normalize_regex("[一-龥]+"), "[一-龥]+");
        assert_eq!(normalize_regex(r"\p{Han}{2}率$"), r"\p{Han}{2}率$");
        assert_eq!(normalize_regex(r"\x{767C}"), r"\x{767C}");
        assert_eq!(normalize_regex("(?P<at>發)"), "(?P<at>发)");
        // Not a valid pattern: unchanged, so that compiling reports it.
        assert_eq!(normalize_regex("(發"), "(發");
    }

    #[test]
    fn normalized_patterns_match_what_they_say_on_normalized_text() {
        let text = normalize_str("加快建設法製政府（一）");
        for p in ["法製(政府|機關)", "[（(]一[)）]", "法制政府"] {
            let re = regex::Regex::new(&normalize_regex(p)).unwrap();
            assert!(re.is_match(&text), "{p}");
        }
        // A full-width hyphen in a class is a member, not a range.
        let set = regex::Regex::new(&normalize_regex("^[０－９]+$")).unwrap();
        assert!(set.is_match(&normalize_str("０－９")));
        assert!(!set.is_match("5"));
    }
}
