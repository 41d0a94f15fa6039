//! `--format short`: `path:line:col: severity[rule] message`, one line each
//! (control characters in the path escaped, so a line is always one finding).

use super::{Checked, Format, LineIndex, Part, Report, escape_path};
use std::io::{self, Write};

pub fn render_short(checked: &[Checked], w: &mut dyn Write) -> io::Result<()> {
    Report::new(Format::Short, Vec::new()).render(checked, &[], w)
}

/// One document's findings, a line each.
pub(super) fn part(c: &Checked, w: &mut dyn Write) -> io::Result<()> {
    let name = escape_path(&c.name);
    let index = LineIndex::new(&c.text);
    for d in &c.diagnostics {
        let at = index.line_col(d.span.map_or(0, |s| s.start));
        writeln!(
            w,
            "{}:{}:{}: {}[{}] {}",
            name, at.line, at.column, d.severity, d.rule, d.message
        )?;
    }
    Ok(())
}

/// The documents' parts, one after the other.
pub(super) fn write(parts: &[Part], w: &mut dyn Write) -> io::Result<()> {
    for p in parts {
        w.write_all(&p.bytes)?;
    }
    Ok(())
}
