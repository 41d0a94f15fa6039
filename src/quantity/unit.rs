//! Units and measure words (量词): a closed table matched longest-first.
//!
//! 年, 月, 日 and 号 are not in the table: after a number they usually make a
//! year or a date, which the scanner decides from the value (see `scan/calendar.rs`).

use super::kind::Kind;
use super::words::strip_word_prefix;
use crate::span::{Span, Span32};
use serde::Serialize;

/// The class of a unit; decides the quantity's [`Kind`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitClass {
    /// Measure words for things and events: 件 个 项 场 次 人次 人 家 …
    Count,
    /// `%` and 百分之.
    Percent,
    /// `‰` and 千分之.
    Permille,
    /// 个百分点.
    PercentagePoint,
    /// 倍.
    Multiple,
    /// 元 (万元/亿元 are 元 with a magnitude).
    Money,
    /// Lengths: 公里 米 …
    Length,
    /// Areas: 平方米 亩 公顷 …
    Area,
    /// Volumes: 立方米 升 …
    Volume,
    /// Masses: 吨 千克 …
    Mass,
    /// Durations: 天 小时 个工作日 个月 年 (a duration, not a calendar year).
    Duration,
    /// Anything else measured: 千瓦时, 分 (a score).
    Other,
}

impl UnitClass {
    /// The quantity kind this unit gives.
    pub(crate) const fn kind(self) -> Kind {
        match self {
            UnitClass::Count => Kind::Count,
            UnitClass::Percent | UnitClass::Permille => Kind::Percent,
            UnitClass::PercentagePoint => Kind::PercentagePoint,
            UnitClass::Multiple => Kind::Multiple,
            UnitClass::Money => Kind::Money,
            _ => Kind::Measure,
        }
    }
}

/// The unit of a quantity as written.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// See [`Unit::symbol`].
    symbol: Symbol,
    /// Its class.
    pub class: UnitClass,
    /// Where the unit is written (for a borrowed unit: where the other end's
    /// unit is); see [`Unit::span`].
    span: Span32,
    /// The unit is written only on the other end of a range (`15～30%`: the 15 borrows `%`).
    pub borrowed: bool,
}

impl Unit {
    pub(crate) fn new(symbol: Symbol, class: UnitClass, span: Span) -> Unit {
        Unit {
            symbol,
            class,
            span: span.into(),
            borrowed: false,
        }
    }

    /// The unit text, e.g. `件`, `人次`, `%`, `条(次)`, `元` (the 万 of 万元
    /// is the magnitude).
    pub fn symbol(&self) -> &'static str {
        self.symbol.text()
    }

    /// The same unit counted per time (`条` → `条(次)`), written up to `end`.
    pub(crate) fn per_time(&mut self, end: usize) -> bool {
        let Some(per_time) = self.symbol.per_time() else {
            return false;
        };
        self.symbol = per_time;
        self.set_end(end);
        true
    }

    /// Where the unit is written (for a borrowed unit: where the other
    /// end's unit is).
    pub fn span(&self) -> Span {
        self.span.get()
    }

    pub(crate) fn set_end(&mut self, end: usize) {
        self.span = Span::new(self.span().start, end).into();
    }
}

/// A unit symbol in two bytes: an index of [`UNITS`], then of
/// [`PER_TIME`], then of [`OTHER_SYMBOLS`] (a quantity keeps one, and a
/// large document has millions of quantities).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Symbol(u16);

/// Symbols that are not in the table: 年 (after a number usually a year,
/// decided by the scanner), its per-time form, and the words of 百分之三十.
const OTHER_SYMBOLS: [&str; 4] = ["年", "年(次)", "百分之", "千分之"];

impl Symbol {
    const TABLE: u16 = UNITS.len() as u16;
    /// 年 as a duration.
    pub(crate) const YEAR: Symbol = Symbol(2 * Self::TABLE);
    /// 百分之.
    pub(crate) const PERCENT_WORD: Symbol = Symbol(2 * Self::TABLE + 2);
    /// 千分之.
    pub(crate) const PERMILLE_WORD: Symbol = Symbol(2 * Self::TABLE + 3);

    /// The text of the symbol.
    pub(crate) fn text(self) -> &'static str {
        let (i, n) = (usize::from(self.0), UNITS.len());
        match i {
            i if i < n => UNITS[i].0,
            i if i < 2 * n => PER_TIME[i - n].1,
            i => OTHER_SYMBOLS.get(i - 2 * n).copied().unwrap_or_default(),
        }
    }

    /// The symbol counted per time (`条(次)`): for every unit of the table and for 年.
    fn per_time(self) -> Option<Symbol> {
        match self {
            s if s.0 < Self::TABLE => Some(Symbol(s.0 + Self::TABLE)),
            Symbol::YEAR => Some(Symbol(Symbol::YEAR.0 + 1)),
            _ => None,
        }
    }
}

