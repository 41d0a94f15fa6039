//! How a `check` run's report is rendered, and writing it to standard
//! output in the chosen format.

use super::{CheckArgs, ColorChoice, Format};
use crate::engine::Engine;
use crate::report::{self, FileError, Part, Report, RuleMeta};
use codespan_reporting::term::termcolor::{self, BufferedStandardStream};
use std::io::{IsTerminal, Write};

/// The run's report: its format (human output in colour or not) and, for
/// SARIF, what it says about every loaded rule.
pub(super) fn report<'a>(args: &CheckArgs, engine: &'a Engine) -> Report<'a> {
    let format = match args.format {
        Format::Human => report::Format::Human {
            color: color_choice(args.color) == termcolor::ColorChoice::Always,
        },
        Format::Short => report::Format::Short,
        Format::Json => report::Format::Json,
        Format::Sarif => report::Format::Sarif,
        Format::Github => report::Format::Github,
        Format::Junit => report::Format::Junit,
        Format::Rdjson => report::Format::Rdjson,
    };
    let rules = match format {
        report::Format::Sarif => rule_meta(engine),
        _ => Vec::new(),
    };
    Report::new(format, rules)
}

/// Write the report of the documents' `parts` (in path order) and of the
/// files that failed.
pub(super) fn write(
    args: &CheckArgs,
    report: &Report<'_>,
    parts: &[Part],
    failed: &[FileError],
) -> std::io::Result<()> {
    if args.format == Format::Human {
        // The parts hold their colours already; termcolor's stream is the
        // one that makes a Windows console show them.
        let mut out = BufferedStandardStream::stdout(color_choice(args.color));
        report.write(parts, failed, &mut out)?;
        return out.flush();
    }
    // One buffer: standard output is line-buffered, and every line of a
    // large report would otherwise be a system call.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    report.write(parts, failed, &mut out)?;
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
