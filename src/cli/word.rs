//! Word documents on the command line: `--convert` for legacy `.doc`/`.wps`
//! (LibreOffice converts a copy in a temporary directory), refusing
//! `--fix`/`--diff`, and `--annotate` (a commented copy beside the original
//! or in `--annotate-dir`, never over the original or an existing file
//! unless `--force`).

use crate::diagnostic::Diagnostic;
use crate::source::docx::{self, DocxError};
use crate::source::{DecodeError, SourceFile};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long LibreOffice may take to convert one document.
const CONVERT_TIMEOUT: Duration = Duration::from_secs(180);

/// Where annotated copies go.
#[derive(Debug, Clone)]
pub(crate) struct Annotate {
    pub(crate) dir: Option<PathBuf>,
    pub(crate) force: bool,
}

/// Decode a document; a legacy Word/WPS file is converted first when
/// `convert` is set. Returns the file and the bytes of the Word package it
/// was read from (the converted copy for a legacy file; none for text).
pub(super) fn decode(
    name: &str,
    bytes: Vec<u8>,
    convert: bool,
) -> Result<(SourceFile, Option<Vec<u8>>), String> {
    match docx::sniff(name, &bytes) {
        // The package is kept for --annotate; a text file's bytes become
        // its text without a copy.
        Ok(true) => {
            let file = SourceFile::decode(name, bytes.clone()).map_err(|e| e.to_string())?;
            Ok((file, Some(bytes)))
        }
        Err(DocxError::Legacy) if convert => {
            let docx = convert_legacy(name, &bytes)?;
            let file = SourceFile::decode(name, docx.clone())
                .map_err(|e| format!("LibreOffice 转换出的 .docx 无法读取：{e}"))?;
            report!(
                "{name}：已用 LibreOffice 转换出一个临时 .docx 副本来检查（原文件未修改），位置按转换后的文字计算。"
            );
            Ok((file, Some(docx)))
        }
        _ => match SourceFile::decode(name, bytes) {
            Ok(file) => Ok((file, None)),
            Err(e @ DecodeError::Docx(DocxError::Legacy)) => Err(format!(
                "{e}{}",
                if soffice().is_some() {
                    "；也可以加 --convert，用 LibreOffice 转换出一个临时副本来检查（原文件不会被修改）"
                } else {
                    ""
                }
            )),
            Err(e) => Err(e.to_string()),
        },
    }
}

/// Why `--fix` / `--diff` do not apply to a Word document.
pub(crate) const NO_FIX: &str = "不能用 --fix 或 --diff 修改 Word 文档：请用 --annotate 生成带批注的副本，在 Word 或 WPS 中按批注修改";

/// Write the annotated copy of a Word document; the path written.
pub(crate) fn write_annotated(
    to: &Annotate,
    source: Option<&Path>,
    name: &str,
    package: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<PathBuf, String> {
    let bytes = docx::annotate_findings(package, diagnostics)
        .map_err(|e| format!("无法生成批注副本：{e}"))?;
    let named = source.map_or_else(|| PathBuf::from(name), Path::to_path_buf);
    let dir = match (&to.dir, source) {
        (Some(d), _) => d.clone(),
        (None, Some(p)) => p.parent().map_or_else(PathBuf::new, Path::to_path_buf),
        (None, None) => {
            return Err("标准输入的批注副本需要用 --annotate-dir 指定写入的目录".to_owned());
        }
    };
    let file_name = named.file_name().unwrap_or_default().to_string_lossy();
    let out = dir.join(docx::annotated_name(&file_name));
    if let Some(src) = source {
        let same = match (std::fs::canonicalize(src), std::fs::canonicalize(&out)) {
            (Ok(a), Ok(b)) => a == b,
            _ => out == src,
        };
        if same {
            return Err(format!("批注副本 {} 会覆盖原文件，未写入", out.display()));
        }
    }
    super::write::write_copy(&out, &bytes, to.force)?;
    Ok(out)
}

/// LibreOffice's command, if it is installed.
fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// A directory removed (with its contents) when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let base = std::env::temp_dir();
        for n in 0..1000u32 {
            let p = base.join(format!("reportlint-convert-{}-{n}", std::process::id()));
            match std::fs::create_dir(&p) {
                Ok(()) => return Ok(TempDir(p)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free temporary directory name"))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Convert a legacy document to `.docx` with LibreOffice, in a temporary
/// directory (the original is only read; its bytes are copied there).
fn convert_legacy(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let soffice = soffice().ok_or_else(|| {
        "--convert 需要 LibreOffice（找不到 soffice 命令；Debian/Ubuntu 可安装 libreoffice-writer-nogui）".to_owned()
    })?;
    let fail = |e: std::io::Error| format!("无法用 LibreOffice 转换：{e}");
    let tmp = TempDir::new().map_err(fail)?;
    let ext = Path::new(name).extension().map_or_else(
        || "doc".to_owned(),
        |e| e.to_string_lossy().to_ascii_lowercase(),
    );
    let input = tmp.0.join(format!("input.{ext}"));
    std::fs::write(&input, bytes).map_err(fail)?;
    let out_dir = tmp.0.join("out");
    let profile = format!("file://{}", tmp.0.join("profile").display());
    let mut child = Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(fail)?;
    let started = Instant::now();
    loop {
        match child.try_wait().map_err(fail)? {
            Some(_) => break,
            None if started.elapsed() > CONVERT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("LibreOffice 转换超时，未检查".to_owned());
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    std::fs::read(out_dir.join("input.docx"))
        .map_err(|_| "LibreOffice 未能转换这个文件（文件可能已损坏）".to_owned())
}
