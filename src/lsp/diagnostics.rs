//! Findings and configuration errors as LSP diagnostics.
//!
//! A finding keeps what the terminal shows: its rule id is the diagnostic's
//! `code`, its help and notes follow the message on lines of their own
//! (`help: …`, `note: …`), and its secondary labels (the 分子 and 分母 of a
//! rate, the total of a breakdown) are `relatedInformation` in the same
//! document. A finding about the whole document is shown on its first line.

use super::position::IndexedText;
use super::uri;
use crate::diagnostic::{Diagnostic, Severity};
use crate::pack::PackError;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Uri,
};
use std::path::Path;

/// The `source` of every diagnostic the server publishes.
pub(crate) const SOURCE: &str = "reportlint";

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A finding of the document `uri` whose text is `text`.
pub(crate) fn finding(d: &Diagnostic, text: &IndexedText, uri: &Uri) -> lsp_types::Diagnostic {
    let range = d.span.map_or_else(|| text.first_line(), |s| text.range(s));
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &d.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), text.range(l.span)),
            message: l.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.clone())),
        source: Some(SOURCE.to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..lsp_types::Diagnostic::default()
    }
}

/// A configuration or pack error as a diagnostic on its YAML file (at the
/// line and column when known; a pack error without a file is shown on the
/// configuration that names the pack). `fallback` says what the server
/// does meanwhile. `None` when the error concerns no file that exists.
pub(crate) fn problem(
    err: &PackError,
    config: Option<&Path>,
    fallback: &str,
) -> Option<(Uri, lsp_types::Diagnostic)> {
    let (file, range) = match err.place() {
        Some(place) => {
            let range = match place.span {
                Some(span) if span.end <= place.text.len() => {
                    IndexedText::new(place.text.to_owned()).range(span.into())
                }
                _ => Range::default(),
            };
            (Path::new(place.file).to_path_buf(), range)
        }
        None => (
            config.filter(|p| p.is_file())?.to_path_buf(),
            Range::new(Position::new(0, 0), Position::new(0, 0)),
        ),
    };
    let uri = uri::from_path(&file)?;
    let d = lsp_types::Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some(SOURCE.to_owned()),
        message: format!("{}（{fallback}）", err.detail()),
        ..lsp_types::Diagnostic::default()
    };
    Some((uri, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Label;
    use crate::span::Span;
    use std::str::FromStr;

    #[test]
    fn a_rate_finding_keeps_its_labels_and_help() {
        let text = IndexedText::new("𠀀\n受理40件，纠错12件，纠错率35%。".to_owned());
        let t = text.as_str();
        let at = |s: &str| {
            let i = t.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let d = Diagnostic {
            path: "r.txt".into(),
            rule: "shuzi/rate".into(),
            severity: Severity::Warning,
            message: "纠错率与所列数字不符".into(),
            span: Some(at("35%")),
            help: Some("12/40 = 30%".into()),
            labels: vec![
                Label {
                    span: at("12件"),
                    message: "分子".into(),
                },
                Label {
                    span: at("40件"),
                    message: "分母".into(),
                },
            ],
            notes: vec![],
            fix: None,
        };
        let uri = Uri::from_str("file:///r.txt").unwrap();
        let l = finding(&d, &text, &uri);
        assert_eq!(
            l.range,
            Range::new(Position::new(1, 15), Position::new(1, 18))
        );
        assert_eq!(l.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(l.code, Some(NumberOrString::String("shuzi/rate".into())));
        assert_eq!(l.message, "纠错率与所列数字不符\nhelp: 12/40 = 30%");
        let related = l.related_information.unwrap();
        assert_eq!(related[0].message, "分子");
        assert_eq!(
            related[0].location.range,
            Range::new(Position::new(1, 8), Position::new(1, 11))
        );
        assert_eq!(related[1].location.range.start, Position::new(1, 2));
    }
}
