#!/usr/bin/env python3
"""Build the Word fixtures of tests/fixtures/docx/ (committed, so that
`cargo test` needs neither Python nor LibreOffice).

Two kinds of source, both in our own words and figures:

* Word-style packages written here with the standard library (zipfile), with
  the markup Word and WPS write: heading styles numbered through
  numbering.xml (chineseCounting, "%1、", "（%2）", "%3.", "（%4）"),
  tracked insertions, deletions and a deleted paragraph, a table, a
  footnote, an existing comment, a text box (mc:AlternateContent with a VML
  fallback), a DATE field, hidden text;
* `.fodt` files (OpenDocument flat XML) in this directory, converted by
  LibreOffice headless (`soffice --convert-to docx` / `doc`): LibreOffice's
  own .docx flavour, and a real legacy binary .doc;
* a password-protected copy of the macro-enabled fixture, encrypted by
  msoffcrypto-tool (PyPI) as Word encrypts (an OLE file with an
  EncryptedPackage stream).

Usage: python3 scripts/docx-fixtures/make.py   (soffice on PATH for the .fodt
sources, `pip install msoffcrypto-tool` for the encrypted one; fixtures whose
tool is missing are left as they are, with a SKIP line)
"""

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "fixtures", "docx")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    f'xmlns:w="{W}" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'mc:Ignorable="w14"'
)
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
DATE = "2025-01-16T09:30:00Z"

# ---------------------------------------------------------------- markup


