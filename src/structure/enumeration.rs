//! Enumerations: `一是… 二是… 三是…`.
//!
//! Items are `<numeral>是` at a sentence or clause boundary (paragraph start,
//! whitespace, `。!?;:,` or a closing quote), so `统一是` or `唯一是` are not
//! items. An enumeration runs on across the paragraphs of one section — the
//! common paragraph-per-item form `一是加强组织领导。……⏎二是加强理论学习。……`
//! — and ends at the next heading. A new `一是` starts a new enumeration and
//! sets the running one aside: an item that continues a set-aside one
//! (`一是…：一是…，二是…。⏎二是…`, a list inside an item) takes it up again,
//! and a list that began inside a paragraph while another was set aside
//! ends with that paragraph.

use super::numeral::{is_numeral_char, parse_chinese_numeral};
use super::{EnumItem, Enumeration, Heading};
use crate::span::{Span, Span32};

fn is_item_boundary(c: char) -> bool {
    c.is_whitespace() || matches!(c, '。' | '!' | '?' | ';' | ':' | ',' | '”' | '」')
}

/// At most this many enumerations are set aside at once (a bound on the
/// work for a section with thousands of `一是`).
const MAX_SET_ASIDE: usize = 8;

/// The enumerations of one section being read.
#[derive(Default)]
struct Open {
    current: Vec<EnumItem>,
    /// Whether `current` began at the start of a paragraph.
    current_leads: bool,
    set_aside: Vec<(Vec<EnumItem>, bool)>,
}

impl Open {
    fn push(&mut self, item: EnumItem, leads: bool, done: &mut Vec<Enumeration>) {
        let next = |items: &[EnumItem]| items.last().map(|l| l.number + 1);
        if self.current.is_empty() {
            self.current_leads = leads;
        }
        if self.current.is_empty() || next(&self.current) == Some(item.number) {
            self.current.push(item);
            return;
        }
        if item.number == 1 {
            if self.set_aside.len() == MAX_SET_ASIDE {
                let (oldest, _) = self.set_aside.remove(0);
                done.push(Enumeration { items: oldest });
            }
            let previous = std::mem::take(&mut self.current);
            self.set_aside.push((previous, self.current_leads));
            self.current.push(item);
            self.current_leads = leads;
            return;
        }
        if let Some(k) = self
            .set_aside
            .iter()
            .rposition(|(e, _)| next(e) == Some(item.number))
        {
            self.resume(k, done);
        }
        // A gap or a repeat: reported by the numbering rule.
        self.current.push(item);
    }

    /// Take the set-aside enumeration `k` up again; those set aside after it
    /// and the current one are finished.
    fn resume(&mut self, k: usize, done: &mut Vec<Enumeration>) {
        let (resumed, leads) = self.set_aside.remove(k);
        let later = self.set_aside.split_off(k);
        done.extend(later.into_iter().map(|(items, _)| Enumeration { items }));
        let finished = std::mem::replace(&mut self.current, resumed);
        if !finished.is_empty() {
            done.push(Enumeration { items: finished });
        }
        self.current_leads = leads;
    }

    /// A new paragraph: a list that began inside the previous paragraph
    /// while another enumeration was set aside (`二是…：一是…，二是…。`) is
    /// a list inside an item, and ends with its paragraph.
    fn new_paragraph(&mut self, done: &mut Vec<Enumeration>) {
        if !self.current.is_empty() && !self.current_leads && !self.set_aside.is_empty() {
            self.resume(self.set_aside.len() - 1, done);
        }
    }

    fn close(&mut self, done: &mut Vec<Enumeration>) {
        for (items, _) in self
            .set_aside
            .drain(..)
            .chain(std::iter::once((std::mem::take(&mut self.current), false)))
        {
            if !items.is_empty() {
                done.push(Enumeration { items });
            }
        }
    }
}

/// Find the enumerations in `paragraphs`.
pub(crate) fn find(text: &str, paragraphs: &[Span32], headings: &[Heading]) -> Vec<Enumeration> {
    let mut out = Vec::new();
    let mut open = Open::default();
    let mut h = 0;
    let mut items = Vec::new();
    // Built once: a finder costs more to build than to run on a paragraph.
    let shi = memchr::memmem::Finder::new("是");
    for p in paragraphs.iter().map(|p| p.get()) {
        items.clear();
        items_in(text, p, &shi, &mut items);
        if !items.is_empty() {
            open.new_paragraph(&mut out);
        }
        for &item in &items {
            // A heading between the previous item and this one ends the
            // section's enumerations.
            let mut crossed = false;
            while h < headings.len() && headings[h].span.start <= item.marker.start {
                h += 1;
                crossed = true;
            }
            if crossed {
                open.close(&mut out);
            }
            open.push(item, item.marker.start == p.start, &mut out);
        }
    }
    open.close(&mut out);
    out.sort_by_key(|e| e.items.first().map_or(0, |i| i.marker.start));
    out
}

/// The items of paragraph `p`, in order: every `是` (found by `shi`) right
/// after a run of numeral characters that follows a boundary.
fn items_in(text: &str, p: Span, shi: &memchr::memmem::Finder<'_>, out: &mut Vec<EnumItem>) {
    let s = p.slice(text);
    for j in shi.find_iter(s.as_bytes()) {
        let run = s[..j]
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
                out.push(EnumItem {
                    number: n,
                    marker: Span::new(p.start + rs, p.start + j + "是".len()),
                });
            }
        }
    }
}
