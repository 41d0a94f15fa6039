//! reportlint in the browser: a thin wasm-bindgen binding over the library.
//!
//! The page (`web/app.js`) calls these functions. Decoding, every rule, the
//! fixes and the JSON contract are the library's, run exactly as the command
//! line runs them with the built-in packs; nothing here judges a text. What
//! the binding adds is what a browser needs: UTF-16 offsets for highlighting
//! spans in a `<textarea>`, and bytes to download.
//!
//! A Word document (recognised by content, as on the command line) is
//! checked as its text rendering, one paragraph per line; it cannot be
//! fixed (the command line refuses `--fix` on it too), but its annotated
//! copy — the findings as Word comments — is what `--annotate` writes.

use reportlint::diagnostic::Severity;
use reportlint::engine::Engine;
use reportlint::pack;
use reportlint::report::{self, Checked, Summary};
use reportlint::rules::CheckOptions;
use reportlint::source::{Encoding, SourceFile, debug, docx};
use reportlint::span::Span;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The built-in rule packs as JSON: `[{"id","name","description"}]`.
#[wasm_bindgen(js_name = builtinPacks)]
pub fn builtin_packs() -> Result<String, JsError> {
    let packs = pack::load_builtin(None).map_err(pack_error)?;
    let list: Vec<serde_json::Value> = packs
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.manifest.id,
                "name": p.manifest.name,
                "description": p.manifest.description,
            })
        })
        .collect();
    Ok(serde_json::Value::Array(list).to_string())
}

/// Why a Word document is not fixed on the page (the page shows it).
#[wasm_bindgen(js_name = wordFixRefusal)]
pub fn word_fix_refusal() -> String {
    NO_FIX.to_owned()
}

/// A document to check: a file decoded as the command line decodes it, or
/// the text of the page's text box.
#[wasm_bindgen]
pub struct Draft {
    file: SourceFile,
    /// The file's bytes while the draft is that file unedited.
    original: Option<Vec<u8>>,
}

#[wasm_bindgen]
impl Draft {
    /// Decode the bytes of the file called `name` (UTF-8 with or without
    /// BOM, GB18030/GBK); the error is the command line's message.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(name: &str, bytes: Vec<u8>) -> Result<Draft, JsError> {
        let file =
            SourceFile::decode(name, bytes.clone()).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Draft {
            file,
            original: Some(bytes),
        })
    }

    /// Text typed or pasted, for a document saved in `encoding` (an
    /// [`Draft::encoding`] name: an edited file keeps its encoding).
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(name: &str, text: String, encoding: &str) -> Result<Draft, JsError> {
        let encoding = [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Gb18030]
            .into_iter()
            .find(|e| e.name() == encoding)
            .ok_or_else(|| JsError::new(&format!("未知的编码“{encoding}”")))?;
        let mut file = SourceFile::from_text(name, text);
        file.encoding = encoding;
        Ok(Draft {
            file,
            original: None,
        })
    }

    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.file.text.clone()
    }

    /// `UTF-8`, `UTF-8 (BOM)` or `GB18030`.
    #[wasm_bindgen(getter)]
    pub fn encoding(&self) -> String {
        self.file.encoding.name().to_owned()
    }

    /// A Word document: [`Draft::text`] is its text rendering.
    #[wasm_bindgen(getter)]
    pub fn word(&self) -> bool {
        self.file.docx.is_some()
    }

    /// For a Word document, what its rendering is made of, as JSON
    /// (`undefined` for text):
    ///
    /// ```text
    /// {"macros": bool,                       // a .docm: its macros never run
    ///  "generated": [{"start","end"}, …],    // automatic numbers (UTF-16)
    ///  "notes": [[string, …], …]}            // per paragraph, as `debug text`
    /// ```
    #[wasm_bindgen(js_name = wordRendering)]
    pub fn word_rendering(&self) -> Option<String> {
        let info = self.file.docx.as_ref()?;
        let index = Utf16Index::new(&self.file.text);
        let generated: Vec<_> = self.file.generated().map(|s| index.view(s)).collect();
        let notes: Vec<_> = (0..info.lines.len())
            .map(|i| debug::line_notes(&self.file, i))
            .collect();
        let json = serde_json::json!({
            "macros": info.macros,
            "generated": generated,
            "notes": notes,
        });
        Some(json.to_string())
    }

    /// The name of the annotated copy of this Word document, as
    /// `--annotate` names it (`报告.docx` → `报告.reportlint.docx`).
    #[wasm_bindgen(getter, js_name = annotatedName)]
    pub fn annotated_name(&self) -> String {
        docx::annotated_name(&self.file.name)
    }
}

