//! `reportlint check`: read, lint in parallel, report, pick the exit code.

use super::files::{DEFAULT_EXTENSIONS, Input, Selection};
use super::setup::{self, report_error};
use super::{CheckArgs, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format};
use crate::diagnostic::Severity;
use crate::engine::Engine;
use crate::report::{self, Checked, Summary};
use crate::rules::CheckOptions;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::{self, StandardStream};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

pub(crate) fn run(args: &CheckArgs) -> u8 {
    let setup = match setup::build(&args.packs) {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    let config = setup.config.as_ref().map(|c| &c.file);
    let extensions = config
        .and_then(|c| c.extensions.clone())
        .unwrap_or_else(|| DEFAULT_EXTENSIONS.iter().map(|s| s.to_string()).collect());
    let base = setup
        .config
        .as_ref()
        .map(|c| c.dir.clone())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let base = std::path::absolute(&base).unwrap_or(base);
    let exclude = config.map(|c| c.exclude.clone()).unwrap_or_default();
    let selection = match Selection::new(extensions, &exclude, base) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (inputs, mut failed) = selection.collect(&paths);
    let options = CheckOptions {
        year: args.year.or(config.and_then(|c| c.year)),
        published: args.published,
    };
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "<stdin>".to_owned());
    let results: Vec<Result<Checked, (String, String)>> = inputs
        .par_iter()
        .map(|input| check_input(&setup.engine, input, &stdin_name, &options))
        .collect();
    let mut checked = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(c) => checked.push(c),
            Err((name, e)) => failed.push((PathBuf::from(name), e)),
        }
    }
    for (path, e) in &failed {
        eprintln!("{:?}", miette::miette!("{}：{e}", path.display()));
    }
    if let Err(e) = render(args, &checked) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("错误：无法写出结果：{e}");
            return EXIT_ERROR;
        }
    }
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(config.and_then(|c| c.fail_on))
        .unwrap_or(Severity::Error);
    if !failed.is_empty() {
        EXIT_ERROR
    } else if Summary::of(&checked).fails(fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn check_input(
    engine: &Engine,
    input: &Input,
    stdin_name: &str,
    options: &CheckOptions,
) -> Result<Checked, (String, String)> {
    let (name, bytes) = match input {
        Input::Path(p) => {
            let name = p.display().to_string();
            match std::fs::read(p) {
                Ok(b) => (name, b),
                Err(e) => return Err((name, format!("无法读取：{e}"))),
            }
        }
        Input::Stdin => {
            let mut b = Vec::new();
            if let Err(e) = std::io::stdin().lock().read_to_end(&mut b) {
                return Err((stdin_name.to_owned(), format!("无法读取标准输入：{e}")));
            }
            (stdin_name.to_owned(), b)
        }
    };
    let file = SourceFile::decode(name.clone(), bytes).map_err(|e| (name, e.to_string()))?;
    let diagnostics = engine.check(&file, options);
    Ok(Checked {
        name: file.name,
        text: file.text,
        diagnostics,
    })
}

fn render(args: &CheckArgs, checked: &[Checked]) -> std::io::Result<()> {
    match args.format {
        Format::Human => {
            let mut out = StandardStream::stdout(color_choice(args.color));
            report::render_human(checked, &mut out)?;
            out.flush()
        }
        Format::Short => {
            let mut out = std::io::stdout().lock();
            report::render_short(checked, &mut out)?;
            out.flush()
        }
        Format::Json => {
            let mut out = std::io::stdout().lock();
            report::render_json(checked, &mut out)?;
            out.flush()
        }
    }
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
        ColorChoice::Auto => termcolor::ColorChoice::Auto,
    }
}
