//! `reportlint check`: set up, check every document in parallel, finish the
//! run in its mode (report, fix, diff, write the baseline), and compute the
//! exit code from how the run ended — in one place, [`exit_code`].
//!
//! Per document ([`super::document`]): decode → engine (with
//! `--select`/`--ignore` and per-path settings, suppression comments) →
//! baseline filter → optionally fixes.

use super::document::{Mode, Outcome, Run};
use super::files::{Input, Selection};
use super::setup::{self, Setup};
use super::suggest::unknown_rule_message;
use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::baseline::{Baseline, Matcher};
use crate::diagnostic::Severity;
use crate::pack::PackError;
use crate::read::DEFAULT_MAX_FILE_SIZE;
use crate::report::{FileError, Part, Report, Summary, escape_path, relative_path};
use crate::rules::CheckOptions;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a run stopped without its normal end (exit code 2).
#[derive(Debug)]
enum RunError {
    /// The configuration or a pack is wrong.
    Setup(PackError),
    /// `--select`/`--ignore` names no rule (the message suggests near ones).
    UnknownSelector(String),
    /// An `exclude` pattern of the configuration is invalid.
    Exclude(String),
    /// The `--baseline` file cannot be read.
    BaselineUnreadable { path: PathBuf, reason: String },
    /// The `--baseline` file is not a baseline.
    BaselineInvalid { path: PathBuf, reason: String },
    /// `--fix` of standard input or of a pipe or device, which cannot be
    /// written back.
    FixOfStream(Input),
    /// The `--write-baseline` file cannot be written.
    BaselineUnwritable {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The report cannot be written to standard output.
    Output(std::io::Error),
}

impl RunError {
    fn report(self) {
        let message = match self {
            RunError::Setup(e) => return setup::report_error(e),
            // Plain text, one line: a rule id must not be wrapped.
            RunError::UnknownSelector(m) | RunError::Exclude(m) => {
                return report!("错误：{m}");
            }
            RunError::Output(e) => return report!("错误：无法写出结果：{e}"),
            RunError::BaselineUnreadable { path, reason } => {
                format!("无法读取基线文件 {}：{reason}", path.display())
            }
            RunError::BaselineInvalid { path, reason } => format!("{}：{reason}", path.display()),
            RunError::FixOfStream(input) => {
                let what = match input {
                    Input::Stream(p) => {
                        format!("管道或设备文件（{}）", escape_path(&p.to_string_lossy()))
                    }
                    _ => "标准输入（`-`）".to_owned(),
                };
                format!("--fix 不能用于{what}；可以用 --diff 查看修复")
            }
            RunError::BaselineUnwritable { path, error } => {
                format!("无法写入基线文件 {}：{error}", path.display())
            }
        };
        report!("{:?}", miette::miette!("{message}"));
    }
}

/// How a run that went to its end came out.
struct Ended {
    /// Some file could not be read, or written.
    file_errors: bool,
    /// Findings at or above `--fail-on` (with `--diff`: fixes to show).
    failing: bool,
}

/// The exit code of a run.
fn exit_code(end: &Result<Ended, RunError>) -> u8 {
    match end {
        Err(_)
        | Ok(Ended {
            file_errors: true, ..
        }) => EXIT_ERROR,
        Ok(Ended { failing: true, .. }) => EXIT_FINDINGS,
        Ok(_) => EXIT_CLEAN,
    }
}

pub(crate) fn run(args: &CheckArgs) -> u8 {
    let end = check(args);
    let code = exit_code(&end);
    if let Err(e) = end {
        e.report();
    }
    code
}

fn check(args: &CheckArgs) -> Result<Ended, RunError> {
    // This thread is one of the pool's workers: one document is checked
    // here, not handed to a worker while this thread waits, and with one
    // thread (`RAYON_NUM_THREADS=1`) no thread is started at all. The
    // pool, once built, stays, so a second run in this process keeps it.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    let setup = setup::build(&args.packs).map_err(RunError::Setup)?;
    check_selectors(args, &setup)?;
    let baseline = args.baseline.as_deref().map(load_baseline).transpose()?;
    let selection = setup.selection().map_err(RunError::Exclude)?;
    let mode = match (args.fix, args.diff, &args.write_baseline) {
        (true, _, _) => Mode::Fix,
        (_, true, _) => Mode::Diff,
        (_, _, Some(file)) => Mode::WriteBaseline(file),
        _ => Mode::Report,
    };
    let (inputs, mut failed) = inputs(args, &selection, mode)?;
    let report = super::output::report(args, &setup.engine);
    let run = settings(args, &setup, baseline, mode, &report);
    // One document a piece of work. Left to itself rayon stops splitting at
    // a quarter of what a thread took (further only when a piece is
    // stolen), and a thread that runs out of documents at the end waits
    // while the other finishes its last piece: about 10 ms of 230 on
    // 2,000 reports.
    let results: Vec<Result<Outcome, FileError>> = inputs
        .par_iter()
        .with_max_len(1)
        .map(|input| run.document(input))
        .collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(mut o) => {
                failed.extend(o.unwritten.take());
                if let Some((p, comments)) = &o.annotated {
                    report!(
                        "已写入带批注的副本 {}（{} 条批注）。",
                        p.display(),
                        comments
                    );
                }
                outcomes.push(o);
            }
            Err(e) => failed.push(e),
        }
    }
    failed.sort_by(|a, b| a.path.cmp(&b.path));
    for e in &failed {
        report!(
            "{:?}",
            miette::miette!("{}：{}", escape_path(&e.path), e.message)
        );
    }
    if args.annotate && failed.is_empty() && outcomes.iter().all(|o| o.annotated.is_none()) {
        report!("--annotate：本次没有检查 Word 文档（.docx），没有写入批注副本。");
    }
    let file_errors = !failed.is_empty();
    let failing = match mode {
        Mode::WriteBaseline(file) => write_baseline(file, &outcomes)?,
        Mode::Diff => show_diff(&outcomes),
        Mode::Report | Mode::Fix => write_report(args, &setup, &report, outcomes, &failed)?,
    };
    // The process ends with the run: its memory goes back to the system
    // at once, not rule by rule and pattern by pattern.
    std::mem::forget(setup);
    Ok(Ended {
        file_errors,
        failing,
    })
}

