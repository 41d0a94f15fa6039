//! Numbering definitions (`word/numbering.xml`): `w:num` instances, the
//! `w:abstractNum` they refer to (also through a numbering style's
//! `w:numStyleLink`), their levels and `w:lvlOverride`s.

use super::DocxError;
use super::numfmt::NumFmt;
use super::styles::Styles;
use super::xml::{El, Ev, Events, Ns};
use std::collections::HashMap;

/// List levels of a definition (Word has nine).
pub(crate) const LEVELS: usize = 9;

/// What follows the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

/// One level of a list.
#[derive(Debug, Clone)]
pub(crate) struct Level {
    pub(crate) start: i64,
    pub(crate) fmt: NumFmt,
    /// `w:lvlText`, e.g. `%1、` or `（%1）`; `None` when absent.
    pub(crate) text: Option<String>,
    /// `w:lvlRestart` (1-based level after which this one restarts; 0 never).
    pub(crate) restart: Option<i64>,
    /// `w:isLgl`: the numbers of every level written as decimals.
    pub(crate) legal: bool,
    pub(crate) suffix: Suffix,
    /// `w:pStyle`: the paragraph style linked to this level.
    pub(crate) style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level {
            start: 0,
            fmt: NumFmt::Decimal,
            text: None,
            restart: None,
            legal: false,
            suffix: Suffix::Tab,
            style: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    /// `w:numStyleLink`: the levels are those of a numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    start: Option<i64>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: i64,
    overrides: HashMap<usize, Override>,
}

/// The levels of an instance as its paragraphs use them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved<'n> {
    /// The abstract definition whose counters the paragraphs advance.
    pub(crate) list: i64,
    /// Each level, with the instance's `w:lvlOverride`s applied.
    pub(crate) levels: [Option<&'n Level>; LEVELS],
    /// `w:startOverride` of the instance, per level.
    pub(crate) start_overrides: [Option<i64>; LEVELS],
}

/// The numbering definitions of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<i64, Abstract>,
    nums: HashMap<i64, Num>,
}

/// Where the parser is inside a level.
enum Target {
    Abstract(i64),
    Override(i64, usize),
}

/// Where the parser is: in which definition, instance, override and level.
#[derive(Default)]
struct Cursor {
    abstract_id: Option<i64>,
    num_id: Option<i64>,
    override_level: Option<usize>,
    level: Option<(usize, Level)>,
}

