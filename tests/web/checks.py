"""What every test of the page asserts: the page shows what the command line
reports (findings, highlights, locations, counts, verdict), selects the right
words, and downloads what the command line writes."""

from helpers import (
    cli,
    cli_fix,
    download_fixed,
    editor_selection,
    editor_state,
    first_char_point,
    listed,
    mark_classes,
    mark_visible,
    marked,
    span_text,
    wait_for_check,
)

RANK = {"info": 0, "warning": 1, "error": 2}


def view_offset(text, byte_offset):
    """A byte offset of `text` as a UTF-16 offset in the text box."""
    before = text.encode()[:byte_offset].decode().replace("\r\n", "\n").replace("\r", "\n")
    return len(before.encode("utf-16-le")) // 2


def assert_matches_cli(page, text, report, fail_on="error", exit_code=None, word=False):
    """The page lists the command line's findings in order, each highlighted
    on exactly the words of its span, coloured by severity, at the same line
    and column (a Word document's paragraph and character), with the counts
    and the verdict."""
    diags = report["diagnostics"]
    wait_for_check(page, len(diags))
    rows = listed(page)
    assert [(r["rule"], r["severity"], r["message"]) for r in rows] == [
        (d["rule"], d["severity"], d["message"]) for d in diags
    ]
    words = marked(page)
    for i, (row, d) in enumerate(zip(rows, diags)):
        assert row["help"] == (f"建议：{d['help']}" if d["help"] else None)
        if not d["span"]:
            assert row["where"] == "针对全文"
            assert str(i) not in words
            continue
        place = "第 {line} 段第 {column} 字" if word else "第 {line} 行第 {column} 列"
        assert row["where"] == place.format(**d)
        assert words.get(str(i), "") == span_text(text, d["span"]), (i, d)
        classes = mark_classes(page, i)
        assert classes, (i, d)
        for c in classes:
            assert RANK[c.split()[0]] >= RANK[d["severity"]], (i, c, d)
    s = report["summary"]
    assert page.inner_text("#counts") == (
        f"{s['errors']} 个错误，{s['warnings']} 个警告，{s['infos']} 个提示"
    )
    failing = {"error": s["errors"], "warning": s["errors"] + s["warnings"]}.get(
        fail_on, s["errors"] + s["warnings"] + s["infos"]
    )
    verdict = page.inner_text("#verdict")
    assert verdict.startswith("不通过" if failing else "通过"), verdict
    if exit_code is not None:
        assert verdict.startswith("不通过") == (exit_code == 1)


def assert_navigation(page, text, diags):
    """Clicking a finding selects its words in the text box and scrolls to
    them; clicking on highlighted text shows a finding that covers it."""
    for i, d in enumerate(diags):
        page.click(f"#finding-{i} .goto")
        state = editor_state(page)
        if not d["span"]:
            continue
        assert state["focused"]
        assert editor_selection(page) == span_text(text, d["span"]), (i, d)
        assert (state["start"], state["end"]) == (
            view_offset(text, d["span"]["start"]),
            view_offset(text, d["span"]["end"]),
        )
        # Its labels (the figures a finding compares) select their words.
        for k, label in enumerate(d.get("labels", [])):
            page.locator(f"#finding-{i} .label-link").nth(k).click()
            assert editor_selection(page) == span_text(text, label["span"]), (i, label)
        page.click(f"#finding-{i} .goto")
        if d["span"]["start"] == d["span"]["end"]:
            continue
        assert mark_visible(page, i), (i, d)
        assert page.get_attribute(f"#finding-{i}", "class").split()[-1] == "active"
        # Click the first highlighted character: the caret lands just before
        # it (the marks are drawn exactly under the text box's text) and the
        # finding there is shown.
        point = first_char_point(page, i)
        page.mouse.click(point["x"], point["y"])
        caret = editor_state(page)["start"]
        assert caret == view_offset(text, d["span"]["start"]), (i, d)
        covering = [
            e["message"]
            for e in diags
            if e["span"]
            and view_offset(text, e["span"]["start"]) <= caret < view_offset(text, e["span"]["end"])
        ]
        shown = page.inner_text("#at-caret")
        assert any(m in shown for m in covering), (shown, covering)
        active = page.eval_on_selector_all("#findings li.active", "ls => ls.map(l => l.id)")
        assert len(active) == 1


def assert_fix_matches_cli(page, path, *options):
    """The downloaded fixed file is byte for byte what `--fix` writes; the
    diff shown is `--diff`'s below its file header."""
    name, data = download_fixed(page)
    assert data == cli_fix(path, *options)
    assert "-已修复" in name
    code, diff = cli("check", "--isolated", "--diff", *options, str(path))
    assert code == 1
    expected = diff.decode().replace("\r", "")
    shown = page.inner_text("#diff")
    assert shown.splitlines()[2:] == expected.splitlines()[2:]
    return data
