//! What a quantity counts: [`Kind`] and, for numbers that only name
//! something, [`IdKind`].

use serde::Serialize;

/// What a mention measures. Identifiers (years, dates, 文号, ordinals, titles …)
/// are numbers that name rather than measure: never sum or compare them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A count with a measure word: 26件, 七个方面, 80余人次, 3.64万件.
    Count,
    /// A percentage (or per-mille): 37.5%, 百分之三十, 5‰.
    Percent,
    /// A difference of percentages: 2.5个百分点.
    PercentagePoint,
    /// A multiple: 2倍.
    Multiple,
    /// A ratio: 比值3.08, 1.04:1.
    Ratio,
    /// An amount of money: 6988.66万元, 16.65亿元.
    Money,
    /// A physical or time measure: 15分钟, 3年 (a duration), 157天, 5公里.
    Measure,
    /// A number with no unit: "3+2", 8大类.
    Bare,
    /// A number that names something; see [`IdKind`].
    Identifier(IdKind),
}

/// The kinds of identifiers.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 2024年, 2024年度, (2021—2025年), 2023-2027, a bare 4-digit year before a word.
    Year,
    /// 2月24日, 2025年2月24日, 2025-02-24, 1月底 (the month), 3·8.
    Date,
    /// 15:21, 11:52:53.
    Time,
    /// 发文字号: `〔2025〕14号`, `[2025]1号`.
    DocNumber,
    /// 第一, 第3批, 第73次.
    Ordinal,
    /// Any number inside a 《》 title.
    LawTitle,
    /// 12345 (a hotline), 0825-1234567, an 11-digit mobile number.
    Phone,
    /// 索引号 and other codes: 115108037/2025-00427, 5G, GB/T 9704-2012.
    Code,
    /// Heading and list markers: 一、 (一) 1. 1、 (1), 一是/二是.
    ListMarker,
    /// Five-year plan and 普法 names: 十四五, 八五.
    Plan,
}

impl Kind {
    /// Whether the number measures something (false for identifiers).
    pub const fn is_numeric(self) -> bool {
        !matches!(self, Kind::Identifier(_))
    }

    /// Whether the number names something.
    pub const fn is_identifier(self) -> bool {
        matches!(self, Kind::Identifier(_))
    }

    /// A short snake_case name (`count`, `percent`, `identifier/year` …).
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Count => "count",
            Kind::Percent => "percent",
            Kind::PercentagePoint => "percentage_point",
            Kind::Multiple => "multiple",
            Kind::Ratio => "ratio",
            Kind::Money => "money",
            Kind::Measure => "measure",
            Kind::Bare => "bare",
            Kind::Identifier(id) => match id {
                IdKind::Year => "identifier/year",
                IdKind::Date => "identifier/date",
                IdKind::Time => "identifier/time",
                IdKind::DocNumber => "identifier/doc_number",
                IdKind::Ordinal => "identifier/ordinal",
                IdKind::LawTitle => "identifier/law_title",
                IdKind::Phone => "identifier/phone",
                IdKind::Code => "identifier/code",
                IdKind::ListMarker => "identifier/list_marker",
                IdKind::Plan => "identifier/plan",
            },
        }
    }
}
