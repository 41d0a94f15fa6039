//! `--format github`: GitHub Actions workflow commands, which show findings as
//! annotations on the pull request's diff.
//!
//! `::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`
//! (`warning` and `notice` for the other severities). Columns count
//! characters; `endColumn` is exclusive. Escaping follows the runner: in the
//! message `%`, CR and LF become `%25`, `%0D`, `%0A`; in property values `:`
//! and `,` are escaped too (`%3A`, `%2C`). A file that could not be read
//! (or written) is an `::error file=PATH::MESSAGE` of its own.

use super::{Checked, FileError, Format, LineIndex, Part, Report, relative_path};
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Escape a message (the command's data).
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render_github(
    checked: &[Checked],
    failed: &[FileError],
    w: &mut dyn Write,
) -> io::Result<()> {
    Report::new(Format::Github, Vec::new()).render(checked, failed, w)
}

/// One document's findings, a workflow command each.
pub(super) fn part(c: &Checked, w: &mut dyn Write) -> io::Result<()> {
    let index = LineIndex::new(&c.text);
    let file = escape_property(&relative_path(&c.name));
    for d in &c.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let title = escape_property(&d.rule);
        match d.span {
            Some(span) => {
                let (s, e) = index.span_line_cols(span);
                writeln!(
                    w,
                    "::{command} file={file},line={},col={},endLine={},endColumn={},title={title}::{}",
                    s.line,
                    s.column,
                    e.line,
                    e.column,
                    escape_data(&message)
                )?;
            }
            None => writeln!(
                w,
                "::{command} file={file},line=1,title={title}::{}",
                escape_data(&message)
            )?,
        }
    }
    Ok(())
}

/// The files that failed, then the documents' parts.
pub(super) fn write(parts: &[Part], failed: &[FileError], w: &mut dyn Write) -> io::Result<()> {
    for e in failed {
        writeln!(
            w,
            "::error file={},title=reportlint::{}",
            escape_property(&e.path),
            escape_data(&e.message)
        )?;
    }
    for p in parts {
        w.write_all(&p.bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
