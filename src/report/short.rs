//! `--format short`: `path:line:col: severity[rule] message`, one line each.

use super::{Checked, LineIndex};
use std::io::{self, Write};

pub fn render_short(checked: &[Checked], w: &mut dyn Write) -> io::Result<()> {
    for c in checked {
        let index = LineIndex::new(&c.text);
        for d in &c.diagnostics {
            let at = index.line_col(d.span.map_or(0, |s| s.start));
            writeln!(
                w,
                "{}:{}:{}: {}[{}] {}",
                c.name, at.line, at.column, d.severity, d.rule, d.message
            )?;
        }
    }
    Ok(())
}
