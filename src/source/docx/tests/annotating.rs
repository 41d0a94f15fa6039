//! Annotating packages built here: comments anchored on exact spans, other
//! entries kept, damaged XML never a panic.

use super::super::zip::{Archive, Budget};
use super::super::{Comment, annotate, annotated_name, read};
use super::{W, p, package, r};
use crate::span::Span;

/// The text each comment of an annotated package is anchored on (document
/// order of ids), read back from the XML.
fn anchored(bytes: &[u8]) -> Vec<(String, String)> {
    let zip = Archive::parse(bytes).unwrap();
    let mut out = Vec::new();
    for part in ["word/document.xml", "word/footnotes.xml"] {
        let Some(e) = zip.entry(part) else { continue };
        let xml = String::from_utf8(zip.read(e, &mut Budget::default()).unwrap()).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let mut open: Vec<(String, String)> = Vec::new();
        for n in doc.descendants() {
            let w = |name: &str| n.tag_name().namespace() == Some(W) && n.tag_name().name() == name;
            let id = || n.attribute((W, "id")).unwrap_or("").to_owned();
            if w("commentRangeStart") {
                open.push((id(), String::new()));
            } else if w("commentRangeEnd") {
                if let Some(i) = open.iter().position(|(o, _)| *o == id()) {
                    out.push(open.remove(i));
                }
            } else if w("t") && !n.ancestors().any(|a| a.tag_name().name() == "del") {
                for (_, t) in &mut open {
                    t.push_str(n.text().unwrap_or(""));
                }
            } else if w("tab") && n.parent().is_some_and(|p| p.tag_name().name() == "r") {
                for (_, t) in &mut open {
                    t.push('\t');
                }
            }
        }
    }
    out
}

fn comment(span: Span) -> Comment {
    Comment {
        span: Some(span),
        paragraphs: vec!["检查意见".to_owned(), "第二段 <&> 说明".to_owned()],
    }
}

#[test]
fn annotations_anchor_on_exact_spans() {
    let body = [
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>主要举措</w:t></w:r></w:p>".to_owned(),
        p(&format!(
            "<w:r><w:rPr><w:b/></w:rPr><w:t>加快建设法</w:t></w:r><w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t>制政</w:t></w:r></w:ins><w:r><w:t>府，</w:t><w:tab/><w:t>全年</w:t></w:r><w:commentRangeStart w:id=\"3\"/>{}<w:commentRangeEnd w:id=\"3\"/><w:r><w:commentReference w:id=\"3\"/></w:r>",
            r("办理案件 52 件。")
        )),
        p(&format!("{}<w:r><w:footnoteReference w:id=\"1\"/></w:r>", r("注释所在段"))),
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_owned(),
    ]
    .concat();
    let notes = r#"<w:footnote w:id="1"><w:p><w:r><w:t>脚注文字</w:t></w:r></w:p></w:footnote>"#;
    let existing = r#"<w:comment w:id="3" w:author="人"><w:p><w:r><w:t>原有批注</w:t></w:r></w:p></w:comment>"#;
    let bytes = package(&body, Some(notes), Some(existing));
    let (t, _) = read(&bytes).unwrap();
    let at = |s: &str| {
        let i = t.find(s).unwrap();
        Span::new(i, i + s.len())
    };
    let spans = [
        at("法制政府"),                                // across three runs, one inside w:ins
        at("建设"),                                    // inside one run
        at("加快"),                                    // at a run's start
        at("府，\t全"),                                // across a tab
        at("52"),                         // inside a run with an existing comment around it
        at("主要举措"),                   // on a heading with an automatic number
        at("一、"),                       // on the number itself
        at("脚注文字"),                   // in the footnotes part
        at("单元格"),                     // in a table cell
        at("注释所在段\n脚注文字\n单元"), // into other flows: ends in its own
        Span::new(at("全年").start, at("全年").start), // empty
    ];
    let comments: Vec<Comment> = spans.iter().map(|s| comment(*s)).collect();
    let out = annotate(&bytes, &comments).unwrap();
    // The copy reads exactly as the original.
    assert_eq!(read(&out).unwrap().0, t);
    let got: Vec<String> = {
        let mut a = anchored(&out);
        a.retain(|(id, _)| id != "3");
        a.sort_by_key(|(id, _)| id.parse::<i64>().unwrap());
        a.into_iter().map(|(_, s)| s).collect()
    };
    assert_eq!(
        got,
        [
            "法制政府",
            "建设",
            "加快",
            "府，\t全",
            "52",
            "主要举措",
            "主要举措",
            "脚注文字",
            "单元格",
            "注释所在段",
            ""
        ]
    );
    // The existing comment keeps its range; new ids do not collide.
    let zip = Archive::parse(&out).unwrap();
    let e = zip.entry("word/comments.xml").unwrap();
    let xml = String::from_utf8(zip.read(e, &mut Budget::default()).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "comment")
        .map(|n| n.attribute((W, "id")).unwrap())
        .collect();
    assert_eq!(ids[0], "3");
    assert_eq!(ids.len(), 12);
    assert!(ids[1..].iter().all(|i| i.parse::<i64>().unwrap() > 3));
    assert!(xml.contains("第二段 &lt;&amp;&gt; 说明"));
    assert!(
        anchored(&out)
            .iter()
            .any(|(id, s)| id == "3" && s == "办理案件 52 件。")
    );
}

