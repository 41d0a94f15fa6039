//! Reading and annotating small packages built here, one construct each.

use super::zip::{Archive, Budget};
use super::zip_write::{Member, write_archive};
use super::{Comment, DocxError, LineKind, annotate, read};
use crate::span::Span;

mod annotating;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:pStyle w:val="H1"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="5"><w:numStyleLink w:val="ListStyle"/></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1)"/><w:suff w:val="nothing"/></w:lvl></w:lvlOverride></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="5"/></w:num>
</w:numbering>"#;

const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Plain"><w:name w:val="heading 2"/></w:style>
  <w:style w:type="numbering" w:styleId="ListStyle"><w:name w:val="list style"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
</w:styles>"#;

/// A package whose body is `body`, with footnotes, endnotes and comments
/// parts when given.
fn package(body: &str, footnotes: Option<&str>, comments: Option<&str>) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:mc="{MC}" xmlns:wps="urn:wps" xmlns:v="urn:v"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
    );
    let mut members = vec![
        Member::new(
            "[Content_Types].xml",
            br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec(),
        ),
        Member::new(
            "_rels/.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.to_vec(),
        ),
        Member::new("word/document.xml", document.into_bytes()),
        Member::new("word/styles.xml", STYLES.as_bytes().to_vec()),
        Member::new("word/numbering.xml", NUMBERING.as_bytes().to_vec()),
    ];
    if let Some(notes) = footnotes {
        rels.push_str(r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
        members.push(Member::new(
            "word/footnotes.xml",
            format!(r#"<w:footnotes xmlns:w="{W}">{notes}</w:footnotes>"#).into_bytes(),
        ));
    }
    if let Some(c) = comments {
        rels.push_str(r#"<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
        members.push(Member::new(
            "word/comments.xml",
            format!(r#"<w:comments xmlns:w="{W}">{c}</w:comments>"#).into_bytes(),
        ));
    }
    rels.push_str(r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.invalid/" TargetMode="External"/></Relationships>"#);
    members.push(Member::new(
        "word/_rels/document.xml.rels",
        rels.into_bytes(),
    ));
    write_archive(&members)
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn r(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn text(body: &str) -> String {
    read(&package(body, None, None)).unwrap().0
}

#[test]
fn tracked_changes_are_accepted() {
    let body = p(&format!(
        "{}<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>法制</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"a\">{}</w:ins>{}<w:moveFrom w:id=\"3\" w:author=\"a\">{}</w:moveFrom><w:moveTo w:id=\"4\" w:author=\"a\">{}</w:moveTo>",
        r("建设"),
        r("法治"),
        r("政府"),
        r("旧位置"),
        r("新位置")
    ));
    assert_eq!(text(&body), "建设法治政府新位置\n");
    // A deleted paragraph mark joins the next paragraph; a paragraph
    // deleted whole disappears.
    let joined = format!(
        "<w:p><w:pPr><w:rPr><w:del w:id=\"5\" w:author=\"a\"/></w:rPr></w:pPr>{}</w:p>{}<w:p><w:pPr><w:rPr><w:del w:id=\"6\" w:author=\"a\"/></w:rPr></w:pPr><w:del w:id=\"7\" w:author=\"a\"><w:r><w:delText>整段删除</w:delText></w:r></w:del></w:p>{}",
        r("前半句，"),
        p(&r("后半句。")),
        p(&r("下一段。"))
    );
    assert_eq!(text(&joined), "前半句，后半句。\n下一段。\n");
    // A deleted table row is gone with its cells.
    let table = format!(
        "<w:tbl><w:tblPr/><w:tr><w:tc>{}</w:tc></w:tr><w:tr><w:trPr><w:del w:id=\"8\" w:author=\"a\"/></w:trPr><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>",
        p(&r("甲")),
        p(&r("删除的行")),
        p(&r("乙")),
        p(&r("丙"))
    );
    assert_eq!(text(&table), "甲\n乙\n丙\n");
    // Properties before a change are not the paragraph's.
    let changed = "<w:p><w:pPr><w:pPrChange w:id=\"9\" w:author=\"a\"><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>不再编号</w:t></w:r></w:p>";
    assert_eq!(text(changed), "不再编号\n");
}

#[test]
fn fields_hidden_text_and_controls() {
    let field = p(&format!(
        "{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE \\@ \"yyyy年M月d日\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:fldSimple w:instr=\"PAGE\">{}</w:fldSimple>",
        r("日期："),
        r("2025年1月6日"),
        r("，第3页")
    ));
    assert_eq!(text(&field), "日期：2025年1月6日，第3页\n");
    // A field inside another field's code is code too.
    let nested = p(&format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        r("9"),
        r("结果")
    ));
    assert_eq!(text(&nested), "结果\n");
    let hidden = p(&format!(
        "{}<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>",
        r("正文")
    ));
    assert_eq!(text(&hidden), "正文显示\n");
    let placeholder = format!(
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt><w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>",
        p(&r("单击此处输入文字")),
        p(&r("填写的内容"))
    );
    assert_eq!(text(&placeholder), "\n填写的内容\n");
    let chars = p(
        "<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙&amp;丁&#x4E00;</w:t><w:cr/><w:noBreakHyphen/><w:softHyphen/><w:t xml:space=\"preserve\">戊\n己</w:t></w:r>",
    );
    assert_eq!(text(&chars), "甲\t乙 丙&丁一 -戊 己\n");
}

#[test]
fn text_boxes_notes_and_toc() {
    let boxed = p(&format!(
        "{}<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}",
        r("正文前"),
        p(&r("1.框中文字")),
        p(&r("1.框中文字")),
        r("正文后")
    ));
    let bytes = package(&format!("{boxed}{}", p(&r("下一段"))), None, None);
    let (t, info) = read(&bytes).unwrap();
    assert_eq!(t, "正文前正文后\n1.框中文字\n下一段\n");
    assert_eq!(info.lines[1].kind, LineKind::TextBox);
    let notes = r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>注释一</w:t></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>未引用的注释</w:t></w:r></w:p></w:footnote>"#;
    let body = format!(
        "{}{}",
        p(&format!(
            "{}<w:r><w:footnoteReference w:id=\"1\"/></w:r>{}",
            r("正文"),
            r("。")
        )),
        p(&r("结尾"))
    );
    let (t, info) = read(&package(&body, Some(notes), None)).unwrap();
    assert_eq!(t, "正文。\n注释一\n结尾\n");
    assert_eq!(info.lines[1].kind, LineKind::Footnote);
    let toc = format!(
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>TOC \\o \"1-3\"</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}</w:p>{}<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p><w:p><w:pPr><w:pStyle w:val=\"TOC1\"/></w:pPr>{}</w:p>{}",
        r("一、主要举措\t1"),
        p(&r("二、存在的不足\t3")),
        r("三、样式目录"),
        p(&r("一、主要举措"))
    );
    let (t, info) = read(&package(&toc, None, None)).unwrap();
    let kinds: Vec<LineKind> = info.lines.iter().map(|l| l.kind).collect();
    assert_eq!(t.lines().count(), 5);
    assert_eq!(&kinds[..4], &[LineKind::Toc; 4]);
    assert_eq!(kinds[4], LineKind::Body);
}

#[test]
fn numbering_from_paragraphs_styles_and_overrides() {
    let num = |id: u32, lvl: u32, s: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr></w:pPr>{}</w:p>",
            r(s)
        )
    };
    let styled = |s: &str| format!("<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr>{}</w:p>", r(s));
    let body = [
        styled("甲"),
        num(1, 1, "子"),
        p(&r("不在列表中的段落")),
        num(1, 1, "丑"),
        styled("乙"),
        num(1, 1, "寅"),
        // numId 0 switches the style's numbering off.
        "<w:p><w:pPr><w:pStyle w:val=\"H1\"/><w:numPr><w:numId w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>无编号</w:t></w:r></w:p>".to_owned(),
        num(2, 0, "重新从七开始"),
        num(1, 0, "接着编"),
        num(3, 0, "换了格式"),
        num(4, 0, "经编号样式"),
        num(9, 0, "不存在的列表"),
    ]
    .concat();
    let (t, info) = read(&package(&body, None, None)).unwrap();
    assert_eq!(
        t,
        "一、甲\n（一）子\n不在列表中的段落\n（二）丑\n二、乙\n（一）寅\n无编号\n七、重新从七开始\n八、接着编\nI)换了格式\n十、经编号样式\n不存在的列表\n"
    );
    assert_eq!(info.generated.len(), 9);
    let g = &info.generated[0];
    assert_eq!(
        (g.span, g.line, g.num_id, g.level),
        (Span::new(0, 6), 1, 1, 1)
    );
    assert_eq!(info.lines[0].outline, Some(0));
    assert_eq!(info.lines[0].numbering, Some(Span::new(0, 6)));
}

#[test]
fn bad_packages_are_errors() {
    let good = package(&p(&r("正文")), None, None);
    for n in [0, 10, good.len() / 2, good.len() - 1] {
        assert!(read(&good[..n]).is_err(), "truncated at {n}");
    }
    // Damage anywhere: an error or a reading, never a panic.
    for i in (0..good.len()).step_by(7) {
        let mut b = good.clone();
        b[i] ^= 0xA5;
        let _ = read(&b);
        let _ = annotate(
            &b,
            &[Comment {
                span: Some(Span::new(0, 3)),
                paragraphs: vec!["x".into()],
            }],
        );
    }
    // Not well-formed XML.
    let broken = package("<w:p><w:r><w:t>未闭合</w:r></w:p>", None, None);
    assert!(matches!(read(&broken), Err(DocxError::Xml { .. })));
    // A ZIP without a document.
    let other = write_archive(&[Member::new("xl/workbook.xml", b"<workbook/>".to_vec())]);
    assert_eq!(read(&other), Err(DocxError::NotWord("Excel 工作簿，")));
    // Too many entries.
    let many: Vec<Member> = (0..=super::zip::MAX_ENTRIES)
        .map(|i| Member::new(&format!("f{i}"), Vec::new()))
        .collect();
    assert!(matches!(
        read(&write_archive(&many)),
        Err(DocxError::TooManyEntries(_))
    ));
}

#[test]
fn zip_bomb_is_stopped_before_inflating() {
    // A document that says it inflates beyond the budget.
    let body = p(&r("正文"));
    let mut bytes = package(&body, None, None);
    let zip = Archive::parse(&bytes).unwrap();
    let e = zip.entry("word/document.xml").unwrap().clone();
    let huge = (super::zip::MAX_INFLATED as u32).saturating_add(1);
    bytes[e.central.start + 24..e.central.start + 28].copy_from_slice(&huge.to_le_bytes());
    assert_eq!(read(&bytes), Err(DocxError::TooLarge));
    let zip = Archive::parse(&bytes).unwrap();
    let e = zip.entry("word/document.xml").unwrap();
    assert!(matches!(
        zip.read(e, &mut Budget::default()),
        Err(DocxError::TooLarge)
    ));
}
