//! `reportlint debug text`: the text the rules see, line by line, so that
//! every reported location can be looked up — for a Word document its text
//! rendering, one line per paragraph, with what is not in the document's
//! text (automatic numbers) and where each line comes from (a table, a
//! note, a text box) said on a line of its own.

use super::SourceFile;
use super::docx::LineKind;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// Mark of a line that describes the line above; never part of the text.
const NOTE: &str = "┆";

/// The lines of `file` with their numbers.
pub fn debug_text(file: &SourceFile) -> String {
    let mut out = String::new();
    let lines: Vec<&str> = file.text.lines().collect();
    let width = lines.len().max(1).to_string().len();
    match &file.docx {
        Some(d) => {
            let _ = writeln!(
                out,
                "{}：Word 文档，{} 段。行号是段落号，列号按字符计；“{NOTE}”开头的行是说明，不是文档的文字。{}",
                file.name,
                lines.len(),
                if d.macros {
                    "（含宏：宏不会运行）"
                } else {
                    ""
                }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}：文本文件（{}），{} 行。",
                file.name,
                file.encoding.name(),
                lines.len()
            );
        }
    }
    for (i, text) in lines.iter().enumerate() {
        let _ = writeln!(out, "{:>width$} │ {text}", i + 1);
        let notes = line_notes(file, i);
        if !notes.is_empty() {
            let _ = writeln!(out, "{:>width$} {NOTE} {}", "", notes.join("；"));
        }
    }
    out
}

/// What is worth saying about line `index` (0-based) of a Word document,
/// beyond its text: where it comes from (a table, a note, a text box), its
/// heading style, its automatic number. Empty for text files. `debug text`
/// prints these under the line; the web page shows them at the caret.
pub fn line_notes(file: &SourceFile, index: usize) -> Vec<String> {
    let Some(line) = file.docx.as_ref().and_then(|d| d.lines.get(index)) else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    if line.kind != LineKind::Body {
        notes.push(line.kind.label().to_owned());
    }
    if let Some(o) = line.outline {
        let style = line.style.as_deref().unwrap_or("");
        notes.push(format!("标题样式 {style}（大纲 {} 级）", o + 1));
    }
    if let Some(n) = line.numbering {
        let start = file.text.get(..n.start).map_or(0, |t| {
            t.rfind('\n').map_or(t, |i| &t[i + 1..]).chars().count()
        });
        let number = file.text.get(n.start..n.end).unwrap_or("");
        let shown = number.trim_end();
        let chars = shown.chars().count();
        let (list, level) = file
            .docx
            .as_ref()
            .and_then(|d| d.generated.iter().find(|g| g.span == n))
            .map_or((0, 0), |g| (g.num_id, g.level));
        let tail = match number.len() - shown.len() {
            0 => "",
            _ if number.ends_with('\t') => "，其后是一个制表符",
            _ => "，其后是一个空格",
        };
        let place = if chars <= 1 {
            format!("第 {} 个字符", start + 1)
        } else {
            format!("第 {}–{} 个字符", start + 1, start + chars)
        };
        notes.push(format!(
            "“{shown}”是 Word 的自动编号（{place}{tail}；列表 {list} 第 {level} 级），不在文档的文字中"
        ));
    }
    notes
}

/// The same as JSON: `{path, format, lines: [{line, text, start, end, …}]}`.
pub fn debug_json(file: &SourceFile) -> Value {
    let mut at = 0;
    let mut lines = Vec::new();
    for (i, text) in file.text.split_inclusive('\n').enumerate() {
        let content = text.trim_end_matches(['\n', '\r']);
        let mut v = json!({
            "line": i + 1,
            "text": content,
            "start": at,
            "end": at + content.len(),
        });
        if let Some(line) = file.docx.as_ref().and_then(|d| d.lines.get(i)) {
            v["kind"] = json!(line.kind);
            v["style"] = json!(line.style);
            v["outline"] = json!(line.outline.map(|o| o + 1));
            v["numbering"] = match line.numbering {
                Some(n) => json!({
                    "start": n.start,
                    "end": n.end,
                    "text": file.text.get(n.start..n.end).unwrap_or(""),
                }),
                None => Value::Null,
            };
        }
        lines.push(v);
        at += text.len();
    }
    json!({
        "path": file.name,
        "format": if file.docx.is_some() { "docx" } else { "text" },
        "lines": lines,
    })
}
