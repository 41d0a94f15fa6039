//! `reportlint debug structure`: the recognised structure as JSON or as an
//! indented tree.
//!
//! Spans are converted with `map` to byte offsets of the *original* text, and
//! every quoted string is sliced from the original text; `text` is the
//! normalized text the document was parsed from.

use super::{DateMention, Document, Section};
use crate::span::Span;
use serde_json::{Value, json};
use std::fmt::Write;

struct View<'a, F: Fn(Span) -> Span> {
    text: &'a str,
    original: &'a str,
    map: F,
}

impl<F: Fn(Span) -> Span> View<'_, F> {
    fn span(&self, s: Span) -> Value {
        let m = (self.map)(s);
        json!({"start": m.start, "end": m.end})
    }

    fn text(&self, s: Span) -> String {
        let m = (self.map)(s);
        self.original.get(m.start..m.end).unwrap_or("").to_owned()
    }

    fn date(&self, d: &DateMention) -> Value {
        json!({
            "year": d.year, "month": d.month, "day": d.day,
            "text": self.text(d.span), "span": self.span(d.span),
        })
    }

    fn section(&self, doc: &Document, s: &Section) -> Value {
        let h = &doc.headings[s.heading];
        json!({
            "heading": s.heading,
            "level": h.level,
            "number": h.number,
            "span": self.span(s.span),
            "body": self.span(s.body),
            "children": s.children.iter().map(|c| self.section(doc, c)).collect::<Vec<_>>(),
        })
    }
}

/// The structure as JSON: headings, title, metadata, page chrome, report year, sections,
/// enumerations, closing and counts. Spans are original byte offsets.
pub fn debug_json(doc: &Document, text: &str, original: &str, map: impl Fn(Span) -> Span) -> Value {
    let v = View {
        text,
        original,
        map,
    };
    let headings: Vec<Value> = doc
        .headings
        .iter()
        .map(|h| {
            json!({
                "level": h.level,
                "number": h.number,
                "marker": v.text(h.marker.span),
                "form": h.marker.form,
                "text": v.text(h.text),
                "span": v.span(h.span),
            })
        })
        .collect();
    let metadata: Vec<Value> = doc
        .metadata
        .iter()
        .map(|f| {
            json!({
                "key": f.key,
                "key_text": v.text(f.key_span),
                "value": v.text(f.value),
                "span": v.span(f.key_span.cover(f.value)),
            })
        })
        .collect();
    let found = doc.enumerations(text);
    let enumerations: Vec<Value> = found
        .iter()
        .map(|e| {
            json!({"items": e.items.iter().map(|i| json!({
                "number": i.number,
                "marker": v.text(i.marker),
                "span": v.span(i.marker),
            })).collect::<Vec<_>>()})
        })
        .collect();
    json!({
        "title": doc.title.as_ref().map(|t| json!({"text": v.text(t.span), "span": v.span(t.span)})),
        "metadata": metadata,
        "chrome": doc.chrome.iter().map(|c| json!({"text": v.text(*c), "span": v.span(*c)})).collect::<Vec<_>>(),
        "addressee": doc.addressee.map(|a| json!({"text": v.text(a), "span": v.span(a)})),
        "opening": doc.opening.map(|o| v.span(o)),
        "report_year": doc.report_year.map(|y| json!({
            "year": y.year, "source": y.source, "text": v.text(y.span), "span": v.span(y.span),
        })),
        "headings": headings,
        "sections": doc.sections.iter().map(|s| v.section(doc, s)).collect::<Vec<_>>(),
        "enumerations": enumerations,
        "closing": doc.closing.as_ref().map(|c| json!({
            "signature": c.signature.map(|s| json!({"text": v.text(s), "span": v.span(s)})),
            "date": c.date.as_ref().map(|d| v.date(d)),
            "span": v.span(c.span),
        })),
        "body": v.span(doc.body),
        "counts": {
            "headings": doc.headings.len(),
            "paragraphs": doc.paragraphs.len(),
            "sentences": doc.statements(v.text).count(),
            "enumerations": found.len(),
        },
    })
}

