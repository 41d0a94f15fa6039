//! Document structure: title, metadata, addressee, headings (GB/T 9704 levels),
//! sections, paragraphs, sentences, 一是/二是 enumerations, closing.
//!
//! Works on the *normalized* text (see [`crate::normalize`]): every span here
//! is a byte range of the normalized text.

use crate::span::Span;
use serde::Serialize;

/// The structure of one report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    pub title: Option<Title>,
    pub metadata: Vec<MetaField>,
    /// The addressee line, e.g. `市委、市政府:`.
    pub addressee: Option<Span>,
    /// The first paragraph of the body (the opening, usually `2024年,…`).
    pub opening: Option<Span>,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
    /// The section tree; each node refers to a heading by index.
    pub sections: Vec<Section>,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    pub enumerations: Vec<Enumeration>,
    pub closing: Option<Closing>,
    /// From the end of the front matter (title/metadata/addressee) to the start
    /// of the closing.
    pub body: Span,
}

/// A numbered heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 = 一、 2 = （一） 3 = 1. 4 = （1）
    pub level: u8,
    /// The number the marker states (一 → 1).
    pub number: u32,
    pub marker: Marker,
    /// The heading's text without its marker.
    pub text: Span,
    /// Marker and text.
    pub span: Span,
}

/// A heading marker such as `一、` or `（一）`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marker {
    pub span: Span,
    pub form: MarkerForm,
}

/// Whether a marker has the GB/T 9704 form for its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerForm {
    /// 一、 / （一） / 1. / （1）
    Standard,
    /// Any other shape that still states a level and number: 一) （一 （一）、 1、 1) （1）. 一.
    Malformed,
}

/// A heading with everything up to the next heading of the same or a higher level.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Section {
    /// Index into [`Document::headings`].
    pub heading: usize,
    /// From the heading's start to the section's end.
    pub span: Span,
    /// From the heading's end to the section's end (includes subsections).
    pub body: Span,
    pub children: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub span: Span,
}

/// One field of the metadata block of a published page (索引号, 文号, 发布日期 …).
#[derive(Debug, Clone, Serialize)]
pub struct MetaField {
    /// The key with spaces removed, normalized (`索引号`, `文号`, `发布日期`).
    pub key: String,
    pub key_span: Span,
    pub value: Span,
}

/// An inline enumeration: 一是… 二是… 三是…
#[derive(Debug, Clone, Serialize)]
pub struct Enumeration {
    pub items: Vec<EnumItem>,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct EnumItem {
    pub number: u32,
    /// The `一是` marker.
    pub marker: Span,
}

/// The closing signature and date.
#[derive(Debug, Clone, Serialize)]
pub struct Closing {
    pub signature: Option<Span>,
    pub date: Option<DateMention>,
}

/// A calendar date written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateMention {
    pub span: Span,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Document {
    /// Recognise the structure of a normalized text.
    pub fn parse(text: &str) -> Document {
        Document {
            body: Span::new(0, text.len()),
            ..Document::default()
        }
    }

    /// Headings at `level`, in order.
    pub fn headings_at(&self, level: u8) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(move |h| h.level == level)
    }
}
pub mod debug;