use UnitClass as C;

/// Declares [`UNITS`] and the per-time form of each unit ([`PER_TIME`]:
/// `条` → `条(次)`), so that every symbol is a `&'static str`.
macro_rules! units {
    ($(($text:literal, $class:expr)),* $(,)?) => {
        /// (text, class), each text once. Order does not matter: the longest match wins.
        pub(super) const UNITS: &[(&str, UnitClass)] = &[$(($text, $class)),*];
        /// (text, text followed by `(次)`) for every unit.
        const PER_TIME: &[(&str, &str)] = &[$(($text, concat!($text, "(次)"))),*];
    };
}

units! {
    // percentages
    ("%", C::Percent),
    ("‰", C::Permille),
    ("个百分点", C::PercentagePoint),
    ("百分点", C::PercentagePoint),
    ("倍", C::Multiple),
    // money
    ("元", C::Money),
    ("美元", C::Money),
    ("港元", C::Money),
    ("欧元", C::Money),
    // durations
    ("个工作日", C::Duration),
    ("工作日", C::Duration),
    ("个月", C::Duration),
    ("个小时", C::Duration),
    ("小时", C::Duration),
    ("分钟", C::Duration),
    ("秒", C::Duration),
    ("天", C::Duration),
    ("周", C::Duration),
    ("周岁", C::Duration),
    ("岁", C::Duration),
    ("个季度", C::Duration),
    ("课时", C::Duration),
    ("学时", C::Duration),
    // length, area, volume, mass, energy
    ("公里", C::Length),
    ("千米", C::Length),
    ("米", C::Length),
    ("厘米", C::Length),
    ("毫米", C::Length),
    ("km", C::Length),
    ("平方米", C::Area),
    ("平方公里", C::Area),
    ("平方千米", C::Area),
    ("公顷", C::Area),
    ("亩", C::Area),
    ("立方米", C::Volume),
    ("升", C::Volume),
    ("毫升", C::Volume),
    ("吨", C::Mass),
    ("千克", C::Mass),
    ("公斤", C::Mass),
    ("克", C::Mass),
    ("斤", C::Mass),
    ("kg", C::Mass),
    ("千瓦时", C::Other),
    ("千瓦", C::Other),
    ("度", C::Other),
    ("分", C::Other),
    // counts (measure words)
    ("人次", C::Count),
    ("户次", C::Count),
    ("件次", C::Count),
    ("场次", C::Count),
    ("家次", C::Count),
    ("批次", C::Count),
    ("车次", C::Count),
    ("架次", C::Count),
    ("个", C::Count),
    ("件", C::Count),
    ("项", C::Count),
    ("场", C::Count),
    ("次", C::Count),
    ("人", C::Count),
    ("家", C::Count),
    ("部", C::Count),
    ("条", C::Count),
    ("份", C::Count),
    ("起", C::Count),
    ("批", C::Count),
    ("名", C::Count),
    ("篇", C::Count),
    ("期", C::Count),
    ("户", C::Count),
    ("辆", C::Count),
    ("轮", C::Count),
    ("单", C::Count),
    ("张", C::Count),
    ("本", C::Count),
    ("册", C::Count),
    ("支", C::Count),
    ("所", C::Count),
    ("座", C::Count),
    ("处", C::Count),
    ("套", C::Count),
    ("台", C::Count),
    ("类", C::Count),
    ("款", C::Count),
    ("宗", C::Count),
    ("例", C::Count),
    ("位", C::Count),
    ("封", C::Count),
    ("幅", C::Count),
    ("组", C::Count),
    ("队", C::Count),
    ("栋", C::Count),
    ("间", C::Count),
    ("种", C::Count),
    ("笔", C::Count),
    ("首", C::Count),
    ("门", C::Count),
    ("节", C::Count),
    ("回", C::Count),
    ("遍", C::Count),
    ("趟", C::Count),
    ("块", C::Count),
    ("株", C::Count),
    ("棵", C::Count),
    ("头", C::Count),
    ("只", C::Count),
    ("村", C::Count),
}

/// Most units in one of the [`BUCKETS`].
const BUCKET_LEN: usize = 8;

