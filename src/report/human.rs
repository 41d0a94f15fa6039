//! Human output through codespan-reporting: `path:line:col`, the source line,
//! carets of the right width under Chinese characters, rule id, help.

use super::excerpt::Excerpt;
use super::{Checked, Summary};
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

/// Render every diagnostic, then a summary line.
pub fn render_human(checked: &[Checked], w: &mut dyn WriteColor) -> io::Result<()> {
    let config = Config::default();
    for c in checked {
        for d in &c.diagnostics {
            let ranges: Vec<_> = d
                .span
                .iter()
                .map(|s| s.start..s.end)
                .chain(d.labels.iter().map(|l| l.span.start..l.span.end))
                .collect();
            let files = Excerpt::new(c.name.as_str(), c.text.as_str(), &ranges);
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
                notes.insert(0, format!("--> {}", c.name));
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
    let s = Summary::of(checked);
    let total = s.errors + s.warnings + s.infos;
    if total == 0 {
        writeln!(w, "检查了 {} 个文件，没有发现问题。", s.files)
    } else {
        writeln!(
            w,
            "检查了 {} 个文件：{} 个错误，{} 个警告，{} 个提示。",
            s.files, s.errors, s.warnings, s.infos
        )
    }
}
