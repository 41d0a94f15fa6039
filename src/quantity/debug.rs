//! `reportlint debug quantities`: the extracted quantities as JSON or text,
//! with spans in ORIGINAL byte offsets.

use super::{Bound, Quantity};
use crate::span::Span;
use serde_json::{Value, json};
use std::fmt::Write as _;

fn bound(b: Option<Bound>) -> Value {
    match b {
        None => Value::Null,
        Some(b) => json!({ "value": b.value.to_string(), "inclusive": b.inclusive }),
    }
}

fn slice(original: &str, s: Span) -> &str {
    original.get(s.start..s.end).unwrap_or("")
}

/// The quantities as JSON. `text` is the normalized text the spans point
/// into, `map` converts a normalized span to original bytes (usually
/// [`Normalized::to_original`](crate::normalize::Normalized::to_original)),
/// `original` is the original text.
pub fn debug_json(
    qs: &[Quantity],
    text: &str,
    map: impl Fn(Span) -> Span,
    original: &str,
) -> Value {
    let _ = text;
    let items: Vec<Value> = qs
        .iter()
        .map(|q| {
            let span = map(q.span());
            let iv = q.interval();
            json!({
                "text": slice(original, span),
                "span": [span.start, span.end],
                "number": slice(original, map(q.number_span())),
                "kind": q.kind.name(),
                "numeric": q.is_numeric(),
                "value": q.value().to_string(),
                "written": q.written().to_string(),
                "decimals": q.decimals,
                "magnitude": q.magnitude,
                "numeral": q.numeral,
                "unit": q.unit.as_ref().map(|u| json!({
                    "symbol": u.symbol(),
                    "class": u.class,
                    "borrowed": u.borrowed,
                })),
                "approx": q.approx().iter().map(|a| a.text).collect::<Vec<_>>(),
                "interval": { "lo": bound(iv.lo), "hi": bound(iv.hi) },
                "vague": q.vague,
                "malformed": q.malformed,
                "range": q.range().map(|r| {
                    let s = map(r.span);
                    json!({ "role": r.role, "text": slice(original, s), "lo": r.lo.to_string(), "hi": r.hi.to_string() })
                }),
                "denominator": q.denominator().map(|d| d.to_string()),
                "fraction": q.fraction().map(|f| f.to_string()),
                "key": q.key().map(|k| slice(original, map(k)).to_string()),
                "clause": slice(original, map(q.clause())),
            })
        })
        .collect();
    json!({ "quantities": items })
}

/// The quantities as text, one per line: `line:col kind text value [key]`.
pub fn debug_text(
    qs: &[Quantity],
    text: &str,
    map: impl Fn(Span) -> Span,
    original: &str,
) -> String {
    let _ = text;
    let mut out = String::new();
    let index = crate::report::LineIndex::new(original);
    for q in qs {
        let span = map(q.span());
        // A BOM counts as a character here (as it always has in this view).
        let line = index.line_of(span.start);
        let start = index.line_range(line).start;
        let col = index.chars_between(start, span.start.clamp(start, original.len())) + 1;
        let line = line + 1;
        let mut extra = String::new();
        if q.is_approx() {
            let iv = q.interval();
            let lo = iv.lo.map_or("-∞".to_string(), |b| {
                format!("{}{}", if b.inclusive { "[" } else { "(" }, b.value)
            });
            let hi = iv.hi.map_or("+∞".to_string(), |b| {
                format!("{}{}", b.value, if b.inclusive { "]" } else { ")" })
            });
            let _ = write!(extra, " ~{lo},{hi}");
        }
        if q.vague {
            extra.push_str(" vague");
        }
        if q.malformed {
            extra.push_str(" malformed");
        }
        if q.unit.as_ref().is_some_and(|u| u.borrowed) {
            extra.push_str(" unit-borrowed");
        }
        if let Some(k) = q.key() {
            let _ = write!(extra, " key={}", slice(original, map(k)));
        }
        let _ = writeln!(
            out,
            "{line}:{col}\t{kind}\t{text}\t= {value}{extra}",
            kind = q.kind.name(),
            text = slice(original, span),
            value = q.value(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;
    use crate::quantity::extract;

    #[test]
    fn spans_are_original_offsets() {
        let orig = "２０２４年，受理案件２６件，纠错率３７．５％，开展活动１０００余场。";
        let norm = Normalized::new(orig);
        let qs = extract(norm.text());
        let map = |s| norm.to_original(s);
        let v = debug_json(&qs, norm.text(), map, orig);
        let items = v["quantities"].as_array().unwrap();
        assert_eq!(items.len(), 4);
        assert_eq!(items[1]["text"], "２６件");
        assert_eq!(items[1]["kind"], "count");
        assert_eq!(items[1]["key"], "受理案件");
        let [s, e] =
            [&items[2]["span"][0], &items[2]["span"][1]].map(|x| x.as_u64().unwrap() as usize);
        assert_eq!(&orig[s..e], "３７．５％");
        assert_eq!(items[2]["fraction"], "0.375");
        assert_eq!(items[3]["interval"]["lo"]["inclusive"], false);
        assert_eq!(items[0]["kind"], "identifier/year");
        let text = debug_text(&qs, norm.text(), map, orig);
        assert!(text.contains("1:1\tidentifier/year\t２０２４年"), "{text}");
        assert!(text.contains("count\t２６件\t= 26 key=受理案件"), "{text}");
        assert_eq!(text.lines().count(), 4);
    }
}
