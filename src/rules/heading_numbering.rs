//! `heading_numbering`: heading and enumeration numbers per GB/T 9704.
//!
//! ## What it checks
//! One `aspect` per rule, so each can have its own severity:
//! - `sequence`: among the headings of one level under one parent, numbers
//!   start at 1 and go up by one — a gap (一、二、四), a duplicate (（二）（二））
//!   or a step backwards is reported at the marker. Level-3 numbers (1. 2. …)
//!   may restart under each （一） or run on across them; `level3` chooses
//!   `per_section`, `continuous`, or `either` (default: both styles accepted).
//! - `marker`: a marker that does not have the GB/T 9704 form of its level
//!   (一、 / （一） / 1. / （1））, e.g. `一)`, `（一）、`, `1、`, `1)`; offers
//!   the standard form as a fix.
//! - `level_skip`: a heading more than one level below its parent (一、 directly
//!   followed by 1.).
//! - `enumeration`: inline 一是/二是/三是 items out of order, repeated or skipped.
//!
//! Headings without a number (a Word heading style without numbering,
//! [`MarkerForm::Unnumbered`]) take part in none of these checks.
//!
//! ## Options
//! ```yaml
//! check:
//!   heading_numbering:
//!     aspect: sequence      # sequence | marker | level_skip | enumeration
//!     level3: either        # per_section | continuous | either
//! ```

use super::{Check, Context};
use crate::diagnostic::Finding;
use crate::structure::numeral::{format_chinese_numeral, standard_marker};
use crate::structure::{Heading, MarkerForm, Section};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    Sequence,
    Marker,
    LevelSkip,
    Enumeration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level3Style {
    PerSection,
    Continuous,
    #[default]
    Either,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    pub aspect: Aspect,
    #[serde(default)]
    pub level3: Level3Style,
}

pub(crate) struct HeadingNumbering {
    aspect: Aspect,
    level3: Level3Style,
}

impl Spec {
    pub(crate) fn compile(&self) -> HeadingNumbering {
        HeadingNumbering {
            aspect: self.aspect,
            level3: self.level3,
        }
    }
}

impl Check for HeadingNumbering {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        match self.aspect {
            Aspect::Sequence => {
                let mut last_level3 = None;
                self.check_siblings(cx, &cx.doc.sections, &mut last_level3, out);
            }
            Aspect::Marker => check_markers(cx, out),
            Aspect::LevelSkip => check_level_skips(cx, &cx.doc.sections, None, out),
            Aspect::Enumeration => check_enumerations(cx, out),
        }
    }
}

impl HeadingNumbering {
    /// Check one list of sibling sections, then recurse.
    /// `last_level3` carries the last level-3 number seen, for continuous numbering.
    fn check_siblings(
        &self,
        cx: &Context<'_>,
        siblings: &[Section],
        last_level3: &mut Option<u32>,
        out: &mut Vec<Finding>,
    ) {
        for level in 1..=4u8 {
            let mut prev: Option<&Heading> = None;
            for section in siblings {
                let h = &cx.doc.headings[section.heading];
                if h.level != level || h.marker.form == MarkerForm::Unnumbered {
                    continue;
                }
                let expected = match prev {
                    Some(p) => p.number + 1,
                    None if level == 3 => {
                        let restart = 1;
                        let run_on = last_level3.map_or(1, |n| n + 1);
                        match self.level3 {
                            Level3Style::PerSection => restart,
                            Level3Style::Continuous => run_on,
                            Level3Style::Either if h.number == run_on => run_on,
                            Level3Style::Either => restart,
                        }
                    }
                    None => 1,
                };
                if h.number != expected {
                    out.push(sequence_finding(h, prev, expected));
                }
                prev = Some(h);
            }
            if level == 3 {
                if let Some(p) = prev {
                    *last_level3 = Some(p.number);
                }
            }
        }
        for section in siblings {
            self.check_siblings(cx, &section.children, last_level3, out);
        }
    }
}

fn sequence_finding(h: &Heading, prev: Option<&Heading>, expected: u32) -> Finding {
    let got = standard_marker(h.level, h.number);
    let want = standard_marker(h.level, expected);
    let detail = match prev {
        Some(p) if p.number == h.number => format!("序号“{got}”重复"),
        Some(p) if h.number < p.number => format!(
            "序号倒退：“{}”之后是“{got}”",
            standard_marker(h.level, p.number)
        ),
        Some(p) => format!(
            "跳号：“{}”之后是“{got}”，缺少“{want}”",
            standard_marker(h.level, p.number)
        ),
        None => format!("本级第一个标题应为“{want}”，写的是“{got}”"),
    };
    let mut f = Finding::at(h.marker.span, format!("标题序号不连续：{detail}"))
        .with_help(format!("此处应为“{want}”，或检查是否漏写、重复了标题"));
    if let Some(p) = prev {
        f = f.with_label(p.marker.span, "上一个同级标题");
    }
    f
}

fn check_markers(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for h in &cx.doc.headings {
        if h.marker.form == MarkerForm::Malformed {
            let written = h.marker.span.slice(cx.text);
            let standard = standard_marker(h.level, h.number);
            out.push(
                Finding::at(
                    h.marker.span,
                    format!(
                        "标题序号“{written}”不符合 GB/T 9704 格式：第{}层应写作“{standard}”",
                        format_chinese_numeral(u32::from(h.level))
                    ),
                )
                .with_help(format!("改为“{standard}”"))
                .with_fix(h.marker.span, standard),
            );
        }
    }
}

fn check_level_skips(
    cx: &Context<'_>,
    siblings: &[Section],
    parent: Option<&Heading>,
    out: &mut Vec<Finding>,
) {
    for section in siblings {
        let h = &cx.doc.headings[section.heading];
        if h.marker.form == MarkerForm::Unnumbered {
            check_level_skips(cx, &section.children, parent, out);
            continue;
        }
        if let Some(p) = parent {
            if h.level > p.level + 1 {
                out.push(
                    Finding::at(
                        h.marker.span,
                        format!(
                            "标题层级跳跃：“{}”直接出现在“{}”之下，缺少第{}层标题",
                            standard_marker(h.level, h.number),
                            standard_marker(p.level, p.number),
                            format_chinese_numeral(u32::from(p.level) + 1)
                        ),
                    )
                    .with_label(p.marker.span, "上级标题")
                    .with_help("GB/T 9704 的层次依次为“一、”“（一）”“1.”“（1）”"),
                );
            }
        }
        check_level_skips(cx, &section.children, Some(h), out);
    }
}

fn check_enumerations(cx: &Context<'_>, out: &mut Vec<Finding>) {
    for e in &cx.doc.enumerations(cx.text) {
        let mut prev: Option<u32> = None;
        for item in &e.items {
            let expected = prev.map_or(1, |p| p + 1);
            if item.number != expected {
                let got = format!("{}是", format_chinese_numeral(item.number));
                let want = format!("{}是", format_chinese_numeral(expected));
                let detail = match prev {
                    Some(p) if p == item.number => format!("“{got}”重复"),
                    Some(_) => format!("“{got}”前应为“{want}”"),
                    None => format!("从“{got}”开始，缺少“一是”"),
                };
                out.push(
                    Finding::at(item.marker, format!("列举序号不连续：{detail}"))
                        .with_help(format!("此处应为“{want}”")),
                );
            }
            prev = Some(item.number);
        }
    }
}
