"""The web page in a real browser (Debian's Chromium through Playwright),
checked against the command line: the same findings, highlighted on the
right words, the same fixed file, no request leaving the page's origin
(asserted after every test by the `session` fixture)."""

import json
import tempfile

from checks import assert_fix_matches_cli, assert_matches_cli, assert_navigation
from conftest import DIST, Session
from helpers import (
    EXAMPLE,
    FIXTURES,
    cli,
    cli_check,
    cli_explain,
    drop_file,
    editor_selection,
    editor_state,
    mark_classes,
    marked,
    paste,
    shot,
    span_text,
    wait_for_check,
    write_temp,
)

def test_example_draft_pasted(session):
    page = session.open()
    text = EXAMPLE.read_text(encoding="utf-8")
    paste(page, text)
    code, report = cli_check(EXAMPLE)
    assert_matches_cli(page, text, report, exit_code=code)
    # The findings a reader of the example expects, on the right words.
    diags = report["diagnostics"]
    words = marked(page)
    expected = {
        "fazhi/fazhi-not-fazhi": "法制政府",
        "gongwen/enumeration-sequence": "四是",
        "gongwen/heading-sequence": "（四）",
        "fazhi/plan-year": "2024",
    }
    for rule, word in expected.items():
        hits = [i for i, d in enumerate(diags) if d["rule"] == rule]
        assert hits, rule
        assert words[str(hits[0])] == word, rule
    assert "error" in mark_classes(page, diags.index(next(d for d in diags if d["rule"] == "fazhi/fazhi-not-fazhi")))
    shot(page, "example-pasted")
    assert_navigation(page, text, diags)
    shot(page, "example-selected")

    fixed = assert_fix_matches_cli(page, EXAMPLE)
    # In the diff, the changed characters of each changed line are marked.
    changed = "ms => ms.map(m => m.textContent)"
    assert page.eval_on_selector_all("#diff .del mark", changed) == ["制", "-", "政府", "[", "]"]
    assert page.eval_on_selector_all("#diff .add mark", changed) == ["治", "—", "〔", "〕"]
    shot(page, "example-fixes", full_page=True)
    # Taking the fixed text re-checks it: what `--fix` reports afterwards.
    page.click("#adopt")
    with tempfile.TemporaryDirectory() as tmp:
        after = write_temp(tmp, "fixed.txt", fixed)
        _, remaining = cli_check(after)
    assert_matches_cli(page, fixed.decode(), remaining)


def test_gb18030_crlf_file_dropped(session):
    path = FIXTURES / "gb18030-crlf.txt"
    raw = path.read_bytes()
    text = raw.decode("gb18030")
    assert "\r\n" in text and "𠮷" in text
    page = session.open()
    drop_file(page, path)
    code, report = cli_check(path)
    assert_matches_cli(page, text, report, exit_code=code)
    assert page.inner_text("#doc-info") == "gb18030-crlf.txt · GB18030 · CRLF"
    rules = [d["rule"] for d in report["diagnostics"]]
    assert "fazhi/fazhi-not-fazhi" in rules  # after the four-byte 𠮷 on its line
    shot(page, "gb18030-dropped")
    assert_navigation(page, text, report["diagnostics"])
    assert_fix_matches_cli(page, path)

    # Edited: re-checked as typed; the file keeps GB18030 and CR LF.
    page.click("#close-fix")
    page.focus("#draft")
    page.keyboard.press("Control+End")
    page.keyboard.type("附件：加快建设法制政府的情况")
    edited = editor_state(page)["value"].replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        copy = write_temp(tmp, "gb18030-crlf.txt", edited.encode("gb18030"))
        code, report = cli_check(copy)
        page.wait_for_function(
            "n => document.querySelectorAll('#findings li.finding').length === n",
            arg=len(report["diagnostics"]),
        )
        assert_matches_cli(page, edited, report, exit_code=code)
        assert_fix_matches_cli(page, copy)


def test_traditional_draft_chosen(session):
    path = FIXTURES / "traditional.txt"
    text = path.read_text(encoding="utf-8")
    page = session.open()
    page.set_input_files("#file", str(path))
    code, report = cli_check(path)
    assert_matches_cli(page, text, report, exit_code=code)
    words = marked(page)
    for i, d in enumerate(report["diagnostics"]):
        if d["rule"] == "shuzi/breakdown":
            assert "30件" in words[str(i)]
    shot(page, "traditional-chosen")
    assert_navigation(page, text, report["diagnostics"])
    assert_fix_matches_cli(page, path)


# A draft whose title and opening state no year, with no closing date.
UNDATED = """某区人民政府关于法治政府建设情况的报告

一、主要举措和成效
全年办理行政复议案件20件，纠错4件，纠错率25%。组织依法行政培训3期。
二、存在的不足和原因
一是依法行政能力有待提升，原因是培训覆盖面不够。
三、党政主要负责人履行推进法治建设第一责任人职责情况
区政府主要负责人专题研究法治工作4次。
四、2024年工作安排
（一）加强行政执法监督。
"""


