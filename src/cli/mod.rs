//! The command line: `check` (default), `rules`, `explain`, `debug`.
//!
//! Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage,
//! configuration, pack or I/O error.
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// `eprintln!` that does not panic when standard error is closed
/// (`reportlint … 2>&1 | head`): the message is dropped and the exit status
/// still says what happened.
macro_rules! report {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod check;
mod debug;
mod document;
pub(crate) mod files;
mod interrupt;
mod output;
pub(crate) mod setup;
pub(crate) mod show;
mod suggest;
mod word;
mod write;

use crate::diagnostic::Severity;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status: no findings at or above `--fail-on`.
pub(crate) const EXIT_CLEAN: u8 = 0;
/// Exit status: findings at or above `--fail-on`.
pub(crate) const EXIT_FINDINGS: u8 = 1;
/// Exit status: usage, configuration, pack or I/O error.
pub(crate) const EXIT_ERROR: u8 = 2;

/// Write a command's output to standard output. A closed pipe
/// (`reportlint rules | head`) ends the output quietly, like other Unix
/// tools; any other write error is reported.
pub(crate) fn emit(text: &str) -> u8 {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => EXIT_CLEAN,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_CLEAN,
        Err(e) => {
            report!("错误：无法写出结果：{e}");
            EXIT_ERROR
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "reportlint",
    version,
    about = "检查法治政府建设年度报告草稿：结构、编号、数字、用语",
    long_about = "检查法治政府建设年度报告草稿：必备部分、标题编号、数字一致性、规范用语。\n不带子命令时等同于 `reportlint check`。",
    args_conflicts_with_subcommands = true
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查文件或目录（默认子命令）
    Check(CheckArgs),
    /// 列出已加载的规则
    Rules(RulesArgs),
    /// 显示一条规则的说明和示例
    Explain(ExplainArgs),
    /// 显示文档结构等内部分析结果（调试用）
    #[command(subcommand)]
    Debug(DebugCommand),
    /// 作为语言服务器（LSP）运行，经标准输入输出为编辑器提供检查结果
    #[command(
        long_about = "作为语言服务器（LSP）运行，经标准输入输出为编辑器提供检查结果。\n配置文件从每个文档所在的目录向上查找；--config、--isolated、--pack 与 check 的同名选项相同。"
    )]
    Lsp(LspArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct LspArgs {
    #[command(flatten)]
    pub(crate) sources: RuleSources,
}

/// Where rules come from; shared by every subcommand.
#[derive(Debug, Clone, Args)]
pub(crate) struct RuleSources {
    /// 额外加载一个规则包目录（可重复）
    #[arg(long = "pack", value_name = "DIR")]
    pub(crate) packs: Vec<PathBuf>,
    /// 使用指定的配置文件（默认从当前目录向上查找 reportlint.yaml）
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// 不读取任何配置文件
    #[arg(long, conflicts_with = "config")]
    pub(crate) isolated: bool,
}

/// Where rules come from and whether validated user packs are cached; the
/// language server loads packs once per session and never caches, so it
/// takes only [`RuleSources`].
#[derive(Debug, Clone, Args)]
pub(crate) struct PackArgs {
    #[command(flatten)]
    pub(crate) sources: RuleSources,
    /// 不读写规则包缓存（用户规则包每次都重新解析、校验）
    #[arg(
        long,
        env = "REPORTLINT_NO_CACHE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub(crate) no_cache: bool,
    /// 规则包缓存目录（默认：配置文件所在目录，没有配置文件时当前目录下的 .reportlint_cache）
    #[arg(
        long,
        value_name = "DIR",
        env = "REPORTLINT_CACHE_DIR",
        conflicts_with = "no_cache"
    )]
    pub(crate) cache_dir: Option<PathBuf>,
}

// The variants' docs are clap's help text: `[rule]` is literal there.
#[allow(rustdoc::broken_intra_doc_links)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// 带源码摘录的可读输出
    Human,
    /// 每条问题一行：path:line:col: severity[rule] message
    Short,
    /// 一个 JSON 文档（供脚本使用）
    Json,
    /// SARIF 2.1.0（GitHub code scanning 等）
    Sarif,
    /// GitHub Actions 注释（::error file=…）
    Github,
    /// JUnit XML（GitLab、Jenkins 测试报告）
    Junit,
    /// reviewdog 诊断格式（rdjson）
    Rdjson,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
}

