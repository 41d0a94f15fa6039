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
use crate::report::{self, Checked, RuleMeta, Summary, relative_path};
use crate::rules::CheckOptions;
use crate::source::{Encoding, SourceFile};
use codespan_reporting::term::termcolor::{self, StandardStream};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
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
    let (mut inputs, mut failed) = selection.collect(&paths);
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
    if mode == Mode::Fix && inputs.contains(&Input::Stdin) {
        report!(
            "{:?}",
            miette::miette!("--fix 不能用于标准输入（`-`）；可以用 --diff 查看修复")
        );
        return EXIT_ERROR;
    }
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
            .clone()
            .unwrap_or_else(|| "<stdin>".to_owned()),
    };
    let results: Vec<Result<Outcome, (String, String)>> =
        inputs.par_iter().map(|input| run.document(input)).collect();
    let mut outcomes = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(o) => {
                if let Some(e) = &o.write_error {
                    failed.push((PathBuf::from(&o.checked.name), e.clone()));
                }
                outcomes.push(o);
            }
            Err((name, e)) => failed.push((PathBuf::from(name), e)),
        }
    }
    for (path, e) in &failed {
        report!("{:?}", miette::miette!("{}：{e}", path.display()));
    }
    if let Some(file) = &args.write_baseline {
        let names: Vec<String> = outcomes
            .iter()
            .map(|o| relative_path(&o.checked.name))
            .collect();
        let b = Baseline::record(
            outcomes
                .iter()
                .zip(&names)
                .map(|(o, name)| (name.as_str(), o.checked.text.as_str(), o.all.as_slice())),
        );
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
    if let Err(e) = render(args, &setup.engine, &checked) {
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
    } else if Summary::of(&checked).fails(fail_on) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn load_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
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

    fn document(&self, input: &Input) -> Result<Outcome, (String, String)> {
        let (name, bytes, path) = match input {
            Input::Path(p) => {
                let name = p.display().to_string();
                match std::fs::read(p) {
                    Ok(b) => (name, b, Some(p.clone())),
                    Err(e) => return Err((name, format!("无法读取：{e}"))),
                }
            }
            Input::Stdin => {
                let mut b = Vec::new();
                if let Err(e) = std::io::stdin().lock().read_to_end(&mut b) {
                    return Err((self.stdin_name.clone(), format!("无法读取标准输入：{e}")));
                }
                (self.stdin_name.clone(), b, None)
            }
        };
        let file = SourceFile::decode(name.clone(), bytes.clone())
            .map_err(|e| (name.clone(), e.to_string()))?;
        let (all, reported) = self.lint(&file);
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
        };
        if self.mode == Mode::Report {
            return Ok(outcome);
        }
        let fixed = crate::fix::apply(&file.text, &outcome.checked.diagnostics);
        if fixed.applied == 0 || fixed.text == file.text {
            return Ok(outcome);
        }
        if self.mode == Mode::Diff {
            outcome.diff = crate::fix::unified_diff(&relative_path(&name), &file.text, &fixed.text);
            return Ok(outcome);
        }
        let Some(path) = path else {
            return Ok(outcome);
        };
        if let Err(e) = write_fixed(&path, &fixed.text, file.encoding, &file.text, &bytes) {
            outcome.write_error = Some(e);
            return Ok(outcome);
        }
        // Report what is left in the text as written.
        let again = SourceFile {
            name: file.name.clone(),
            text: fixed.text,
            encoding: file.encoding,
        };
        let (all, reported) = self.lint(&again);
        outcome.fixes = fixed.applied;
        outcome.all = all;
        outcome.checked = Checked {
            name: again.name,
            text: again.text,
            diagnostics: reported,
        };
        Ok(outcome)
    }
}

/// Encode fixed text the way the file was stored.
fn encode(text: &str, encoding: Encoding) -> Result<Vec<u8>, String> {
    match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => Ok(text.as_bytes().to_vec()),
        Encoding::Gb18030 => {
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                Err("修复后的文字无法用 GB18030 编码，文件未修改".to_owned())
            } else {
                Ok(bytes.into_owned())
            }
        }
    }
}

/// Write fixed text over `path`: same encoding (BOM is part of the text),
/// through a temporary file in the same directory and an atomic rename,
/// keeping the file's permissions. Nothing is written when the original
/// bytes would not survive re-encoding.
fn write_fixed(
    path: &Path,
    text: &str,
    encoding: Encoding,
    original_text: &str,
    original_bytes: &[u8],
) -> Result<(), String> {
    if encode(original_text, encoding).ok().as_deref() != Some(original_bytes) {
        return Err(format!(
            "文件不能按原编码（{}）无损写回，未修改",
            encoding.name()
        ));
    }
    let bytes = encode(text, encoding)?;
    let meta = std::fs::metadata(path).map_err(|e| format!("无法读取文件属性：{e}"))?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{file_name}.reportlint-{}.tmp",
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("无法写入修复：{e}（文件未修改）")
    })
}

fn render(args: &CheckArgs, engine: &Engine, checked: &[Checked]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Human => {
            drop(out);
            let mut out = StandardStream::stdout(color_choice(args.color));
            report::render_human(checked, &mut out)?;
            return out.flush();
        }
        Format::Short => report::render_short(checked, &mut out)?,
        Format::Json => report::render_json(checked, &mut out)?,
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
            report::render_sarif(checked, &rules, &mut out)?
        }
        Format::Github => report::render_github(checked, &mut out)?,
        Format::Junit => report::render_junit(checked, &mut out)?,
        Format::Rdjson => report::render_rdjson(checked, &mut out)?,
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
