//! Inline enumerations: `一是… 二是… 三是…`.
//!
//! Items are `<numeral>是` at a sentence or clause boundary (paragraph start,
//! whitespace, `。!?;:,` or a closing quote), so `统一是` or `唯一是` are not
//! items. Items are grouped per paragraph; a paragraph that ends without
//! closing punctuation (a heading line, or a line broken after `一是`) runs on
//! into the next one. A new `一是` starts a new enumeration.

use super::numeral::{is_numeral_char, parse_chinese_numeral};
use super::{EnumItem, Enumeration, Heading};
use crate::span::Span;

fn is_item_boundary(c: char) -> bool {
    c.is_whitespace() || matches!(c, '。' | '!' | '?' | ';' | ':' | ',' | '”' | '」')
}

fn ends_open(s: &str) -> bool {
    !s.trim_end()
        .ends_with(['。', '!', '?', ';', ':', '”', '」', ')'])
}

/// Find the enumerations in `paragraphs`.
pub(crate) fn find(text: &str, paragraphs: &[Span], headings: &[Heading]) -> Vec<Enumeration> {
    let mut out = Vec::new();
    let mut current: Vec<EnumItem> = Vec::new();
    let mut h = 0;
    for (pi, &p) in paragraphs.iter().enumerate() {
        // A paragraph that begins with a heading closes the previous group;
        // so does one following a paragraph that ended a sentence.
        while h < headings.len() && headings[h].span.start < p.start {
            h += 1;
        }
        let starts_heading = h < headings.len() && headings[h].span.start == p.start;
        let continues = pi > 0 && !starts_heading && ends_open(paragraphs[pi - 1].slice(text));
        if !continues && !current.is_empty() {
            out.push(Enumeration {
                items: std::mem::take(&mut current),
            });
        }
        items_in(text, p, &mut current, &mut out);
    }
    if !current.is_empty() {
        out.push(Enumeration { items: current });
    }
    out
}

/// The items of paragraph `p`: every `是` right after a run of numeral
/// characters that follows a boundary.
fn items_in(text: &str, p: Span, current: &mut Vec<EnumItem>, out: &mut Vec<Enumeration>) {
    let s = p.slice(text);
    for j in memchr::memmem::find_iter(s.as_bytes(), "是".as_bytes()) {
        let before = &s[..j];
        let run = before
            .chars()
            .rev()
            .take_while(|&c| is_numeral_char(c))
            .map(char::len_utf8)
            .sum::<usize>();
        if run == 0 {
            continue;
        }
        let rs = j - run;
        let ok_boundary = s[..rs].chars().next_back().is_none_or(is_item_boundary);
        let numeral = &s[rs..j];
        if ok_boundary && numeral.chars().count() <= 3 {
            if let Some(n) = parse_chinese_numeral(numeral).filter(|&n| n >= 1) {
                if n == 1 && !current.is_empty() {
                    out.push(Enumeration {
                        items: std::mem::take(current),
                    });
                }
                current.push(EnumItem {
                    number: n,
                    marker: Span::new(p.start + rs, p.start + j + "是".len()),
                });
            }
        }
    }
}