/// Options of a check, as the page sends them (JSON).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageOptions {
    /// `--year`.
    #[serde(default)]
    year: Option<i32>,
    /// `--published`, `YYYY-MM-DD`.
    #[serde(default)]
    published: Option<String>,
    /// `--fail-on` (default `error`).
    #[serde(default)]
    fail_on: Option<Severity>,
}

impl PageOptions {
    fn parse(json: &str) -> Result<(CheckOptions, Severity), String> {
        let o: PageOptions = serde_json::from_str(json).map_err(|e| format!("选项无效：{e}"))?;
        let published = match o.published.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => match reportlint::structure::date::parse_date_at(s) {
                Some(d) if d.span.end == s.len() => Some((d.year, d.month, d.day)),
                _ => return Err(format!("“{s}”不是有效日期，请写作 YYYY-MM-DD")),
            },
        };
        Ok((
            CheckOptions {
                year: o.year,
                published,
            },
            o.fail_on.unwrap_or(Severity::Error),
        ))
    }
}

/// The built-in packs a page selected, compiled once.
#[wasm_bindgen]
pub struct Linter {
    engine: Engine,
}

#[wasm_bindgen]
impl Linter {
    /// Compile the built-in packs named in `packs` (like `packs:` in
    /// `reportlint.yaml`; the `reportlint` rules about suppression comments
    /// are always there).
    #[wasm_bindgen(constructor)]
    pub fn new(packs: Vec<String>) -> Result<Linter, JsError> {
        let known = pack::builtin_pack_ids();
        if let Some(bad) = packs.iter().find(|p| !known.contains(&p.as_str())) {
            return Err(JsError::new(&format!("没有名为“{bad}”的内置规则包")));
        }
        let packs = pack::load_builtin(Some(&packs)).map_err(pack_error)?;
        let engine = Engine::new(packs).map_err(pack_error)?;
        Ok(Linter { engine })
    }

    /// Check a draft with every rule of the packs. Returns JSON:
    ///
    /// ```text
    /// {"report": <the `--format json` document>,
    ///  "views": [{"span": {"start","end"} | null,      // per diagnostic
    ///             "labels": [{"start","end"}, …]}, …],
    ///  "fails": bool}                     // a finding at or above fail_on
    /// ```
    ///
    /// `views` are the diagnostics' spans and their labels' spans as UTF-16
    /// offsets into the text as a `<textarea>` holds it, where a CR LF pair
    /// is one line break.
    pub fn check(&self, draft: &Draft, options: &str) -> Result<String, JsError> {
        let (options, fail_on) = PageOptions::parse(options).map_err(|e| JsError::new(&e))?;
        let file = &draft.file;
        let diagnostics = self.engine.check(file, &options);
        let index = Utf16Index::new(&file.text);
        let views: Vec<serde_json::Value> = diagnostics
            .iter()
            .map(|d| {
                let labels: Vec<_> = d.labels.iter().map(|l| index.view(l.span)).collect();
                serde_json::json!({"span": d.span.map(|s| index.view(s)), "labels": labels})
            })
            .collect();
        let checked = [Checked {
            name: file.name.clone(),
            text: file.text.clone(),
            diagnostics,
        }];
        let fails = Summary::of(&checked, &[]).fails(fail_on);
        let mut contract = Vec::new();
        report::render_json(&checked, &[], &mut contract)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let contract = String::from_utf8(contract).map_err(|e| JsError::new(&e.to_string()))?;
        let views = serde_json::to_string(&views).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(format!(
            "{{\"report\":{},\"views\":{views},\"fails\":{fails}}}",
            contract.trim_end()
        ))
    }

