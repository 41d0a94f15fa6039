//! The words `restated_figure` looks for in a sentence with figures. The
//! build script (`build.rs` includes this module) works out the DFA that
//! finds them, so a run builds no automaton.

// Compiled into `build.rs` as well: this module may use only core.

/// Sentences about another period or a comparison.
pub(crate) const OTHER_PERIOD: &[&str] = &[
    "同比",
    "上年",
    "去年",
    "上一年",
    "较",
    "上半年",
    "下半年",
    "季度",
    "月份",
    "以来",
    "期间",
    "近三年",
    "近五年",
    "历年",
];

/// Words that make the figures after them parts of a total.
pub(crate) const PART_MARKERS: &[&str] = &["其中", "包括", "分别为", "分别是", "含"];

/// What a match state of the DFA says: a word of [`OTHER_PERIOD`] ends
/// there.
pub(crate) const OTHER: u8 = 1;

/// What a match state of the DFA says: a word of [`PART_MARKERS`] ends
/// there.
pub(crate) const PART: u8 = 2;
