//! `reportlint check`: read, lint in parallel, report, pick the exit code.
//!
//! Per document: decode → engine (with `--select`/`--ignore` and per-path
//! settings, suppression comments) → baseline filter → optionally fixes
//! (`--fix` writes and re-checks, `--diff` only shows them).

use super::files::Input;
use super::setup::{self, PathRules, report_error, unknown_rule_message};
use super::{CheckArgs, ColorChoice, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Format};
use crate::baseline::{Baseline, Matcher};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Engine;
use crate::read::DEFAULT_MAX_FILE_SIZE;
use crate::report::{self, Checked, FileError, RuleMeta, Summary, escape_path, relative_path};
use crate::rules::CheckOptions;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::{self, BufferedStandardStream};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// What a run does with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Report,
    Fix,
    Diff,
}

/// Everything the per-document work needs, shared across threads.
struct Run<'a> {
    engine: &'a Engine,
    options: CheckOptions,
    select: &'a [String],
    ignore: &'a [String],
    per_path: &'a [PathRules],
    /// The directory `per_path` globs are relative to.
    base: PathBuf,
    baseline: Option<Matcher>,
    mode: Mode,
    stdin_name: String,
    /// The largest input read, in bytes.
    max_file_size: u64,
    /// `--annotate`: where commented copies of Word documents go.
    annotate: Option<super::word::Annotate>,
    /// `--convert`: legacy Word/WPS documents are converted to be checked.
    convert: bool,
}

/// The result of one document.
struct Outcome {
    checked: Checked,
    /// Findings before the baseline filter (for `--write-baseline`).
    all: Vec<Diagnostic>,
    diff: String,
    fixes: usize,
    /// Fixes were found but the file could not be written.
    write_error: Option<String>,
    /// The commented copy written (`--annotate`).
    annotated: Option<std::path::PathBuf>,
}

