//! Counting list items as Word does, and writing their numbers.
//!
//! Counters belong to an abstract definition, so instances (`w:num`) that
//! share one continue each other's numbering, unless an instance restarts a
//! level with `w:startOverride` (the first time it is used there). A
//! paragraph at level *k* advances counter *k* and resets the deeper levels
//! (as `w:lvlRestart` allows); paragraphs outside the list, of any style,
//! leave the counters alone. The number text is `w:lvlText` with each `%N`
//! replaced by the counter of level N written in that level's format.

use super::numbering::{LEVELS, Numbering, Suffix};
use super::styles::Styles;
use std::collections::{HashMap, HashSet};

/// A paragraph's numbering: instance and level (after style inheritance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumRef {
    pub(crate) num_id: i64,
    pub(crate) ilvl: usize,
}

/// The generated number of one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marker {
    /// The number text and what follows it (tab or space).
    pub(crate) text: String,
    pub(crate) num_id: i64,
    pub(crate) ilvl: usize,
}

/// The state of every list while a document is read in order.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    lists: HashMap<i64, [Option<i64>; LEVELS]>,
    /// (instance, level) whose `w:startOverride` has been applied.
    overridden: HashSet<(i64, usize)>,
}

impl Counters {
    /// Count a paragraph of `num` and return its number, if it shows one.
    pub(crate) fn next(
        &mut self,
        num: NumRef,
        numbering: &Numbering,
        styles: &Styles,
    ) -> Option<Marker> {
        let resolved = numbering.resolve(num.num_id, styles)?;
        let level = resolved.levels[num.ilvl]?;
        let counters = self.lists.entry(resolved.list).or_insert([None; LEVELS]);
        let ilvl = num.ilvl;
        let fresh_override =
            resolved.start_overrides[ilvl].filter(|_| self.overridden.insert((num.num_id, ilvl)));
        counters[ilvl] = Some(match (fresh_override, counters[ilvl]) {
            (Some(start), _) => start,
            (None, Some(n)) => n.saturating_add(1),
            (None, None) => level.start,
        });
        let deeper = counters[ilvl + 1..]
            .iter_mut()
            .zip(&resolved.levels[ilvl + 1..]);
        for (counter, def) in deeper {
            let restart = def.and_then(|l| l.restart);
            // Absent: restart after any higher level; 0: never; r: after
            // a level numbered 1..=r (1-based).
            let resets = match restart {
                None => true,
                Some(0) => false,
                Some(r) => (ilvl as i64) < r,
            };
            if resets {
                *counter = None;
            }
        }
        let template = level.text.as_deref()?;
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let which = chars.peek().and_then(|d| d.to_digit(10));
            match which {
                Some(d @ 1..=9) if c == '%' => {
                    chars.next();
                    let k = d as usize - 1;
                    let def = resolved.levels[k];
                    let value = counters[k].or(def.map(|l| l.start)).unwrap_or(0);
                    let fmt = match def {
                        _ if level.legal => super::numfmt::NumFmt::Decimal,
                        Some(l) => l.fmt,
                        None => super::numfmt::NumFmt::Decimal,
                    };
                    text.push_str(&fmt.format(value));
                }
                _ => text.push(bullet(c)),
            }
        }
        if text.is_empty() {
            return None;
        }
        match level.suffix {
            Suffix::Tab => text.push('\t'),
            Suffix::Space => text.push(' '),
            Suffix::Nothing => {}
        }
        Some(Marker {
            text,
            num_id: num.num_id,
            ilvl,
        })
    }
}

/// Symbol-font bullets are private-use characters: shown as `•`.
fn bullet(c: char) -> char {
    if ('\u{F000}'..='\u{F0FF}').contains(&c) {
        '•'
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlRestart w:val="1"/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%4"/><w:isLgl/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    fn texts(items: &[(i64, usize)]) -> Vec<String> {
        let numbering = Numbering::parse(NUMBERING, "numbering.xml").unwrap();
        let styles = Styles::default();
        let mut c = Counters::default();
        items
            .iter()
            .map(|&(num_id, ilvl)| {
                c.next(NumRef { num_id, ilvl }, &numbering, &styles)
                    .map_or_else(String::new, |m| m.text)
            })
            .collect()
    }

    #[test]
    fn levels_restart_and_continue() {
        assert_eq!(
            texts(&[(1, 0), (1, 1), (1, 1), (1, 0), (1, 1), (2, 0)]),
            ["一、", "（一）", "（二）", "二、", "（一）", "三、"]
        );
        // Level 3 restarts only after level 1 (lvlRestart 1), not after level 2.
        assert_eq!(
            texts(&[(1, 0), (1, 2), (1, 1), (1, 2), (1, 0), (1, 2)]),
            ["一、", "1.\t", "（一）", "2.\t", "二、", "1.\t"]
        );
        // Legal numbering writes every level in decimal; a space follows.
        assert_eq!(texts(&[(1, 0), (1, 0), (1, 3)]), ["一、", "二、", "2.1 "]);
    }

    #[test]
    fn start_override_restarts_once() {
        assert_eq!(
            texts(&[(1, 0), (3, 0), (3, 0), (1, 0), (9, 0)]),
            ["一、", "五、", "六、", "七、", ""]
        );
    }
}