/// Every `--select`/`--ignore` names a rule or a pack.
fn check_selectors(args: &CheckArgs, setup: &Setup) -> Result<(), RunError> {
    let flagged = (args.select.iter().map(|s| ("--select", s)))
        .chain(args.ignore.iter().map(|s| ("--ignore", s)));
    for (flag, sel) in flagged {
        if sel.trim().is_empty() || !setup.engine.selector_known(sel.trim()) {
            let place = format!("{flag} 中");
            let message = unknown_rule_message(&setup.engine, sel, &place);
            return Err(RunError::UnknownSelector(message));
        }
    }
    Ok(())
}

fn load_baseline(path: &Path) -> Result<Matcher, RunError> {
    let text =
        crate::read::read_text_file(path).map_err(|reason| RunError::BaselineUnreadable {
            path: path.to_owned(),
            reason,
        })?;
    let baseline = Baseline::parse(&text).map_err(|reason| RunError::BaselineInvalid {
        path: path.to_owned(),
        reason,
    })?;
    Ok(baseline.matcher())
}

/// The inputs of the run, and the paths named that cannot be read.
fn inputs(
    args: &CheckArgs,
    selection: &Selection,
    mode: Mode<'_>,
) -> Result<(Vec<Input>, Vec<FileError>), RunError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (mut inputs, not_found) = selection.collect(&paths);
    let failed = not_found
        .into_iter()
        .map(|(path, message)| {
            FileError::unreadable(relative_path(&path.to_string_lossy()), message)
        })
        .collect();
    // Standard input named like an excluded file (the git hook passes staged
    // files this way) is skipped like that file would be.
    if let Some(name) = &args.stdin_filename {
        if selection.excluded(Path::new(name)) {
            inputs.retain(|i| *i != Input::Stdin);
        }
    }
    if mode == Mode::Fix {
        if let Some(stream) = inputs.iter().find(|i| !matches!(i, Input::Path(_))) {
            return Err(RunError::FixOfStream(stream.clone()));
        }
        // One file named twice (through a link, or two hard links) is fixed once.
        dedup_same_file(&mut inputs);
    }
    if mode == Mode::Fix || args.force {
        // Temporary files (of fixes, of copies replaced with --force) are
        // removed when the run is interrupted.
        super::interrupt::install();
    }
    Ok((inputs, failed))
}

