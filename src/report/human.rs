//! Human output through codespan-reporting: `path:line:col`, the source line,
//! carets of the right width under Chinese characters, rule id, help.

use super::excerpt::Excerpt;
use super::{Checked, FileError, LineIndex, Summary, escape_path};
use crate::diagnostic::Severity;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use std::io;

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// Render every diagnostic, then a summary line that also counts the files
/// that could not be read (their errors went to standard error).
pub fn render_human(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut dyn WriteColor,
) -> io::Result<()> {
    let config = Config::default();
    for c in checked {
        let name = escape_path(&c.name);
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let ranges: Vec<_> = d
                .span
                .iter()
                .map(|s| s.start..s.end)
                .chain(d.labels.iter().map(|l| l.span.start..l.span.end))
                .collect();
            let files = Excerpt::new(name.as_str(), &index, &ranges);
            let mut labels = Vec::new();
            if let Some(span) = d.span {
                labels.push(Label::primary((), files.map(&(span.start..span.end))));
            }
            for l in &d.labels {
                labels.push(
                    Label::secondary((), files.map(&(l.span.start..l.span.end)))
                        .with_message(&l.message),
                );
            }
            let mut notes: Vec<String> = d.notes.clone();
            if let Some(help) = &d.help {
                notes.push(format!("help: {help}"));
            }
            if d.span.is_none() {
                notes.insert(0, format!("--> {name}"));
            }
            let diag = CsDiagnostic::new(severity(d.severity))
                .with_code(&d.rule)
                .with_message(&d.message)
                .with_labels(labels)
                .with_notes(notes);
            term::emit_to_write_style(w, &config, &files, &diag).map_err(|e| match e {
                // Keep the kind, so that a closed pipe stays quiet.
                codespan_reporting::files::Error::Io(io) => io,
                other => io::Error::other(other.to_string()),
            })?;
        }
    }
    let unwritten = failed.iter().filter(|e| !e.unreadable).count();
    writeln!(w, "{}", Summary::of(checked, failed).sentence(unwritten))
}
