//! `--format short`: `path:line:col: severity[rule] message`, one line each
//! (control characters in the path escaped, so a line is always one finding).

use super::{Checked, LineIndex, escape_path};
use std::io::{self, Write};

pub fn render_short(checked: &[Checked], w: &mut dyn Write) -> io::Result<()> {
    for c in checked {
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
    }
    Ok(())
}
