//! Hover on a finding: its message, then its rule's `reportlint explain` text.

use super::checks::Analysis;
use crate::report::explanation;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

/// The hover at `position`; `None` when no finding is there.
pub(crate) fn hover(a: &Analysis, position: Position) -> Option<Hover> {
    let profile = a.profile.as_ref()?;
    let engine = &profile.setup.engine;
    let offset = a.text.offset(position);
    let hits: Vec<usize> = a
        .findings
        .iter()
        .enumerate()
        .filter(|(_, d)| match d.span {
            Some(s) => s.start <= offset && (offset < s.end || s.start == s.end),
            // Findings about the whole document are shown on the first line.
            None => position.line == 0,
        })
        .map(|(i, _)| i)
        .collect();
    let first = *hits.first()?;
    let mut rules: Vec<&str> = Vec::new();
    let mut value = String::new();
    for &i in &hits {
        let d = &a.findings[i];
        value.push_str(&format!("**{}[{}]** {}\n\n", d.severity, d.rule, d.message));
        if !rules.contains(&d.rule.as_str()) {
            rules.push(&d.rule);
        }
    }
    for rule in rules {
        if let Some(info) = engine.rule(rule) {
            value.push_str("---\n\n");
            value.push_str(&explanation(engine, info));
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(a.published[first].range),
    })
}
