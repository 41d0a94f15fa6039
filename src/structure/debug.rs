//! PLACEHOLDER until the structure module lands.
use super::Document;
use crate::span::Span;

pub fn debug_json(
    _doc: &Document,
    _original: &str,
    _map: impl Fn(Span) -> Span,
) -> serde_json::Value {
    serde_json::json!({})
}

pub fn debug_text(_doc: &Document, _original: &str, _map: impl Fn(Span) -> Span) -> String {
    String::new()
}