/// Shorten `s` to at most `n` characters for display.
fn clip(s: &str, n: usize) -> String {
    let s = s.replace(['\n', '\r'], " ");
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The structure as an indented, human-readable tree.
pub fn debug_text(
    doc: &Document,
    text: &str,
    original: &str,
    map: impl Fn(Span) -> Span,
) -> String {
    let v = View {
        text,
        original,
        map,
    };
    let mut out = String::new();
    v.write_front(doc, &mut out);
    v.write_body(doc, &mut out);
    out
}

impl<F: Fn(Span) -> Span> View<'_, F> {
    /// `start..end` of `s` in the original text.
    fn pos(&self, s: Span) -> String {
        let m = (self.map)(s);
        format!("{}..{}", m.start, m.end)
    }

    /// The tree's lines for what precedes the body: title, page chrome,
    /// metadata, addressee, report year, opening.
    fn write_front(&self, doc: &Document, out: &mut String) {
        if let Some(t) = &doc.title {
            let _ = writeln!(
                out,
                "标题  {}  [{}]",
                clip(&self.text(t.span), 60),
                self.pos(t.span)
            );
        } else {
            let _ = writeln!(out, "标题  （无）");
        }
        for c in &doc.chrome {
            let _ = writeln!(out, "页面  {}", clip(&self.text(*c), 40));
        }
        for f in &doc.metadata {
            let _ = writeln!(out, "元数据  {} = {}", f.key, clip(&self.text(f.value), 40));
        }
        if let Some(a) = doc.addressee {
            let _ = writeln!(out, "主送  {}", self.text(a));
        }
        if let Some(y) = &doc.report_year {
            let source = match y.source {
                super::YearSource::Title => "标题",
                super::YearSource::Opening => "开头",
                super::YearSource::Metadata => "元数据日期减一",
                super::YearSource::Closing => "落款日期减一",
            };
            let _ = writeln!(
                out,
                "报告年度  {}（{}：{}）",
                y.year,
                source,
                self.text(y.span)
            );
        }
        if let Some(o) = doc.opening {
            let _ = writeln!(out, "开头  {}", clip(&self.text(o), 40));
        }
    }

    /// The tree's lines for the body: the sections as an indented outline,
    /// enumerations, closing and counts.
    fn write_body(&self, doc: &Document, out: &mut String) {
        let _ = writeln!(out, "结构");
        for (depth, s) in doc.sections_flat() {
            let h = &doc.headings[s.heading];
            let malformed = match h.marker.form {
                super::MarkerForm::Malformed => "  ⚠格式",
                super::MarkerForm::Unnumbered => "（标题样式，无编号）",
                super::MarkerForm::Standard => "",
            };
            let _ = writeln!(
                out,
                "{}{} L{} #{}{}  {}  [{}]",
                "  ".repeat(depth + 1),
                self.text(h.marker.span),
                h.level,
                h.number,
                malformed,
                clip(&self.text(h.text), 50),
                self.pos(s.span),
            );
        }
        for e in &doc.enumerations(self.text) {
            let items: Vec<String> = e.items.iter().map(|i| self.text(i.marker)).collect();
            let _ = writeln!(out, "列举  {}", items.join(" "));
        }
        if let Some(c) = &doc.closing {
            let sig = c.signature.map(|s| self.text(s)).unwrap_or_default();
            let date = c.date.map(|d| self.text(d.span)).unwrap_or_default();
            let _ = writeln!(out, "落款  {}  {}", clip(&sig, 40), date);
        }
        let _ = writeln!(
            out,
            "统计  标题 {}  段落 {}  句子 {}",
            doc.headings.len(),
            doc.paragraphs.len(),
            doc.statements(self.text).count()
        );
    }
}
