//! `reportlint debug text FILE`, `reportlint debug structure FILE` and
//! `reportlint debug quantities FILE`.

use super::{DebugArgs, EXIT_ERROR, ListFormat};
use crate::normalize::Normalized;
use crate::read::{DEFAULT_MAX_FILE_SIZE, read_file_limited, read_limited};
use crate::report::escape_path;
use crate::source::SourceFile;
use crate::structure::Document;

fn read(args: &DebugArgs) -> Result<SourceFile, String> {
    let name = args.file.display().to_string();
    let shown = escape_path(&name);
    let bytes = if name == "-" {
        read_limited(std::io::stdin().lock(), DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| format!("无法读取标准输入：{e}"))?
    } else {
        read_file_limited(&args.file, DEFAULT_MAX_FILE_SIZE)
            .map_err(|e| format!("{shown}：无法读取：{e}"))?
    };
    SourceFile::decode(name, bytes).map_err(|e| format!("{shown}：{e}"))
}

/// The file named on the command line; an error is reported and becomes the
/// exit status.
fn load(args: &DebugArgs) -> Result<SourceFile, u8> {
    match read(args) {
        Ok(file) => Ok(file),
        Err(e) => {
            report!("{:?}", miette::miette!("{e}"));
            Err(EXIT_ERROR)
        }
    }
}

pub(super) fn text(args: &DebugArgs) -> u8 {
    let file = match load(args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    match args.format {
        ListFormat::Json => {
            let v = crate::source::debug::debug_json(&file);
            super::emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"))
        }
        ListFormat::Text => super::emit(&crate::source::debug::debug_text(&file)),
    }
}

pub(crate) fn structure(args: &DebugArgs) -> u8 {
    let file = match load(args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let norm = Normalized::new(&file.text);
    let doc = Document::parse_with_hints(norm.text(), &file.line_hints());
    let map = |s| norm.to_original(s);
    match args.format {
        ListFormat::Json => {
            let v = crate::structure::debug::debug_json(&doc, norm.text(), &file.text, map);
            super::emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"))
        }
        ListFormat::Text => super::emit(&crate::structure::debug::debug_text(
            &doc,
            norm.text(),
            &file.text,
            map,
        )),
    }
}

pub(crate) fn quantities(args: &DebugArgs) -> u8 {
    let file = match load(args) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let norm = Normalized::new(&file.text);
    let qs = crate::quantity::extract(norm.text());
    let map = |s| norm.to_original(s);
    match args.format {
        ListFormat::Json => {
            let v = crate::quantity::debug::debug_json(&qs, norm.text(), map, &file.text);
            super::emit(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"))
        }
        ListFormat::Text => super::emit(&crate::quantity::debug::debug_text(
            &qs,
            norm.text(),
            map,
            &file.text,
        )),
    }
}
