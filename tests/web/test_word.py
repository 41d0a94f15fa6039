"""Word documents on the page, checked against the command line: a .docx is
read by content with the library compiled to WebAssembly and shown read-only
as its text rendering, with the same findings at the same paragraph and
character as `reportlint check`; its annotated copy is byte for byte the one
`reportlint check --annotate` writes; a file that is not a readable Word
document gets the command line's message and leaves the page working."""

import io
import shutil
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from checks import assert_matches_cli, assert_navigation, view_offset
from helpers import (
    WORD_FIXTURES,
    cli_annotate,
    cli_check,
    cli_refusal,
    cli_rendering,
    download_annotated,
    drop_file,
    editor_state,
    generated_ranges,
    marked,
    shot,
    write_temp,
)

NUMBERED = WORD_FIXTURES / "numbered-report.docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def open_word(page, path, expected_findings=None):
    """Drop `path` on the page and wait for it to be shown as a Word
    document; the command line's (exit code, report) and its rendering."""
    drop_file(page, path)
    page.wait_for_function(
        "name => document.getElementById('doc-info').textContent.startsWith(name + ' · Word 文档')",
        arg=Path(path).name,
    )
    code, report = cli_check(path)
    text, lines, notes = cli_rendering(path)
    assert_matches_cli(page, text, report, exit_code=code, word=True)
    return code, report, text, lines, notes


