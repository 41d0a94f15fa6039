//! Document structure: title, metadata, addressee, headings (GB/T 9704 levels),
//! sections, paragraphs, statements, 一是/二是 enumerations, closing.
//!
//! Works on the *normalized* text (see [`crate::normalize`]): every span here
//! is a byte range of the normalized text, on character boundaries.
//! [`Document::parse`] never panics and runs in linear time.
//!
//! How a text is read, one module per idea:
//! - `front_matter`: page metadata (`索 引 号:…`, `| 文号: | … |`, a value on
//!   the line below its key), the title (the line that reads most like one,
//!   optionally with the organ line above it), the addressee (`市委、市政府:`);
//!   the body starts at the first line that reads as body text.
//! - `chrome`: breadcrumbs and widgets of a web page (`首页 > …`, `分享:`,
//!   `字号：大 中 小`), and the chrome and metadata below the document.
//! - `closing`: the organ name and date (`2025年2月24日`, `二〇二五年二月二十四日`)
//!   among the last lines; the body ends where the closing begins.
//! - `heading`: markers at line starts, and — in long (flattened) lines — at a
//!   sentence boundary with the next expected number ([`numeral`] parses them).
//! - `section`: the tree; `sentence`: paragraphs and statements (sentences,
//!   split at `；` too); `enumeration`: `一是…二是…` across the paragraphs of
//!   a section; [`year`]: the report year; [`date`]: dates.

#![warn(missing_docs)]

mod chrome;
mod closing;
pub mod date;
pub mod debug;
mod enumeration;
mod front_matter;
mod heading;
mod lines;
pub(crate) mod numeral;
mod section;
mod sentence;
pub(crate) mod year;

pub use numeral::{format_chinese_numeral, parse_chinese_numeral, parse_marker};
pub(crate) use sentence::{ClauseStart, ClauseStarts, Statements};

use crate::span::{Span, Span32};
use serde::Serialize;

/// The structure of one report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// The title line(s), when the document has one.
    pub title: Option<Title>,
    /// The metadata of a published web page, in order: the box above the
    /// document, then the one below it. Its dates are candidates for the
    /// publication date, never the closing.
    pub metadata: Vec<MetaField>,
    /// Lines of page chrome around the document (breadcrumbs, share and
    /// font-size widgets), in order.
    pub chrome: Vec<Span>,
    /// The addressee line, e.g. `市委、市政府:`.
    pub addressee: Option<Span>,
    /// The first paragraph of the body (the opening, usually `2024年,…`).
    pub opening: Option<Span>,
    /// Every heading in document order.
    pub headings: Vec<Heading>,
    /// The section tree; each node refers to a heading by index.
    pub sections: Vec<Section>,
    /// Paragraphs of the body: non-blank lines, split where a heading starts
    /// inside a line (flattened text). In 32 bits (a 100 MB text has
    /// hundreds of thousands); read them with [`Document::paragraphs`].
    pub paragraphs: Vec<Span32>,
    /// The closing signature and date.
    pub closing: Option<Closing>,
    /// From the end of the front matter (title/metadata/addressee) to the start
    /// of the closing.
    pub body: Span,
    /// The year the report is about, and where that was read.
    pub report_year: Option<ReportYear>,
    /// Years (`2024年`) written in the title, with their spans.
    pub title_years: Vec<(i32, Span)>,
    /// Years written in the opening paragraph, with their spans.
    pub opening_years: Vec<(i32, Span)>,
}

/// The year a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ReportYear {
    /// The year, e.g. 2024.
    pub year: i32,
    /// Where it was read: the year in the title or opening, or the date it was
    /// derived from.
    pub span: Span,
    /// Which part of the document stated it.
    pub source: YearSource,
}

/// Where the report year was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// A year in the title (`2024年度…报告`).
    Title,
    /// The first year in the opening paragraph (`2024年,…`).
    Opening,
    /// The year before a publication date in the page metadata.
    Metadata,
    /// The year before the closing date.
    Closing,
}

/// A numbered heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// 1 = 一、 2 = （一） 3 = 1. 4 = （1）
    pub level: u8,
    /// The number the marker states (一 → 1).
    pub number: u32,
    /// The marker (`一、`, `(一)` …) and its form.
    pub marker: Marker,
    /// The heading's text without its marker, up to the end of the line or
    /// the first `。` (which is not part of the text).
    pub text: Span,
    /// Marker and text, plus the `。` that ends the text, if any.
    pub span: Span,
}