impl From<FailOn> for Severity {
    fn from(f: FailOn) -> Severity {
        match f {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub(crate) struct CheckArgs {
    /// 要检查的文件或目录；`-` 表示标准输入（默认：当前目录）
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// 何时使用颜色（也遵守 NO_COLOR 环境变量）
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
    /// 达到此级别的问题使退出码为 1（默认 error）
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// 文档未写明年份时使用的报告年度
    #[arg(long, value_name = "YEAR")]
    pub(crate) year: Option<i32>,
    /// 发布日期（YYYY-MM-DD），覆盖文档中的日期
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub(crate) published: Option<(i32, u32, u32)>,
    /// 从标准输入读取时显示的文件名
    #[arg(long, value_name = "NAME")]
    pub(crate) stdin_filename: Option<String>,
    /// 只运行这些规则（规则 id 或规则包 id，逗号分隔，可重复）
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub(crate) select: Vec<String>,
    /// 不运行这些规则（规则 id 或规则包 id，逗号分隔，可重复）
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
    /// 只报告基线文件中没有记录的问题
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// 把当前的全部问题写入基线文件（不报告问题，退出码 0）
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub(crate) write_baseline: Option<PathBuf>,
    /// 应用问题附带的安全修复，写回文件，然后报告剩下的问题
    #[arg(long, conflicts_with = "diff")]
    pub(crate) fix: bool,
    /// 以统一 diff 格式显示修复，不写文件（有修改时退出码 1）
    #[arg(long)]
    pub(crate) diff: bool,
    /// 文件大小上限，如 64MB、512KB（默认 64MB）；超过的文件报错，不检查
    #[arg(long, value_name = "SIZE", value_parser = crate::read::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    /// 把问题作为批注写入 Word 文档的副本（报告.docx → 报告.reportlint.docx），不修改原文件
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    pub(crate) annotate: bool,
    /// 批注副本写入这个目录（默认与原文件同目录）
    #[arg(long, value_name = "DIR", requires = "annotate")]
    pub(crate) annotate_dir: Option<PathBuf>,
    /// 批注副本已存在时覆盖它
    #[arg(long, requires = "annotate")]
    pub(crate) force: bool,
    /// 用 LibreOffice 把旧版 .doc/.wps 转换成临时的 .docx 副本再检查（原文件不变）
    #[arg(long)]
    pub(crate) convert: bool,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct RulesArgs {
    /// 输出格式
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub(crate) format: ListFormat,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ExplainArgs {
    /// 规则 id，如 fazhi/first-duty-section
    pub(crate) rule: String,
    #[command(flatten)]
    pub(crate) packs: PackArgs,
}

#[derive(Debug, Subcommand)]
enum DebugCommand {
    /// 逐行显示规则检查的文字（Word 文档：每段一行，自动编号单独说明）
    Text(DebugArgs),
    /// 显示识别出的标题、章节、段落、列举等结构
    Structure(DebugArgs),
    /// 显示识别出的数字、单位、类别、约数和指标词
    Quantities(DebugArgs),
}

#[derive(Debug, Clone, Args)]
pub(crate) struct DebugArgs {
    /// 要分析的文件；`-` 表示标准输入
    pub(crate) file: PathBuf,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub(crate) format: ListFormat,
}

fn parse_date(s: &str) -> Result<(i32, u32, u32), String> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let bad = || format!("“{s}”不是有效日期，请写作 YYYY-MM-DD");
    let [y, m, d] = parts.as_slice() else {
        return Err(bad());
    };
    let (y, m, d) = (
        y.parse::<i32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
        d.parse::<u32>().map_err(|_| bad())?,
    );
    if !(1900..=2200).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return Err(bad());
    }
    Ok((y, m, d))
}

/// Run the command line; the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            });
        }
    };
    let code = match cli.command {
        None => check::run(&cli.check),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Rules(args)) => show::rules(&args),
        Some(Command::Explain(args)) => show::explain(&args),
        Some(Command::Debug(DebugCommand::Text(args))) => debug::text(&args),
        Some(Command::Debug(DebugCommand::Structure(args))) => debug::structure(&args),
        Some(Command::Debug(DebugCommand::Quantities(args))) => debug::quantities(&args),
        Some(Command::Lsp(args)) => crate::lsp::run(&args.sources),
    };
    ExitCode::from(code)
}