def comments_of(docx_bytes):
    """The comments of a Word package: (author, [paragraph texts]) each."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert "word/document.xml" in names
        root = ET.fromstring(z.read("word/comments.xml"))
    return [
        (
            c.get(f"{W}author"),
            ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p")],
        )
        for c in root.iter(f"{W}comment")
    ]


def unplaced(diagnostics):
    """Findings without the path they were found in."""
    return [{k: v for k, v in d.items() if k != "path"} for d in diagnostics]


def test_word_document_dropped(session):
    page = session.open()
    code, report, text, lines, notes = open_word(page, NUMBERED)
    diags = report["diagnostics"]
    assert code == 1
    # The text box holds the rendering: one paragraph a line, automatic
    # numbers written out.
    state = editor_state(page)
    assert state["value"] == text
    assert page.inner_text("#doc-info") == f"numbered-report.docx · Word 文档 · {len(lines)} 段"
    # The automatic numbers are drawn as generated text, exactly where the
    # command line says they are.
    numbers = [line["numbering"] for line in lines if line["numbering"]]
    assert len(numbers) >= 8
    expected = []
    for n in numbers:
        start, end = view_offset(text, n["start"]), view_offset(text, n["end"])
        if expected and expected[-1][1] == start:
            expected[-1][1] = end
        else:
            expected.append([start, end])
    assert generated_ranges(page) == expected
    # The manual "三、" followed by the automatic "三、": found on the
    # automatic number, which the finding says is Word's numbering.
    words = marked(page)
    [repeat] = [i for i, d in enumerate(diags) if d["rule"] == "gongwen/heading-sequence"]
    assert words[str(repeat)] == "三、"
    assert diags[repeat]["line"] == 25 and lines[24]["numbering"]["text"] == "三、"
    assert "generated" in page.get_attribute(f'#backdrop mark[data-f~="{repeat}"]', "class")
    assert "自动编号" in page.inner_text(f"#finding-{repeat}")
    [fazhi] = [i for i, d in enumerate(diags) if d["rule"] == "fazhi/fazhi-not-fazhi"]
    assert words[str(fazhi)] == "法制政府"
    assert page.inner_text(f"#finding-{fazhi} .where") == "第 24 段第 30 字"

    # Read-only, saying why; no fixes, saying why; an annotated copy instead.
    assert page.is_visible("#word-note")
    assert "只读" in page.inner_text("#word-note")
    assert page.evaluate("document.getElementById('draft').readOnly")
    assert not page.is_visible("#fix")
    assert page.is_visible("#no-fix")
    assert "--fix" in page.inner_text("#no-fix") and "批注" in page.inner_text("#no-fix")
    assert page.inner_text("#annotate") == f"下载带批注的副本（{len(diags)} 个问题）"
    page.focus("#draft")
    page.keyboard.press("Control+End")
    page.keyboard.type("加快建设法制政府")
    page.keyboard.press("Control+V")
    assert editor_state(page)["value"] == text
    shot(page, "word-dropped")

    assert_navigation(page, text, diags)
    # At the caret, what `reportlint debug text` says of the paragraph.
    page.click(f"#finding-{repeat} .goto")
    assert f"第 25 段：{notes[24]}" in page.inner_text("#at-caret")
    assert "“三、”是 Word 的自动编号" in notes[24]
    shot(page, "word-selected")

    # The annotated copy is the command line's, byte for byte.
    name, data = download_annotated(page)
    cli_name, cli_data = cli_annotate(NUMBERED)
    assert name == cli_name == "numbered-report.reportlint.docx"
    assert data == cli_data
    assert "numbered-report.reportlint.docx" in page.inner_text("#annotated")
    # A valid package with one comment per finding, the document's own
    # comment kept.
    comments = comments_of(data)
    ours = [paragraphs[0] for author, paragraphs in comments if author == "reportlint"]
    assert ours == [f"{SEVERITY[d['severity']]} {d['rule']}：{d['message']}" for d in diags]
    assert len(comments) == len(ours) + len(comments_of(NUMBERED.read_bytes()))
    # Comments are not linted: the copy reads as the original.
    with tempfile.TemporaryDirectory() as tmp:
        copy = write_temp(tmp, name, data)
        page.set_input_files("#file", str(copy))
        page.wait_for_function(
            "name => document.getElementById('doc-info').textContent.startsWith(name)", arg=name
        )
        _, again = cli_check(copy)
        assert unplaced(again["diagnostics"]) == unplaced(diags)
        assert_matches_cli(page, text, again, word=True)


def test_word_documents_as_the_command_line_reads_them(session):
    """Every committed Word fixture: the same findings and the same
    annotated copy; a macro-enabled document says its macros never run."""
    page = session.open()
    fixtures = sorted(WORD_FIXTURES.glob("*.doc[xm]"))
    assert len(fixtures) >= 4
    for path in fixtures:
        if path.name in ("encrypted.docx", "html-export.docx"):
            continue
        _, report, *_ = open_word(page, path)
        info = page.inner_text("#doc-info")
        assert ("含宏（宏不会运行）" in info) == (path.suffix == ".docm"), info
        if not report["diagnostics"]:
            assert page.is_disabled("#annotate")
            continue
        name, data = download_annotated(page)
        assert (name, data) == cli_annotate(path), path


def test_word_document_recognised_by_content(session):
    """A Word document named like a text file is read as the command line
    reads it: as a Word document."""
    page = session.open()
    page.click("#example")
    page.wait_for_selector("#findings li.finding")
    assert not page.evaluate("document.getElementById('draft').readOnly")
    with tempfile.TemporaryDirectory() as tmp:
        disguised = Path(tmp) / "草稿.txt"
        shutil.copyfile(NUMBERED, disguised)
        page.set_input_files("#file", str(disguised))
        page.wait_for_function(
            "() => document.getElementById('doc-info').textContent.startsWith('草稿.txt · Word 文档')"
        )
        code, report = cli_check(disguised)
        text, *_ = cli_rendering(disguised)
        assert_matches_cli(page, text, report, exit_code=code, word=True)
        name, data = download_annotated(page)
        assert (name, data) == cli_annotate(disguised)
        assert name == "草稿.reportlint.docx"
    # Back to text: editable again, with fixes.
    page.click("#clear")
    assert not page.evaluate("document.getElementById('draft').readOnly")
    assert page.is_visible("#fix") and not page.is_visible("#annotate")
    assert not page.is_visible("#word-note") and not page.is_visible("#no-fix")


def test_unreadable_word_files_say_why(session):
    page = session.open()
    _, _, text, *_ = open_word(page, NUMBERED)
    original = NUMBERED.read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 3] ^= 0xFF
    with tempfile.TemporaryDirectory() as tmp:
        files = [
            write_temp(tmp, "truncated.docx", original[: len(original) * 2 // 3]),
            write_temp(tmp, "damaged.docx", bytes(damaged)),
            WORD_FIXTURES / "encrypted.docx",
            WORD_FIXTURES / "html-export.docx",
            WORD_FIXTURES / "legacy.doc",
            write_temp(tmp, "legacy.wps", (WORD_FIXTURES / "legacy.doc").read_bytes()),
        ]
        for path in files:
            # The command line offers --convert when LibreOffice is installed;
            # the page cannot run it.
            message = cli_refusal(path).split("；也可以加 --convert")[0]
            page.evaluate("() => { document.getElementById('error').textContent = ''; }")
            drop_file(page, path)
            page.wait_for_selector("#error:not(:empty)")
            assert page.inner_text("#error") == f"{path.name}：{message}"
            # The document shown stays, still checked.
            assert editor_state(page)["value"] == text
            assert page.inner_text("#doc-info").startswith("numbered-report.docx · Word 文档")
        shot(page, "word-unreadable")
        assert all("已损坏" in cli_refusal(p) for p in files[:2])
    assert page.url == session.origin + "/"
    # The page still works afterwards.
    page.fill("#year", "2023")
    page.press("#year", "Tab")
    _, with_year = cli_check(NUMBERED, "--year", "2023")
    assert_matches_cli(page, text, with_year, word=True)
