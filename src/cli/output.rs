//! Writing a `check` run's report to standard output in the chosen format.

use super::{CheckArgs, ColorChoice, Format};
use crate::engine::Engine;
use crate::report::{self, Checked, FileError, JsonEntries, RuleMeta};
use codespan_reporting::term::termcolor::{self, BufferedStandardStream};
use std::io::{IsTerminal, Write};

/// Render the checked documents and the files that failed; `json`: their
/// findings written ahead for a JSON report (`checked` then holds neither
/// texts nor findings).
pub(super) fn render(
    args: &CheckArgs,
    engine: &Engine,
    checked: &[Checked],
    json: Option<&[JsonEntries]>,
    failed: &[FileError],
) -> std::io::Result<()> {
    // One buffer: standard output is line-buffered, and every line of a
    // large report would otherwise be a system call.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match args.format {
        Format::Human => {
            drop(out);
            let mut out = BufferedStandardStream::stdout(color_choice(args.color));
            report::render_human(checked, failed, &mut out)?;
            return out.flush();
        }
        Format::Short => report::render_short(checked, &mut out)?,
        Format::Json => match json {
            Some(written) => report::render_json_written(written, failed, &mut out)?,
            None => report::render_json(checked, failed, &mut out)?,
        },
        Format::Sarif => report::render_sarif(checked, failed, &rule_meta(engine), &mut out)?,
        Format::Github => report::render_github(checked, failed, &mut out)?,
        Format::Junit => report::render_junit(checked, failed, &mut out)?,
        Format::Rdjson => report::render_rdjson(checked, failed, &mut out)?,
    }
    out.flush()
}

/// What SARIF says about every loaded rule.
fn rule_meta(engine: &Engine) -> Vec<RuleMeta<'_>> {
    engine
        .rules()
        .map(|r| RuleMeta {
            id: &r.id,
            summary: &r.summary,
            docs: &r.docs,
            severity: engine.severity(&r.id),
        })
        .collect()
}

/// Colour on a terminal only, unless asked; `NO_COLOR` switches it off.
fn color_choice(choice: ColorChoice) -> termcolor::ColorChoice {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => termcolor::ColorChoice::Always,
        ColorChoice::Never => termcolor::ColorChoice::Never,
        ColorChoice::Auto if no_color || !std::io::stdout().is_terminal() => {
            termcolor::ColorChoice::Never
        }
        // termcolor's `Auto` also turns colour off for an empty NO_COLOR,
        // which the convention (no-color.org) says to ignore; it is right
        // about TERM=dumb.
        ColorChoice::Auto if std::env::var_os("TERM").is_some_and(|t| t == "dumb") => {
            termcolor::ColorChoice::Never
        }
        ColorChoice::Auto => termcolor::ColorChoice::Always,
    }
}