    /// Apply every safe fix once, as `reportlint check --fix` does, and
    /// encode the result as the draft is stored. As on the command line, a
    /// file that would not survive re-encoding is not fixed.
    pub fn fix(&self, draft: &Draft, options: &str) -> Result<Fixed, JsError> {
        let (options, _) = PageOptions::parse(options).map_err(|e| JsError::new(&e))?;
        let file = &draft.file;
        if file.docx.is_some() {
            return Err(JsError::new(NO_FIX));
        }
        if let Some(original) = &draft.original {
            if file.encoding.encode(&file.text).as_ref() != Some(original) {
                return Err(JsError::new(&format!(
                    "文件不能按原编码（{}）无损保存，不能修复",
                    file.encoding.name()
                )));
            }
        }
        let diagnostics = self.engine.check(file, &options);
        let fixed = reportlint::fix::apply(&file.text, &diagnostics);
        let bytes = file.encoding.encode(&fixed.text).ok_or_else(|| {
            JsError::new("修复后的文字含有 GB18030 无法表示的字符，不能按原编码保存")
        })?;
        Ok(Fixed {
            diff: reportlint::fix::unified_diff(&file.name, &file.text, &fixed.text),
            text: fixed.text,
            bytes,
            applied: fixed.applied,
            skipped: fixed.skipped,
        })
    }

    /// The document with every finding as a Word comment: byte for byte
    /// the copy `reportlint check --annotate` writes with the same options.
    pub fn annotate(&self, draft: &Draft, options: &str) -> Result<Vec<u8>, JsError> {
        let (options, _) = PageOptions::parse(options).map_err(|e| JsError::new(&e))?;
        let (Some(_), Some(package)) = (&draft.file.docx, &draft.original) else {
            return Err(JsError::new("只有 Word 文档（.docx）才有带批注的副本"));
        };
        let diagnostics = self.engine.check(&draft.file, &options);
        docx::annotate_findings(package, &diagnostics)
            .map_err(|e| JsError::new(&format!("无法生成批注副本：{e}")))
    }

    /// The explanation of a rule (Markdown, as `reportlint explain` prints
    /// it); `undefined` for an unknown rule.
    pub fn explain(&self, rule: &str) -> Option<String> {
        let info = self.engine.rule(rule)?;
        Some(report::explanation(&self.engine, info))
    }
}

/// The text after every safe fix.
#[wasm_bindgen]
pub struct Fixed {
    text: String,
    bytes: Vec<u8>,
    diff: String,
    applied: usize,
    skipped: usize,
}

#[wasm_bindgen]
impl Fixed {
    #[wasm_bindgen(getter)]
    pub fn text(&self) -> String {
        self.text.clone()
    }

    /// The fixed text encoded like the original file (what `--fix` writes).
    #[wasm_bindgen(getter)]
    pub fn bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// A unified diff, as `--diff` shows it; empty when nothing changed.
    #[wasm_bindgen(getter)]
    pub fn diff(&self) -> String {
        self.diff.clone()
    }

    /// Fixes applied.
    #[wasm_bindgen(getter)]
    pub fn applied(&self) -> usize {
        self.applied
    }

    /// Fixes left for the next run because they overlap one applied.
    #[wasm_bindgen(getter)]
    pub fn skipped(&self) -> usize {
        self.skipped
    }
}

/// Byte offsets of a text → UTF-16 offsets of the same text in a
/// `<textarea>`, whose value holds every line break (CR LF, CR, LF) as one
/// LF.
struct Utf16Index {
    /// For each byte offset, the UTF-16 offset of the character it is in.
    at: Vec<u32>,
}

impl Utf16Index {
    fn new(text: &str) -> Self {
        let mut at = vec![0; text.len() + 1];
        let mut units = 0u32;
        let bytes = text.as_bytes();
        for (i, c) in text.char_indices() {
            at[i..i + c.len_utf8()].fill(units);
            let crlf = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
            if !crlf {
                units += c.len_utf16() as u32;
            }
        }
        at[text.len()] = units;
        Utf16Index { at }
    }

    fn view(&self, span: Span) -> serde_json::Value {
        let at = |i: usize| self.at[i.min(self.at.len() - 1)];
        serde_json::json!({"start": at(span.start), "end": at(span.end)})
    }
}

/// Why a Word document is not fixed on the page.
const NO_FIX: &str = "Word 文档不能在网页中自动修复（命令行的 --fix 同样不改写 .docx）：请下载带批注的副本，在 Word 或 WPS 中按批注修改";

fn pack_error(e: pack::PackError) -> JsError {
    JsError::new(&e.to_string())
}