/// A heading marker such as `一、` or `（一）`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marker {
    /// The marker's bytes, e.g. `(一)` or `(一)、`.
    pub span: Span,
    /// Standard or malformed.
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
    /// No marker: a heading by its Word heading style or outline level
    /// ([`LineHint::Heading`]). Its `number` is 0 and its marker span empty.
    Unnumbered,
}

/// What a source format knows about a line besides its text: a Word
/// document's paragraph styles ([`crate::source::SourceFile::line_hints`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineHint {
    /// Ordinary text: its markers decide.
    Text,
    /// A paragraph with a heading outline level (0 = heading 1): a heading
    /// even without a GB/T 9704 marker.
    Heading(u8),
    /// Never a heading: a table cell, a note, a text box, a table of contents.
    Aside,
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
    /// Sections of lower levels inside this one.
    pub children: Vec<Section>,
}

/// The title of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Title {
    /// The title line; may cover two lines (organ line + title line).
    pub span: Span,
}

/// One field of the metadata block of a published page (索引号, 文号, 发布日期 …).
#[derive(Debug, Clone, Serialize)]
pub struct MetaField {
    /// The key with spaces removed, normalized (`索引号`, `文号`, `发布日期`).
    pub key: String,
    /// The key as written (may contain spaces: `索 引 号`).
    pub key_span: Span,
    /// The value, trimmed (may be empty).
    pub value: Span,
}

impl MetaField {
    /// The date the value states (`2025-02-24`, `2025年2月24日`), if any.
    pub fn date(&self, text: &str) -> Option<DateMention> {
        date::find_date(text, self.value)
    }
}

/// An inline enumeration: 一是… 二是… 三是…
#[derive(Debug, Clone, Serialize)]
pub struct Enumeration {
    /// The items in order.
    pub items: Vec<EnumItem>,
}

/// One item of an enumeration.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct EnumItem {
    /// The number the item states (`三是` → 3).
    pub number: u32,
    /// The `一是` marker.
    pub marker: Span,
}

/// The closing signature and date.
#[derive(Debug, Clone, Serialize)]
pub struct Closing {
    /// The organ name line above the date.
    pub signature: Option<Span>,
    /// The closing date.
    pub date: Option<DateMention>,
    /// From the signature (or date) to the end of the date.
    pub span: Span,
}

/// A calendar date written in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The date as written.
    pub span: Span,
    /// The year, e.g. 2025.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// The day of the month, 1–31.
    pub day: u32,
}