def run(text, rpr=""):
    """A run; text is split at spaces the way Word keeps them."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r w:rsidR="00C41A2B">{props}<w:t{space}>{escape(text)}</w:t></w:r>'


def para(content, style=None, num=None, extra_ppr=""):
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += extra_ppr
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    return f'<w:p w14:paraId="1A2B3C4D" w:rsidR="00C41A2B" w:rsidRDefault="00C41A2B">{props}{content}</w:p>'


def ins(content, i):
    return f'<w:ins w:id="{i}" w:author="审核人" w:date="{DATE}">{content}</w:ins>'


def delete(text, i):
    return (
        f'<w:del w:id="{i}" w:author="审核人" w:date="{DATE}">'
        f'<w:r><w:delText>{escape(text)}</w:delText></w:r></w:del>'
    )


def cell(text):
    return (
        '<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>'
        + para(run(text))
        + "</w:tc>"
    )


def table(rows):
    body = "".join("<w:tr>" + "".join(cell(c) for c in row) + "</w:tr>" for row in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>'
        + body
        + "</w:tbl>"
    )


def textbox(text):
    """A text box as Word 2010+ writes it: DrawingML with a VML fallback
    (the same text twice; a reader must take one)."""
    inner = f"<w:txbxContent>{para(run(text))}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="400000"/><wp:wrapSquare wrapText="bothSides"/>'
        '<wp:docPr id="1" name="文本框 1"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        '<wps:cNvSpPr txBox="1"/><wps:spPr/>'
        f"<wps:txbx>{inner}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        '<v:shape id="文本框 1" type="#_x0000_t202" style="width:157pt;height:31pt">'
        f"<v:textbox>{inner}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def date_field(code, result):
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(code)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + run(result)
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# ---------------------------------------------------------------- parts

STYLES = (
    DECL
    + f'<w:styles xmlns:w="{W}">'
    '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/>'
    '<w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>'
    '<w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr>'
    '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/>'
    '<w:next w:val="a"/><w:qFormat/><w:pPr><w:keepNext/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'
    '<w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/>'
    '<w:next w:val="a"/><w:qFormat/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr>'
    '<w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="a"/><w:qFormat/>'
    '<w:pPr><w:jc w:val="center"/></w:pPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
    '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>'
    "</w:styles>"
)


def lvl(ilvl, fmt, text, suff="nothing", extra=""):
    return (
        f'<w:lvl w:ilvl="{ilvl}" w:tplc="04090019"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl>'
    )


NUMBERING = (
    DECL
    + f'<w:numbering xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
    # The 公文 heading list: 一、 （一） 1. （1）
    '<w:abstractNum w:abstractNumId="0"><w:nsid w:val="2A5B1C3D"/><w:multiLevelType w:val="multilevel"/>'
    + lvl(0, "chineseCounting", "%1、", extra='<w:pStyle w:val="1"/>')
    + lvl(1, "chineseCounting", "（%2）", extra='<w:pStyle w:val="2"/>')
    + lvl(2, "decimal", "%3.", extra='<w:pStyle w:val="3"/>')
    + lvl(3, "decimal", "（%4）")
    + "</w:abstractNum>"
    # A plain list: ① ② in the body text.
    '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="3B6C2D4E"/><w:multiLevelType w:val="hybridMultilevel"/>'
    + lvl(0, "decimalEnclosedCircle", "%1", suff="space")
    + "</w:abstractNum>"
    # Third-level headings numbered "1、" (not the GB/T 9704 form "1.").
    '<w:abstractNum w:abstractNumId="2"><w:nsid w:val="4C7D3E5F"/><w:multiLevelType w:val="singleLevel"/>'
    + lvl(0, "decimal", "%1、")
    + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    "</w:numbering>"
)

FOOTNOTES = (
    DECL
    + f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="a"/></w:pPr>'
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    + run(" 会议次数按县政府办公室的会议记录统计。")
    + "</w:p></w:footnote></w:footnotes>"
)

COMMENTS = (
    DECL
    + f'<w:comments xmlns:w="{W}">'
    '<w:comment w:id="0" w:author="办公室" w:date="2025-01-15T16:00:00Z" w:initials="BGS">'
    '<w:p><w:r><w:annotationRef/></w:r>' + run("请补充与上年的对比。") + "</w:p></w:comment>"
    "</w:comments>"
)


def content_types(extra="", main="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"):
    return (
        DECL
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
        '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        + extra
        + "</Types>"
    )


ROOT_RELS = (
    DECL
    + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def doc_rels(*extra):
    rels = [("styles", "styles.xml"), ("numbering", "numbering.xml")] + list(extra)
    body = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL}{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(rels)
    )
    return (
        DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + body
        + f'<Relationship Id="rId{len(rels) + 1}" Type="{REL}hyperlink" Target="https://www.gov.cn/" TargetMode="External"/>'
        + "</Relationships>"
    )


def document(body):
    sect = (
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>'
        "</w:sectPr>"
    )
    return DECL + f"<w:document {NS}><w:body>{body}{sect}</w:body></w:document>"


def write_package(name, parts):
    """Write a package with fixed time stamps (reproducible bytes)."""
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, date_time=(2025, 1, 16, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    print("wrote", os.path.relpath(path))


# ---------------------------------------------------------------- fixtures


def numbered_report():
    """A draft as a drafting office keeps it in Word: automatic heading
    numbers, review marks, a table, a note, a comment, a text box."""
    h1, h2, h3 = "1", "2", "3"
    body = [
        para(run("关于2024年度法治政府建设情况的报告"), style="Title"),
        para(
            run("2024年，县政府坚持依法行政，")
            + '<w:commentRangeStart w:id="0"/>'
            + run("法治政府建设各项任务稳步推进")
            + '<w:commentRangeEnd w:id="0"/>'
            + '<w:r><w:commentReference w:id="0"/></w:r>'
            + run("。现将有关情况报告如下。")
        ),
        para(run("主要举措和成效"), style=h1),
        para(run("加强组织领导"), style=h2),
        para(
            run("县政府常务会议专题研究法治政府建设工作4次")
            + '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            + run("，审议规范性文件12件。")
            + run("（内部备注：数字待核）", rpr="<w:vanish/>")
        ),
        para(run("规范行政执法"), style=h2),
        para(run("完善执法程序"), style=h3),
        para(
            run("全年办理行政复议案件")
            + delete("48", 11)
            + ins(run("52"), 12)
            + run("件，依法纠错8件，加快建设")
            + delete("法制", 13)
            + ins(run("法治"), 14)
            + run("政府。")
        ),
        para(run("执法人员全部持证上岗。"), num=("2", 0)),
        para(run("重大执法决定全部经过法制审核。"), num=("2", 0)),
        table([["项目", "件数"], ["行政复议", "52"], ["行政应诉", "17"]]),
        # A paragraph deleted with its mark: gone, and its number not counted.
        para(
            delete("推进政务公开。", 15),
            style=h3,
            extra_ppr=f'<w:rPr><w:del w:id="16" w:author="审核人" w:date="{DATE}"/></w:rPr>',
        ),
        para(run("强化执法监督"), style=h3),
        para(run("开展行政执法案卷评查，评查案卷30卷。") + textbox("1.案卷评查结果已在县政府网站公开。")),
        para(run("存在的不足和原因"), style=h1),
        para(run("一是执法队伍专业化水平有待提高；二是基层法治宣传形式较为单一。主要原因是培训投入不足。")),
        # Typed by hand in a list that Word numbers: the next automatic
        # number repeats it.
        para(run("三、党政主要负责人履行推进法治建设第一责任人职责情况")),
        # A finding across two runs (the second one bold).
        para(
            run("县政府主要负责人带头学法，主持县政府常务会议学法3次，推动法")
            + run("制政府建设。", rpr="<w:b/>")
        ),
        para(run("2025年工作安排"), style=h1),
        para(run("加强法治政府建设的组织保障，提升行政执法质量。")),
        para(run("某某县人民政府"), extra_ppr='<w:jc w:val="right"/>'),
        para(date_field('DATE \\@ "yyyy年M月d日"', "2025年1月16日"), extra_ppr='<w:jc w:val="right"/>'),
    ]
    extra_types = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
        '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>'
    )
    write_package(
        "numbered-report.docx",
        [
            ("[Content_Types].xml", content_types(extra_types)),
            ("_rels/.rels", ROOT_RELS),
            ("word/document.xml", document("".join(body))),
            ("word/styles.xml", STYLES),
            ("word/numbering.xml", NUMBERING),
            ("word/footnotes.xml", FOOTNOTES),
            ("word/comments.xml", COMMENTS),
            ("word/_rels/document.xml.rels", doc_rels(("footnotes", "footnotes.xml"), ("comments", "comments.xml"))),
        ],
    )


def manual_mixed():
    """The big headings typed by hand, the sub-headings numbered by Word:
    a typed 一、 does not restart Word's list, so under 二、 the numbers run
    on from （三） — a skipped number in the document as it reads."""
    body = [
        para(run("关于2024年度法治政府建设情况的报告"), style="Title"),
        para(run("2024年，区政府全面推进依法行政，现将有关情况报告如下。")),
        para(run("一、主要举措和成效")),
        para(run("健全依法决策机制"), style="2"),
        para(run("全年提交区政府常务会议审议的重大行政决策事项6件，全部经过合法性审查。")),
        para(run("规范决策程序"), num=("3", 0)),
        para(run("重大决策事项全部公开征求意见。")),
        para(run("深化行政执法改革"), style="2"),
        para(run("全区行政执法机关办理行政处罚案件1260件。")),
        para(run("二、存在的不足和原因")),
        para(run("法治宣传的针对性不强"), style="2"),
        para(run("普法形式比较单一，主要原因是基层人员力量不足。")),
        para(run("三、2025年工作安排")),
        para(run("持续提升依法行政能力。")),
        para(run("某某区人民政府")),
        para(run("2025年2月10日")),
    ]
    write_package(
        "manual-mixed.docx",
        [
            ("[Content_Types].xml", content_types()),
            ("_rels/.rels", ROOT_RELS),
            ("word/document.xml", document("".join(body))),
            ("word/styles.xml", STYLES),
            ("word/numbering.xml", NUMBERING),
            ("word/_rels/document.xml.rels", doc_rels()),
        ],
    )


def macro_enabled():
    """A macro-enabled document (.docm): its text is read, its macros never run."""
    body = [
        para(run("关于2024年度法治政府建设情况的报告"), style="Title"),
        para(run("2024年，镇政府加快建设法制政府，依法履行政府职能。")),
    ]
    main = "application/vnd.ms-word.document.macroEnabled.main+xml"
    types = content_types(
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>', main=main
    )
    write_package(
        "macro-enabled.docm",
        [
            ("[Content_Types].xml", types),
            ("_rels/.rels", ROOT_RELS),
            ("word/document.xml", document("".join(body))),
            ("word/styles.xml", STYLES),
            ("word/numbering.xml", NUMBERING),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 placeholder: never executed"),
            ("word/_rels/document.xml.rels", doc_rels(("vbaProject", "vbaProject.bin"))),
        ],
    )


def disguised():
    """What some systems export as a "Word file": an HTML page named .docx."""
    page = (
        '<html xmlns:w="urn:schemas-microsoft-com:office:word"><head><meta charset="utf-8">'
        "<title>报告</title></head><body><p>关于2024年度法治政府建设情况的报告</p></body></html>"
    )
    path = os.path.join(OUT, "html-export.docx")
    with open(path, "w", encoding="utf-8") as f:
        f.write(page)
    print("wrote", os.path.relpath(path))


def libreoffice(sources):
    """Convert the .fodt sources with LibreOffice (docx, and a legacy .doc)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("SKIP: soffice not found; the LibreOffice fixtures were not rebuilt", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        profile = "file://" + os.path.join(tmp, "profile")
        for src, fmt, out in sources:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", fmt, "--outdir", tmp, os.path.join(HERE, src)],
                check=True, stdout=subprocess.DEVNULL,
            )
            produced = os.path.join(tmp, os.path.splitext(src)[0] + "." + fmt.split(":")[0])
            shutil.copy(produced, os.path.join(OUT, out))
            print("wrote", os.path.relpath(os.path.join(OUT, out)))


def encrypted():
    """A password-protected document (password 报告2024)."""
    src = os.path.join(OUT, "macro-enabled.docm")
    out = os.path.join(OUT, "encrypted.docx")
    try:
        subprocess.run(
            [sys.executable, "-m", "msoffcrypto", "-e", "-p", "报告2024", src, out],
            check=True, stderr=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, OSError):
        print("SKIP: msoffcrypto-tool is not installed; encrypted.docx was not rebuilt", file=sys.stderr)
        return
    print("wrote", os.path.relpath(out))


def main():
    os.makedirs(OUT, exist_ok=True)
    numbered_report()
    manual_mixed()
    macro_enabled()
    disguised()
    encrypted()
    libreoffice([
        ("libreoffice-report.fodt", "docx", "libreoffice-report.docx"),
        ("legacy.fodt", "doc", "legacy.doc"),
    ])


if __name__ == "__main__":
    main()