/// The per-document settings of the run, from flags and configuration.
fn settings<'a>(
    args: &'a CheckArgs,
    setup: &'a Setup,
    baseline: Option<Matcher>,
    mode: Mode<'a>,
    report: &'a Report<'a>,
) -> Run<'a> {
    let config = setup.config.as_ref().map(|c| &c.file);
    Run {
        engine: &setup.engine,
        options: CheckOptions {
            year: args.year.or(config.and_then(|c| c.year)),
            published: args.published,
        },
        select: &args.select,
        ignore: &args.ignore,
        per_path: &setup.per_path,
        base: setup.base(),
        baseline,
        mode,
        stdin_name: args
            .stdin_filename
            .as_deref()
            .map_or_else(|| "<stdin>".to_owned(), relative_path),
        max_file_size: args
            .max_file_size
            .or(config.and_then(|c| c.max_file_size.map(|s| s.0)))
            .unwrap_or(DEFAULT_MAX_FILE_SIZE),
        annotate: args.annotate.then(|| super::word::Annotate {
            dir: args.annotate_dir.clone(),
            force: args.force,
        }),
        convert: args.convert,
        // Only a report reads the texts (a baseline records them, a diff
        // is made in the document's own work).
        report: matches!(mode, Mode::Report | Mode::Fix).then_some(report),
    }
}

/// `--write-baseline`: record every finding (never failing: the findings
/// are what the file accepts).
fn write_baseline(file: &Path, outcomes: &[Outcome]) -> Result<bool, RunError> {
    let b = Baseline::record(outcomes.iter().map(|o| {
        (
            o.checked.name.as_str(),
            o.checked.text.as_str(),
            o.all.as_slice(),
        )
    }));
    std::fs::write(file, b.to_json()).map_err(|error| RunError::BaselineUnwritable {
        path: file.to_owned(),
        error,
    })?;
    report!(
        "已把 {} 个问题写入基线文件 {}。",
        b.findings.len(),
        file.display()
    );
    Ok(false)
}

/// `--diff`: print the fixes; whether there were any.
fn show_diff(outcomes: &[Outcome]) -> bool {
    let mut out = std::io::stdout().lock();
    let mut changed = false;
    for o in outcomes {
        changed |= !o.diff.is_empty();
        if out.write_all(o.diff.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
    changed
}

/// Report and fix modes: write the report from the documents' parts;
/// whether any finding is at or above `--fail-on`.
fn write_report(
    args: &CheckArgs,
    setup: &Setup,
    report: &Report<'_>,
    outcomes: Vec<Outcome>,
    failed: &[FileError],
) -> Result<bool, RunError> {
    let fixes: usize = outcomes.iter().map(|o| o.fixes).sum();
    if fixes > 0 {
        let files = outcomes.iter().filter(|o| o.fixes > 0).count();
        report!("已修复 {fixes} 处（{files} 个文件）。");
    }
    let mut outcomes = outcomes;
    // The output contract: diagnostics sorted by (path, start, rule), so
    // files in path order whatever order they were named in.
    outcomes.sort_by(|a, b| a.checked.name.cmp(&b.checked.name));
    // Rendered ahead for every document in these modes.
    let parts = outcomes
        .into_iter()
        .flat_map(|o| o.part)
        .collect::<std::io::Result<Vec<Part>>>()
        .map_err(RunError::Output)?;
    if let Err(e) = super::output::write(args, report, &parts, failed) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(RunError::Output(e));
        }
    }
    let fail_on = args
        .fail_on
        .map(Severity::from)
        .or(setup.config.as_ref().and_then(|c| c.file.fail_on))
        .unwrap_or(Severity::Error);
    Ok(Summary::of_parts(&parts, failed).fails(fail_on))
}

/// Keep the first of several inputs that are one file (a link and its
/// target, two hard links): fixing it twice would see its own first write.
fn dedup_same_file(inputs: &mut Vec<Input>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut seen = std::collections::HashSet::new();
        inputs.retain(|i| match i {
            Input::Path(p) => {
                std::fs::metadata(p).map_or(true, |m| seen.insert((m.dev(), m.ino())))
            }
            _ => true,
        });
    }
    #[cfg(not(unix))]
    {
        let mut seen = std::collections::HashSet::new();
        inputs.retain(|i| match i {
            Input::Path(p) => std::fs::canonicalize(p).map_or(true, |c| seen.insert(c)),
            _ => true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_errors_outrank_findings_and_any_stop_is_an_error() {
        let ended = |file_errors, failing| {
            exit_code(&Ok(Ended {
                file_errors,
                failing,
            }))
        };
        assert_eq!(ended(false, false), EXIT_CLEAN);
        assert_eq!(ended(false, true), EXIT_FINDINGS);
        assert_eq!(ended(true, false), EXIT_ERROR);
        assert_eq!(ended(true, true), EXIT_ERROR);
        let stopped = Err(RunError::Exclude("exclude 中的模式“[”无效".to_owned()));
        assert_eq!(exit_code(&stopped), EXIT_ERROR);
    }
}