impl Document {
    /// The paragraphs of the body, in order.
    pub fn paragraphs(&self) -> impl DoubleEndedIterator<Item = Span> + ExactSizeIterator + '_ {
        self.paragraphs.iter().map(|p| p.get())
    }

    /// The statements of the body, in order: sentences, split after
    /// `。!?;`, at line ends and at the end of heading texts (a `；` ends
    /// one, unlike the quantities' whole sentences). `text` is the text the
    /// document was parsed from. Split as they are read, not kept: a 100 MB
    /// text has about a million, and few rules read them.
    pub fn statements<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Span> + 'a {
        sentence::statements(text, &self.paragraphs, &self.headings)
    }

    /// The statements of `paragraphs` (some of the document's, in order),
    /// each with where the marks between its clauses (`,` `;` `:` `、`) are
    /// ([`Statements::next_with_separators`]): found in the same pass. A
    /// statement never runs on past its paragraph, so those of the others
    /// are the same as in [`Document::statements`].
    pub(crate) fn statements_with_separators<'a>(
        &'a self,
        text: &'a str,
        paragraphs: &'a [Span32],
    ) -> Statements<'a> {
        sentence::statements_with_separators(text, paragraphs, &self.headings)
    }

    /// Recognise the structure of a normalized text.
    ///
    /// Never panics; every span lies on character boundaries of `text`.
    pub fn parse(text: &str) -> Document {
        Document::parse_with_hints(text, &[])
    }

    /// [`Document::parse`], told what line `i` is by `hints[i]` (missing
    /// entries are [`LineHint::Text`]). A text longer than
    /// [`MAX_TEXT_LEN`](crate::span::MAX_TEXT_LEN) (which no reader accepts)
    /// has no structure: its offsets would not fit the 32 bits kept per line
    /// and paragraph.
    pub(crate) fn parse_with_hints(text: &str, hints: &[LineHint]) -> Document {
        if !crate::span::fits_32_bits(text.len()) {
            return Document::default();
        }
        let lines = lines::split(text);
        let mut front = front_matter::parse(text, &lines);
        let tail = chrome::tail(text, &lines, front.body_start);
        front.metadata.extend(tail.metadata);
        front.chrome.extend(tail.chrome);
        let closing = closing::find(text, &lines, front.body_start, tail.start);
        let text_end = text[..tail.start].trim_end().len();
        let body_end = closing
            .as_ref()
            .map_or(text_end, |c| c.span.start)
            .max(front.body_start);
        let body = Span::new(front.body_start, body_end);
        let headings = heading::find(text, &lines, body, hints);
        let sections = section::build(text, &headings, body.end);
        let paragraphs = sentence::paragraphs(text, &lines, body, &headings);
        let opening = paragraphs
            .first()
            .map(|p| p.get())
            .filter(|p| !headings.iter().any(|h| h.span.start == p.start));
        let title_years = front
            .title
            .as_ref()
            .map(|t| year::year_mentions(text, t.span))
            .unwrap_or_default();
        let opening_years = opening
            .map(|o| year::year_mentions(text, o))
            .unwrap_or_default();
        let mut doc = Document {
            title: front.title,
            metadata: front.metadata,
            chrome: front.chrome,
            addressee: front.addressee,
            opening,
            headings,
            sections,
            paragraphs,
            closing,
            body,
            report_year: None,
            title_years,
            opening_years,
        };
        doc.report_year = year::determine(text, &doc);
        doc
    }

    /// The statement ([`Document::statements`]) that contains `span`, if
    /// any: only the paragraph around `span` is split (a statement never
    /// runs across paragraphs).
    pub fn statement_containing(&self, text: &str, span: Span) -> Option<Span> {
        // Paragraphs do not overlap: only an empty span (where one ends and
        // the next begins) lies in two.
        let from = self.paragraphs.partition_point(|p| p.get().end < span.end);
        self.paragraphs[from..]
            .iter()
            .take_while(|p| p.get().start <= span.start)
            .filter(|p| p.get().contains(span))
            .find_map(|p| {
                sentence::statements(text, std::slice::from_ref(p), &self.headings)
                    .find(|s| s.start <= span.start && span.end <= s.end)
            })
    }

    /// The `一是/二是` enumerations, in order: each runs on across the
    /// paragraphs of a section until a heading or a new `一是`. `text` is
    /// the text the document was parsed from. Found when asked for, not
    /// kept: one rule reads them, and a 100 MB text has tens of thousands.
    pub fn enumerations(&self, text: &str) -> Vec<Enumeration> {
        enumeration::find(text, &self.paragraphs, &self.headings)
    }

    /// Headings at `level`, in order.
    pub fn headings_at(&self, level: u8) -> impl Iterator<Item = &Heading> {
        self.headings.iter().filter(move |h| h.level == level)
    }

    /// The first metadata field with `key` (normalized, without spaces, e.g.
    /// `发布日期`).
    pub fn meta(&self, key: &str) -> Option<&MetaField> {
        self.metadata.iter().find(|f| f.key == key)
    }

    /// The innermost section whose span contains byte `offset`.
    pub fn section_at(&self, offset: usize) -> Option<&Section> {
        let mut found = None;
        let mut level = &self.sections;
        loop {
            let Some(s) = level
                .iter()
                .find(|s| s.span.start <= offset && offset < s.span.end)
            else {
                return found;
            };
            found = Some(s);
            level = &s.children;
        }
    }

    /// Every section in document order (pre-order), with its depth (0 for
    /// top-level sections).
    pub fn sections_flat(&self) -> impl Iterator<Item = (usize, &Section)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &Section)> =
            self.sections.iter().rev().map(|s| (0, s)).collect();
        while let Some((depth, s)) = stack.pop() {
            out.push((depth, s));
            stack.extend(s.children.iter().rev().map(|c| (depth + 1, c)));
        }
        out.into_iter()
    }
}
