//! Human output through codespan-reporting: `path:line:col`, the source line,
//! carets of the right width under Chinese characters, rule id, help.

use super::excerpt::Excerpt;
use super::{Checked, FileError, Format, LineIndex, Part, Report, Summary, escape_path};
use crate::diagnostic::Severity;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label, Severity as CsSeverity};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use std::io::{self, Write};

fn severity(s: Severity) -> CsSeverity {
    match s {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    }
}

/// Render every diagnostic, then a summary line that also counts the files
/// that could not be read (their errors went to standard error); in colour
/// when `w` takes colours.
pub fn render_human(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut dyn WriteColor,
) -> io::Result<()> {
    let color = w.supports_color();
    Report::new(Format::Human { color }, Vec::new()).render(checked, failed, w)
}

/// One document's findings, each with the excerpt of its lines.
pub(super) fn part(c: &Checked, w: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
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
    Ok(())
}

/// The documents' parts, then the summary line.
pub(super) fn write(
    parts: &[Part],
    summary: &Summary,
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    for p in parts {
        w.write_all(&p.bytes)?;
    }
    let unwritten = failed.iter().filter(|e| !e.unreadable).count();
    writeln!(w, "{}", summary.sentence(unwritten))
}