impl Numbering {
    /// Read `numbering.xml`.
    pub(super) fn parse(xml: &str, part: &str) -> Result<Numbering, DocxError> {
        let mut out = Numbering::default();
        let mut ev = Events::new(xml.as_bytes(), part);
        let mut at = Cursor::default();
        loop {
            match ev.next()? {
                Ev::Eof => break,
                Ev::End(local, _) => out.end(&mut at, local),
                Ev::Start(e) | Ev::Empty(e) => {
                    let skip_content = out.start(&mut at, &e);
                    if skip_content && e.is_start() {
                        ev.skip()?;
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    /// An element starts at `at`; whether its content is skipped.
    fn start(&mut self, at: &mut Cursor, e: &El<'_>) -> bool {
        let ilvl = || {
            e.attr_num(b"ilvl")
                .and_then(|l| usize::try_from(l).ok())
                .filter(|&l| l < LEVELS)
        };
        match e.local() {
            b"abstractNum" if e.is(b"abstractNum") => {
                at.abstract_id = e.attr_num(b"abstractNumId");
                if let Some(id) = at.abstract_id {
                    self.abstracts.insert(id, Abstract::default());
                }
            }
            b"num" if e.is(b"num") => {
                at.num_id = e.attr_num(b"numId");
                if let Some(id) = at.num_id {
                    self.nums.insert(id, Num::default());
                }
            }
            b"abstractNumId" if e.is(b"abstractNumId") => {
                if let (Some(n), Some(a)) = (at.num_id, e.attr_num(b"val")) {
                    self.nums.entry(n).or_default().abstract_id = a;
                }
            }
            b"numStyleLink" if e.is(b"numStyleLink") => {
                if let Some(a) = at.abstract_id.and_then(|a| self.abstracts.get_mut(&a)) {
                    a.style_link = e.attr(b"val");
                }
            }
            b"lvlOverride" if e.is(b"lvlOverride") => at.override_level = ilvl(),
            b"startOverride" if e.is(b"startOverride") => {
                if let (Some(n), Some(l)) = (at.num_id, at.override_level) {
                    let num = self.nums.entry(n).or_default();
                    num.overrides.entry(l).or_default().start = e.attr_num(b"val");
                }
            }
            b"lvl" if e.is(b"lvl") => {
                at.level = ilvl().or(at.override_level).map(|l| (l, Level::default()));
            }
            // A level's paragraph and run properties are not read.
            b"pPr" | b"rPr" if at.level.is_some() && e.ns == Ns::W => return true,
            _ => {
                if let Some((_, lvl)) = at.level.as_mut() {
                    read_level_property(e, lvl);
                }
            }
        }
        false
    }

    /// The element `local` ends at `at`: a level read is stored.
    fn end(&mut self, at: &mut Cursor, local: &[u8]) {
        match local {
            b"abstractNum" => at.abstract_id = None,
            b"num" => at.num_id = None,
            b"lvlOverride" => at.override_level = None,
            b"lvl" => {
                let target = match (at.num_id, at.override_level) {
                    (Some(n), Some(l)) => Some(Target::Override(n, l)),
                    _ => at.abstract_id.map(Target::Abstract),
                };
                if let (Some((ilvl, lvl)), Some(t)) = (at.level.take(), target) {
                    self.store(t, ilvl, lvl);
                }
            }
            _ => {}
        }
    }

    fn store(&mut self, target: Target, ilvl: usize, level: Level) {
        match target {
            Target::Abstract(a) => {
                let a = self.abstracts.entry(a).or_default();
                if a.levels.len() < LEVELS {
                    a.levels.resize(LEVELS, None);
                }
                a.levels[ilvl] = Some(level);
            }
            Target::Override(n, l) => {
                let num = self.nums.entry(n).or_default();
                num.overrides.entry(l).or_default().level = Some(level);
            }
        }
    }

    /// The abstract definition of instance `num_id`, following a numbering
    /// style link (`w:numStyleLink` → the style's `w:numId`).
    fn abstract_of(&self, num_id: i64, styles: &Styles) -> Option<(i64, &Abstract)> {
        let mut id = self.nums.get(&num_id)?.abstract_id;
        for _ in 0..4 {
            let a = self.abstracts.get(&id)?;
            match &a.style_link {
                Some(style) => {
                    let linked = styles.props(style).num_id?;
                    id = self.nums.get(&linked)?.abstract_id;
                }
                None => return Some((id, a)),
            }
        }
        None
    }

    /// The levels of instance `num_id`, with its overrides.
    pub(crate) fn resolve(&self, num_id: i64, styles: &Styles) -> Option<Resolved<'_>> {
        let num = self.nums.get(&num_id)?;
        let (list, abs) = self.abstract_of(num_id, styles)?;
        let mut out = Resolved {
            list,
            levels: [None; LEVELS],
            start_overrides: [None; LEVELS],
        };
        for ilvl in 0..LEVELS {
            let ov = num.overrides.get(&ilvl);
            out.levels[ilvl] = ov
                .and_then(|o| o.level.as_ref())
                .or_else(|| abs.levels.get(ilvl)?.as_ref());
            out.start_overrides[ilvl] = ov.and_then(|o| o.start);
        }
        Some(out)
    }

    /// The level of instance `num_id` linked to paragraph style `style`
    /// (`w:lvl/w:pStyle`), for paragraphs numbered through their style.
    pub(crate) fn level_of_style(
        &self,
        num_id: i64,
        style: &str,
        styles: &Styles,
    ) -> Option<usize> {
        let (_, abs) = self.abstract_of(num_id, styles)?;
        abs.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
    }
}

/// A property element inside `w:lvl`.
fn read_level_property(e: &El<'_>, lvl: &mut Level) {
    if e.ns != Ns::W {
        return;
    }
    match e.local() {
        b"start" => lvl.start = e.attr_num(b"val").unwrap_or(0),
        // `custom` (Word 2010, inside mc:AlternateContent) comes with a
        // standard fallback, which is used.
        b"numFmt" => match e.attr(b"val") {
            Some(v) if v != "custom" => lvl.fmt = NumFmt::from_name(&v),
            _ => {}
        },
        b"lvlText" => lvl.text = e.attr(b"val"),
        b"lvlRestart" => lvl.restart = e.attr_num(b"val"),
        b"isLgl" => lvl.legal = e.on(),
        b"suff" => {
            lvl.suffix = match e.attr(b"val").as_deref() {
                Some("space") => Suffix::Space,
                Some("nothing") => Suffix::Nothing,
                _ => Suffix::Tab,
            }
        }
        b"pStyle" => lvl.style = e.attr(b"val"),
        _ => {}
    }
}