pub(crate) fn run(args: &CheckArgs) -> u8 {
    let setup = match setup::build(&args.packs) {
        Ok(s) => s,
        Err(e) => {
            report_error(e);
            return EXIT_ERROR;
        }
    };
    for (flag, sel) in args
        .select
        .iter()
        .map(|s| ("--select", s))
        .chain(args.ignore.iter().map(|s| ("--ignore", s)))
    {
        if sel.trim().is_empty() || !setup.engine.selector_known(sel.trim()) {
            // Plain text, one line: a rule id must not be wrapped.
            report!(
                "错误：{}",
                unknown_rule_message(&setup.engine, sel, &format!("{flag} 中"))
            );
            return EXIT_ERROR;
        }
    }
    let baseline = match &args.baseline {
        Some(p) => match load_baseline(p) {
            Ok(b) => Some(b.matcher()),
            Err(e) => {
                report!("{:?}", miette::miette!("{e}"));
                return EXIT_ERROR;
            }
        },
        None => None,
    };
    let config = setup.config.as_ref().map(|c| &c.file);
    let base = setup.base();
    let selection = match setup.selection() {
        Ok(s) => s,
        Err(e) => {
            report!("错误：{e}");
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (mut inputs, not_found) = selection.collect(&paths);
    let mut failed: Vec<FileError> = not_found
        .into_iter()
        .map(|(path, message)| FileError {
            path: relative_path(&path.to_string_lossy()),
            message,
            unreadable: true,
        })
        .collect();
    // Standard input named like an excluded file (the git hook passes staged
    // files this way) is skipped like that file would be.
    if let Some(name) = &args.stdin_filename {
        if selection.excluded(Path::new(name)) {
            inputs.retain(|i| *i != Input::Stdin);
        }
    }
    let mode = match (args.fix, args.diff) {
        (true, _) => Mode::Fix,
        (_, true) => Mode::Diff,
        _ => Mode::Report,
    };
    if mode == Mode::Fix {
        if let Some(stream) = inputs.iter().find(|i| !matches!(i, Input::Path(_))) {
            let what = match stream {
                Input::Stream(p) => {
                    format!("管道或设备文件（{}）", escape_path(&p.to_string_lossy()))
                }
                _ => "标准输入（`-`）".to_owned(),
            };
            report!(
                "{:?}",
                miette::miette!("--fix 不能用于{what}；可以用 --diff 查看修复")
            );
            return EXIT_ERROR;
        }
        // One file named twice (through a link, or two hard links) is fixed once.
        dedup_same_file(&mut inputs);
        super::interrupt::install();
    }
    let max_file_size = args
        .max_file_size
        .or(config.and_then(|c| c.max_file_size.map(|s| s.0)))
        .unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let run = Run {
        engine: &setup.engine,
        options: CheckOptions {
            year: args.year.or(config.and_then(|c| c.year)),
            published: args.published,
        },
        select: &args.select,
        ignore: &args.ignore,
        per_path: &setup.per_path,
        base,
        baseline,
        mode,
        stdin_name: args
            .stdin_filename
            .as_deref()
            .map_or_else(|| "<stdin>".to_owned(), relative_path),
        max_file_size,
        annotate: args.annotate.then(|| super::word::Annotate {
            dir: args.annotate_dir.clone(),
            force: args.force,
        }),
        convert: args.convert,
    };
    let results: Vec<Result<Outcome, FileError>> =
        inputs.par_iter().map(|input| run.document(input)).collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(o) => {
                if let Some(e) = &o.write_error {
                    failed.push(FileError {
                        path: o.checked.name.clone(),
                        message: e.clone(),
                        unreadable: false,
                    });
                }
                if let Some(p) = &o.annotated {
                    report!(
                        "已写入带批注的副本 {}（{} 条批注）。",
                        p.display(),
                        o.checked.diagnostics.len()
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
    if let Some(file) = &args.write_baseline {
        let b = Baseline::record(outcomes.iter().map(|o| {
            (
                o.checked.name.as_str(),
                o.checked.text.as_str(),
                o.all.as_slice(),
            )
        }));
        if let Err(e) = std::fs::write(file, b.to_json()) {
            report!(
                "{:?}",
                miette::miette!("无法写入基线文件 {}：{e}", file.display())
            );
            return EXIT_ERROR;
        }
        report!(
            "已把 {} 个问题写入基线文件 {}。",
            b.findings.len(),
            file.display()
        );
        return if failed.is_empty() {
            EXIT_CLEAN
        } else {
            EXIT_ERROR
        };
    }
    if mode == Mode::Diff {
        let mut out = std::io::stdout().lock();
        let mut changed = false;
        for o in &outcomes {
            changed |= !o.diff.is_empty();
            if out.write_all(o.diff.as_bytes()).is_err() {
                break;
            }
        }
        let _ = out.flush();
        return if !failed.is_empty() {
            EXIT_ERROR
        } else if changed {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    if mode == Mode::Fix {
        let fixes: usize = outcomes.iter().map(|o| o.fixes).sum();
        let files = outcomes.iter().filter(|o| o.fixes > 0).count();
        if fixes > 0 {
            report!("已修复 {fixes} 处（{files} 个文件）。");
        }
    }
    let mut checked: Vec<Checked> = outcomes.into_iter().map(|o| o.checked).collect();
    // The output contract: diagnostics sorted by (path, start, rule), so
    // files in path order whatever order they were named in.
    checked.sort_by(|a, b| a.name.cmp(&b.name));
    if let Err(e) = render(args, &setup.engine, &checked, &failed) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            report!("错误：无法写出结果：{e}");
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
    } else if Summary::of(&checked, &failed).fails(fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn load_baseline(path: &Path) -> Result<Baseline, String> {
    let text = crate::read::read_text_file(path)
        .map_err(|e| format!("无法读取基线文件 {}：{e}", path.display()))?;
    Baseline::parse(&text).map_err(|e| format!("{}：{e}", path.display()))
}

impl Run<'_> {
    /// The severity of each rule for the document called `name`.
    fn severity_resolver(
        &self,
        name: &str,
    ) -> impl Fn(&str, Option<Severity>) -> Option<Severity> + '_ {
        setup::severity_resolver(self.per_path, &self.base, name, self.select, self.ignore)
    }

    /// Check (and maybe fix) one document with every setting applied.
    fn lint(&self, file: &SourceFile) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let resolve = self.severity_resolver(&file.name);
        let all = self.engine.check_configured(file, &self.options, &resolve);
        let reported = match &self.baseline {
            Some(m) => m.filter(&relative_path(&file.name), &file.text, all.clone()),
            None => all.clone(),
        };
        (all, reported)
    }

    fn document(&self, input: &Input) -> Result<Outcome, FileError> {
        let (name, path) = match input {
            Input::Path(p) => (relative_path(&p.to_string_lossy()), Some(p.clone())),
            Input::Stream(p) => (relative_path(&p.to_string_lossy()), None),
            Input::Stdin => (self.stdin_name.clone(), None),
        };
        let unreadable = |message: String| FileError {
            path: name.clone(),
            message,
            unreadable: true,
        };
        let bytes = input
            .read(self.max_file_size)
            .map_err(|e| unreadable(format!("无法读取：{e}")))?;
        // The bytes as stored are needed again only before writing fixes (to
        // make sure the file survives re-encoding); otherwise the text is the
        // one copy of the document the run keeps.
        let stored = (self.mode == Mode::Fix).then(|| bytes.clone());
        let (file, package) =
            super::word::decode(&name, bytes, self.convert).map_err(unreadable)?;
        if file.docx.is_some() && self.mode != Mode::Report {
            return Err(FileError {
                path: name,
                message: super::word::NO_FIX.to_owned(),
                unreadable: false,
            });
        }
        let (all, reported) = self.lint(&file);
        if self.mode == Mode::Report {
            let mut outcome = Outcome {
                checked: Checked {
                    name: file.name,
                    text: file.text,
                    diagnostics: reported,
                },
                all,
                diff: String::new(),
                fixes: 0,
                write_error: None,
                annotated: None,
            };
            if let (Some(to), Some(package)) = (&self.annotate, &package) {
                match super::word::write_annotated(
                    to,
                    path.as_deref(),
                    &name,
                    package,
                    &outcome.checked.diagnostics,
                ) {
                    Ok(p) => outcome.annotated = Some(p),
                    Err(e) => outcome.write_error = Some(e),
                }
            }
            return Ok(outcome);
        }
        let mut outcome = Outcome {
            checked: Checked {
                name: file.name.clone(),
                text: file.text.clone(),
                diagnostics: reported,
            },
            all,
            diff: String::new(),
            fixes: 0,
            write_error: None,
            annotated: None,
        };
        // Round after round: one fix can make another possible.
        let recheck = |text: &str| {
            self.lint(&SourceFile {
                name: file.name.clone(),
                text: text.to_owned(),
                encoding: file.encoding,
                docx: None,
            })
        };
        let (fixed, last) = crate::fix::apply_rounds(
            &file.text,
            &outcome.checked.diagnostics,
            recheck,
            |(_, reported)| reported.as_slice(),
        );
        let Some((all, reported)) = last else {
            return Ok(outcome);
        };
        if self.mode == Mode::Diff {
            outcome.diff = crate::fix::unified_diff(&relative_path(&name), &file.text, &fixed.text);
            return Ok(outcome);
        }
        let Some(path) = path else {
            return Ok(outcome);
        };
        let stored = stored.as_deref().unwrap_or(file.text.as_bytes());
        if let Err(e) =
            super::write::write_fixed(&path, &fixed.text, file.encoding, &file.text, stored)
        {
            outcome.write_error = Some(e);
            return Ok(outcome);
        }
        // Report what is left in the text as written.
        outcome.fixes = fixed.applied;
        outcome.all = all;
        outcome.checked = Checked {
            name: file.name,
            text: fixed.text,
            diagnostics: reported,
        };
        Ok(outcome)
    }
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

fn render(
    args: &CheckArgs,
    engine: &Engine,
    checked: &[Checked],
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
        Format::Json => report::render_json(checked, failed, &mut out)?,
        Format::Sarif => {
            let rules: Vec<RuleMeta<'_>> = engine
                .rules()
                .map(|r| RuleMeta {
                    id: &r.id,
                    summary: &r.summary,
                    docs: &r.docs,
                    severity: engine.severity(&r.id),
                })
                .collect();
            report::render_sarif(checked, failed, &rules, &mut out)?
        }
        Format::Github => report::render_github(checked, failed, &mut out)?,
        Format::Junit => report::render_junit(checked, failed, &mut out)?,
        Format::Rdjson => report::render_rdjson(checked, failed, &mut out)?,
    }
    out.flush()
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