#[test]
fn annotating_adds_comments_part_and_keeps_other_entries() {
    let bytes = package(&p(&r("加快建设法制政府。")), None, None);
    let out = annotate(
        &bytes,
        &[
            comment(Span::new(12, 24)),
            Comment {
                span: None,
                paragraphs: vec!["全文".into()],
            },
        ],
    )
    .unwrap();
    let before = Archive::parse(&bytes).unwrap();
    let after = Archive::parse(&out).unwrap();
    for e in &before.entries {
        let a = after.entry(&e.name).unwrap();
        let changed = [
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "[Content_Types].xml",
        ];
        if !changed.contains(&e.name.as_str()) {
            assert_eq!(
                &bytes[e.record.clone()],
                &out[a.record.clone()],
                "{}",
                e.name
            );
        }
    }
    let read_part = |name: &str| {
        let e = after.entry(name).unwrap();
        String::from_utf8(after.read(e, &mut Budget::default()).unwrap()).unwrap()
    };
    assert!(read_part("word/comments.xml").contains("w:author=\"reportlint\""));
    let rels = read_part("word/_rels/document.xml.rels");
    assert!(
        rels.contains("Id=\"rId10\"") && rels.contains("relationships/comments"),
        "{rels}"
    );
    assert!(read_part("[Content_Types].xml").contains("/word/comments.xml"));
    let got: Vec<String> = anchored(&out).into_iter().map(|(_, s)| s).collect();
    assert_eq!(got, ["法制政府", "加快建设法制政府。"]);
    // Annotating the annotated copy again works and adds to its comments.
    let again = annotate(&out, &[comment(Span::new(0, 6))]).unwrap();
    assert_eq!(anchored(&again).len(), 3);
}

#[test]
fn comment_text_xml_cannot_hold_is_dropped_not_written() {
    // A message quoting damaged text: a control character and U+FFFF would
    // make comments.xml ill-formed, and Word would refuse the whole file.
    let bytes = package(&p(&r("加快建设法制政府。")), None, None);
    let out = annotate(
        &bytes,
        &[Comment {
            span: Some(Span::new(12, 24)),
            paragraphs: vec!["“法制\u{1}政府\u{FFFF}” <应为> “法治政府”".into()],
        }],
    )
    .unwrap();
    let zip = Archive::parse(&out).unwrap();
    let e = zip.entry("word/comments.xml").unwrap();
    let xml = String::from_utf8(zip.read(e, &mut Budget::default()).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed comments part");
    let text: String = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(text, "“法制政府” <应为> “法治政府”");
}

/// Damaged XML inside an intact package: an error or a reading, never a
/// panic; and whatever reads can be annotated into a copy that reads the same.
#[test]
fn mutated_xml_never_panics_and_annotates_consistently() {
    let body = [
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>主要举措</w:t></w:r></w:p>".to_owned(),
        p(&format!(
            "{}<w:ins w:id=\"1\" w:author=\"a\">{}</w:ins><w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>旧</w:delText></w:r></w:del><w:r><w:tab/><w:t>尾&amp;</w:t></w:r>",
            r("加快建设法"),
            r("制政府")
        )),
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>".to_owned(),
    ]
    .concat();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pieces: [&[u8]; 8] = [
        b"<",
        b">",
        b"/",
        b"\"",
        b"&",
        b"<w:p>",
        b"</w:r>",
        b"\xE6\xB3",
    ];
    let mut read_ok = 0;
    for _ in 0..1500 {
        let mut xml = body.clone().into_bytes();
        for _ in 0..1 + next() % 2 {
            let at = (next() as usize) % (xml.len() + 1);
            match next() % 3 {
                0 => {
                    let piece = pieces[(next() as usize) % pieces.len()];
                    xml.splice(at..at, piece.iter().copied());
                }
                1 if at < xml.len() => {
                    let end = (at + 1 + (next() as usize) % 8).min(xml.len());
                    xml.drain(at..end);
                }
                _ if at < xml.len() => xml[at] = next() as u8,
                _ => {}
            }
        }
        let Ok(xml) = String::from_utf8(xml) else {
            continue;
        };
        let bytes = package(&xml, None, None);
        let Ok((text, _)) = read(&bytes) else {
            continue;
        };
        read_ok += 1;
        let spans: Vec<Comment> = (0..text.len())
            .step_by(5)
            .filter(|&i| text.is_char_boundary(i))
            .map(|i| comment(Span::new(i, i)))
            .collect();
        let copy = annotate(&bytes, &spans).unwrap();
        assert_eq!(read(&copy).unwrap().0, text, "{xml}");
    }
    assert!(read_ok > 100, "only {read_ok} mutants read");
}

#[test]
fn annotated_copy_names() {
    assert_eq!(annotated_name("报告.docx"), "报告.reportlint.docx");
    assert_eq!(annotated_name("宏.DOCM"), "宏.reportlint.docm");
    assert_eq!(annotated_name("旧稿.doc"), "旧稿.reportlint.docx");
    assert_eq!(annotated_name("x.txt"), "x.reportlint.docx");
    assert_eq!(annotated_name("a.b.docx"), "a.b.reportlint.docx");
    assert_eq!(annotated_name("无扩展名"), "无扩展名.reportlint.docx");
    assert_eq!(annotated_name(".docx"), ".docx.reportlint.docx");
    assert_eq!(annotated_name(""), "document.reportlint.docx");
}
