//! A small Word writer for tests: lays text into a `.docx`, numbering the
//! GB/T 9704 headings with Word's automatic numbering (the markers leave the
//! text and come back from `numbering.xml`), so that a report can be read as
//! a Word document without committing its text.

use reportlint::normalize::Normalized;
use reportlint::structure::{Document, MarkerForm};

/// A list level: `w:lvlText` and whether it counts in Chinese numerals.
pub(crate) type Level = (String, bool);

/// One paragraph: its text, and the list level (1–4) when Word numbers it.
pub(crate) struct Para {
    pub(crate) text: String,
    pub(crate) level: Option<u8>,
}

/// The paragraphs of `text` (one per line), with each standard heading
/// marker at a line start replaced by automatic numbering — when Word's
/// counters would write exactly that marker there. Also the levels the
/// numbering definition needs: level text (`%1、`, `(%2)` …) and whether the
/// numbers are Chinese.
pub(crate) fn numbered_paragraphs(text: &str) -> (Vec<Para>, [Level; 4]) {
    let norm = Normalized::new(text);
    let doc = Document::parse(norm.text());
    let mut templates: [Option<Level>; 4] = Default::default();
    let mut counters = [0u32; 4];
    let mut numbered = std::collections::HashMap::new();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    for h in &doc.headings {
        let marker = norm.to_original(h.marker.span);
        let Some(&line_start) = line_starts.iter().find(|&&s| s == marker.start) else {
            continue;
        };
        let written = &text[marker.start..marker.end];
        let numeral = numeral_of(written);
        let (Some(numeral), MarkerForm::Standard) = (numeral, h.marker.form) else {
            continue;
        };
        let l = usize::from(h.level - 1);
        let chinese = !numeral.starts_with(|c: char| c.is_ascii_digit());
        let template = (
            written.replacen(numeral, &format!("%{}", l + 1), 1),
            chinese,
        );
        if templates[l].get_or_insert_with(|| template.clone()) != &template {
            continue;
        }
        if h.number != counters[l] + 1 {
            continue;
        }
        counters[l] = h.number;
        for c in &mut counters[l + 1..] {
            *c = 0;
        }
        numbered.insert(line_start, (h.level, marker.end - marker.start));
    }
    let mut paras = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let content = content.strip_prefix('\u{feff}').unwrap_or(content);
        paras.push(match numbered.get(&at) {
            Some(&(level, len)) => Para {
                text: content[len..].to_owned(),
                level: Some(level),
            },
            None => Para {
                text: content.to_owned(),
                level: None,
            },
        });
        at += line.len();
    }
    let templates = templates.map(|t| t.unwrap_or_default());
    (paras, templates)
}

/// The numeral of a marker: `十一` in `十一、`, `3` in `3.`.
fn numeral_of(marker: &str) -> Option<&str> {
    let start = marker.find(|c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))?;
    let rest = &marker[start..];
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || "〇一二三四五六七八九十百".contains(c)))
        .unwrap_or(rest.len());
    Some(&rest[..len])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// How runs are written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Runs {
    /// One plain run per stretch of text.
    Plain,
    /// As Word writes a draft that has been edited: short runs, each with
    /// its revision id and run properties.
    WordLike,
}

/// A `.docx` of `paras`, numbered by one list whose levels write `templates`.
pub(crate) fn write_docx(paras: &[Para], templates: &[Level; 4], runs: Runs) -> Vec<u8> {
    let mut body = String::new();
    for (k, p) in paras.iter().enumerate() {
        if runs == Runs::WordLike {
            body.push_str(&format!(
                "<w:p w14:paraId=\"{k:08X}\" w:rsidR=\"00A{k:05X}\" w:rsidRDefault=\"00C41A2B\">"
            ));
        } else {
            body.push_str("<w:p>");
        }
        if let Some(level) = p.level {
            body.push_str(&format!(
                "<w:pPr><w:numPr><w:ilvl w:val=\"{}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>",
                level - 1
            ));
        }
        for (i, piece) in p.text.split('\t').enumerate() {
            if i > 0 {
                body.push_str("<w:r><w:tab/></w:r>");
            }
            let chars: Vec<char> = piece.chars().collect();
            let size = if runs == Runs::WordLike {
                12
            } else {
                chars.len().max(1)
            };
            for (j, chunk) in chars.chunks(size).enumerate() {
                let text: String = chunk.iter().collect();
                if runs == Runs::WordLike {
                    body.push_str(&format!(
                        "<w:r w:rsidRPr=\"00B{j:05X}\"><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\" w:hint=\"eastAsia\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/></w:rPr>"
                    ));
                } else {
                    body.push_str("<w:r>");
                }
                body.push_str(&format!(
                    "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    escape(&text)
                ));
            }
        }
        body.push_str("</w:p>");
    }
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"{w}\" xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:body>{body}</w:body></w:document>"
    );
    let levels: String = templates
        .iter()
        .enumerate()
        .map(|(i, (t, chinese))| {
            let fmt = if *chinese { "chineseCounting" } else { "decimal" };
            format!(
                "<w:lvl w:ilvl=\"{i}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{fmt}\"/><w:suff w:val=\"nothing\"/><w:lvlText w:val=\"{}\"/></w:lvl>",
                escape(t)
            )
        })
        .collect();
    let numbering = format!(
        "<w:numbering xmlns:w=\"{w}\"><w:abstractNum w:abstractNumId=\"0\">{levels}</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let files: Vec<(&str, String)> = vec![
        (
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_owned(),
        ),
        (
            "_rels/.rels",
            format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ),
        ("word/document.xml", document),
        ("word/numbering.xml", numbering),
        (
            "word/_rels/document.xml.rels",
            format!("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{rel}/numbering\" Target=\"numbering.xml\"/></Relationships>"),
        ),
    ];
    deflated_zip(&files)
}

/// A ZIP archive with every file deflated.
fn deflated_zip(files: &[(&str, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let offset = out.len() as u32;
        let crc = crc32fast::hash(data.as_bytes());
        let packed = miniz_oxide::deflate::compress_to_vec(data.as_bytes(), 6);
        let header = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
            v.extend_from_slice(&8u16.to_le_bytes()); // deflate
            v.extend_from_slice(&0u32.to_le_bytes()); // time, date
            v.extend_from_slice(&crc.to_le_bytes());
            v.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            v.extend_from_slice(&(data.len() as u32).to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes());
        };
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        header(&mut out);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&packed);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        header(&mut central);
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let cd = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