def test_options_as_on_the_command_line(session):
    page = session.open()
    paste(page, UNDATED)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_temp(tmp, "undated.txt", UNDATED)
        code, report = cli_check(path)
        assert_matches_cli(page, UNDATED, report, exit_code=code)

        page.fill("#year", "2024.5")
        page.wait_for_selector("#error:not(:empty)")
        assert page.inner_text("#error") == "报告年度“2024.5”应是整数年份，如 2024"
        page.fill("#year", "2024")
        page.fill("#published", "2025-04-20")
        page.select_option("#fail-on", "warning")
        page.press("#published", "Tab")
        options = ["--year", "2024", "--published", "2025-04-20", "--fail-on", "warning"]
        code, with_options = cli_check(path, *options)
        rules = {d["rule"] for d in with_options["diagnostics"]}
        assert {"fazhi/plan-year", "fazhi/publication-deadline"} <= rules, rules
        page.wait_for_function(
            "n => document.querySelectorAll('#findings li.finding').length === n",
            arg=len(with_options["diagnostics"]),
        )
        assert_matches_cli(page, UNDATED, with_options, fail_on="warning", exit_code=code)
        shot(page, "options")

        # Packs: like `packs: [fazhi, gongwen]` in reportlint.yaml.
        page.uncheck("#packs input[value=shuzi]")
        config = write_temp(tmp, "reportlint.yaml", "packs: [fazhi, gongwen]\n")
        code, out = cli("check", "--config", str(config), "--format", "json", *options, str(path))
        report = json.loads(out)
        assert all(not d["rule"].startswith("shuzi/") for d in report["diagnostics"])
        page.wait_for_function(
            "n => document.querySelectorAll('#findings li.finding').length === n",
            arg=len(report["diagnostics"]),
        )
        assert_matches_cli(page, UNDATED, report, fail_on="warning", exit_code=code)


def test_keyboard_and_explanations(session):
    page = session.open()
    page.click("#example")
    text = EXAMPLE.read_text(encoding="utf-8")
    _, report = cli_check(EXAMPLE)
    diags = report["diagnostics"]
    wait_for_check(page, len(diags))
    spanned = [d for d in diags if d["span"]]
    # F8 in the text box: the next finding; Shift+F8: the previous one.
    page.focus("#draft")
    page.keyboard.press("Control+Home")
    page.keyboard.press("F8")
    assert editor_selection(page) == span_text(text, spanned[0]["span"])
    page.keyboard.press("F8")
    assert editor_selection(page) == span_text(text, spanned[1]["span"])
    page.keyboard.press("Shift+F8")
    assert editor_selection(page) == span_text(text, spanned[0]["span"])
    # A finding is a button: Enter on it selects its words.
    page.focus("#finding-3 .goto")
    page.keyboard.press("Enter")
    assert editor_selection(page) == span_text(text, diags[3]["span"])
    # Its rule's explanation opens from the keyboard and is `reportlint explain`.
    page.focus("#finding-0 summary")
    page.keyboard.press("Enter")
    page.wait_for_selector("#finding-0 .explain h4")
    body = page.inner_text("#finding-0 .explain")
    flat = "".join(body.split())
    for line in cli_explain(diags[0]["rule"]).splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith("- "):
            line = line[2:]
        if not line or line.startswith("```"):
            continue
        plain = "".join(line.replace("`", "").replace("**", "").split())
        assert plain in flat, line
    shot(page, "explanation")


def test_readable_at_200_percent_zoom(browser, origin):
    # 200% zoom of a 1280 × 900 window: half the CSS pixels, twice as dense.
    s = Session(browser, origin, viewport={"width": 640, "height": 450}, device_scale_factor=2)
    try:
        page = s.open()
        page.click("#example")
        _, report = cli_check(EXAMPLE)
        wait_for_check(page, len(report["diagnostics"]))
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        # Draft and results stack instead of squeezing side by side.
        draft = page.locator("#draft").bounding_box()
        results = page.locator("#results").bounding_box()
        assert results["y"] >= draft["y"] + draft["height"]
        shot(page, "zoom-200", full_page=True)
        assert s.outside_requests() == []
        assert s.errors == []
    finally:
        s.close()


def test_unreadable_files_say_why(session):
    page = session.open()
    with tempfile.TemporaryDirectory() as tmp:
        png = write_temp(tmp, "scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
        # Dropped anywhere on the page: read by the page, which stays.
        drop_file(page, png, target="#results")
        page.wait_for_selector("#error:not(:empty)")
        assert page.inner_text("#error") == "scan.png：不是文本文件（含有二进制内容）"
        utf16 = write_temp(tmp, "u16.txt", "\ufeff法治政府建设".encode("utf-16-le"))
        page.set_input_files("#file", str(utf16))
        page.wait_for_function(
            "() => document.getElementById('error').textContent.startsWith('u16.txt')"
        )
        assert "UTF-16" in page.inner_text("#error")
        assert page.url == session.origin + "/"
    # The page still works afterwards.
    paste(page, EXAMPLE.read_text(encoding="utf-8"))
    _, report = cli_check(EXAMPLE)
    wait_for_check(page, len(report["diagnostics"]))
    assert page.inner_text("#error") == ""


def test_page_files_name_nothing_outside():
    """The built files refer to no other host (no CDN, fonts or analytics)."""
    files = [p for p in DIST.rglob("*") if p.suffix in (".html", ".js", ".css")]
    assert {p.name for p in files} >= {"index.html", "app.js", "style.css", "reportlint_web.js"}
    for path in files:
        body = path.read_text(encoding="utf-8")
        for outside in ("http://", "https://", "//cdn", "@import", "url("):
            assert outside not in body, (path, outside)