/// Where [`BUCKETS`] files a unit, or a text a unit may start: the low six
/// bits of the last byte of its first character — the byte itself when
/// ASCII, else the third (every unit's first character is ASCII or three
/// bytes long). `None` for a text too short for a three-byte character.
const fn bucket(b: &[u8]) -> Option<usize> {
    let last = match b {
        [lead @ 0..0x80, ..] => *lead,
        [_, _, third, ..] => *third,
        _ => return None,
    };
    Some((last & 0x3F) as usize)
}

/// The indices in [`UNITS`] of the units in each [`bucket`], the longest
/// first (so that the first one written at a position is the longest),
/// then `u8::MAX`. Built at compile time; a unit starting at some byte is
/// one of the few of that byte's bucket, found without a search.
const BUCKETS: [[u8; BUCKET_LEN]; 64] = {
    let mut buckets = [[u8::MAX; BUCKET_LEN]; 64];
    let mut filled = [0; 64];
    let mut i = 0;
    while i < UNITS.len() {
        let text = UNITS[i].0.as_bytes();
        let Some(k) = bucket(text) else {
            panic!("a unit starts with a two- or four-byte character");
        };
        // Insert, keeping the longer units first.
        let mut j = filled[k];
        while j > 0 && UNITS[buckets[k][j - 1] as usize].0.len() < text.len() {
            buckets[k][j] = buckets[k][j - 1];
            j -= 1;
        }
        buckets[k][j] = i as u8;
        filled[k] += 1;
        i += 1;
    }
    buckets
};

/// The longest unit starting at byte `at`: (symbol, class, end).
pub(crate) fn match_unit(text: &str, at: usize) -> Option<(Symbol, UnitClass, usize)> {
    let rest = text.get(at..)?;
    let (i, u, class) = BUCKETS[bucket(rest.as_bytes())?]
        .iter()
        .map_while(|&i| UNITS.get(usize::from(i)).map(|&(u, class)| (i, u, class)))
        .find(|&(_, u, _)| strip_word_prefix(rest, u).is_some())?;
    // An ASCII unit must not run on into more letters ("kgs" is not kg).
    if u.is_ascii()
        && rest
            .as_bytes()
            .get(u.len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((Symbol(u16::from(i)), class, at + u.len()))
}

/// Whether a measure word can follow at `at` (used to decide whether 多 is an
/// approximation: 150多场 yes, 多元 no).
pub(crate) fn unit_follows(text: &str, at: usize) -> bool {
    match_unit(text, at).is_some()
        || text
            .get(at..)
            .is_some_and(|r| r.starts_with('万') || r.starts_with('亿'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_wins() {
        let symbol = |text| match_unit(text, 0).map(|u| u.0.text());
        assert_eq!(symbol("人次,"), Some("人次"));
        assert_eq!(symbol("个百分点"), Some("个百分点"));
        assert_eq!(symbol("个工作日内"), Some("个工作日"));
        assert_eq!(symbol("个方面"), Some("个"));
        assert_eq!(symbol("平方公里"), Some("平方公里"));
        assert_eq!(match_unit("kgs", 0), None);
        assert_eq!(match_unit("热线", 0), None);
    }

    #[test]
    fn every_unit_has_a_per_time_form() {
        let table = (0..Symbol::TABLE).map(Symbol);
        for symbol in table.chain([Symbol::YEAR]) {
            let per_time = symbol.per_time().map(Symbol::text);
            assert_eq!(per_time, Some(format!("{}(次)", symbol.text()).as_str()));
        }
        assert_eq!(Symbol::PERCENT_WORD.text(), "百分之");
        assert_eq!(Symbol::PERMILLE_WORD.text(), "千分之");
        assert_eq!(Symbol::PERCENT_WORD.per_time(), None);
        assert!(UNITS.len() < 1000, "symbols fit in two bytes");
    }

    #[test]
    fn each_unit_once_and_found_in_its_bucket() {
        let mut texts: Vec<_> = UNITS.iter().map(|&(u, _)| u).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), UNITS.len());
        assert!(UNITS.len() < usize::from(u8::MAX), "indices fit in a byte");
        for (i, &(u, class)) in (0..Symbol::TABLE).zip(UNITS) {
            assert_eq!(Symbol(i).text(), u);
            let found = match_unit(u, 0);
            assert_eq!(found, Some((Symbol(i), class, u.len())), "{u}");
        }
        let filed: usize = BUCKETS.iter().flatten().filter(|&&i| i != u8::MAX).count();
        assert_eq!(filed, UNITS.len());
    }
}
