"""The command line as the oracle, and what the page shows, read from its DOM."""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import ARTIFACTS, ROOT

BIN = Path(os.environ.get("REPORTLINT_BIN", ROOT / "target" / "debug" / "reportlint"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
WORD_FIXTURES = ROOT / "tests" / "fixtures" / "docx"
EXAMPLE = ROOT / "examples" / "draft-report.txt"


def cli(*args, cwd=None, unreadable=False):
    """Run the binary; (exit code, stdout). Exit 2 (a file that cannot be
    read) only when `unreadable`."""
    assert BIN.is_file(), f"{BIN} missing: cargo build first"
    done = subprocess.run([str(BIN), *args], capture_output=True, cwd=cwd, timeout=60)
    assert done.returncode in ((2,) if unreadable else (0, 1)), done.stderr.decode(errors="replace")
    return done.returncode, done.stdout


def cli_check(path, *options):
    """`reportlint check --format json` on a file: (exit code, report)."""
    code, out = cli("check", "--isolated", "--format", "json", *options, str(path))
    return code, json.loads(out)


def cli_fix(path, *options):
    """The bytes `reportlint check --fix` writes for a copy of `path`."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(path).name
        shutil.copyfile(path, copy)
        cli("check", "--isolated", "--fix", *options, str(copy))
        return copy.read_bytes()


def cli_refusal(path):
    """Why `reportlint check` cannot read `path` (its JSON `errors` message)."""
    _, out = cli("check", "--isolated", "--format", "json", str(path), unreadable=True)
    [error] = json.loads(out)["errors"]
    return error["message"]


def cli_rendering(path):
    """A Word document as `reportlint debug text` shows it: the text the
    rules see (one paragraph a line) and, for each paragraph, the note
    printed under it ("" when none)."""
    _, out = cli("debug", "text", "--format", "json", str(path))
    lines = json.loads(out)["lines"]
    text = "".join(line["text"] + "\n" for line in lines)
    for line, following in zip(lines, lines[1:]):
        assert following["start"] == line["end"] + 1, (line, following)
    _, out = cli("debug", "text", str(path))
    notes = []
    for row in out.decode().splitlines()[1:]:
        if row.lstrip().startswith("┆ "):
            notes[-1] = row.lstrip()[2:]
        else:
            notes.append("")
    assert len(notes) == len(lines)
    return text, lines, notes


def cli_annotate(path, *options):
    """The copy `reportlint check --annotate` writes for a copy of `path`:
    (its name, its bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / Path(path).name
        shutil.copyfile(path, copy)
        cli("check", "--isolated", "--annotate", *options, str(copy))
        [written] = [p for p in Path(tmp).iterdir() if p != copy]
        return written.name, written.read_bytes()


def cli_explain(rule):
    _, out = cli("explain", "--isolated", rule)
    return out.decode()


def write_temp(directory, name, data):
    path = Path(directory) / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def span_text(text, span):
    """The characters of a byte span of `text`, as the page's text box holds
    them (line breaks as LF)."""
    raw = text.encode()[span["start"] : span["end"]].decode()
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def shot(page, name, **options):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), **options)


# ---------------------------------------------------------------- the page


def wait_for_check(page, count):
    """Wait until the page lists `count` findings (0: its "no problem" line)."""
    if count:
        page.wait_for_function(
            "n => document.querySelectorAll('#findings li.finding').length === n", arg=count
        )
    else:
        page.wait_for_function(
            "() => document.querySelector('#findings li.none') !== null"
        )


def listed(page):
    """The findings list, in order."""
    return page.eval_on_selector_all(
        "#findings li.finding",
        """items => items.map(li => ({
            rule: li.dataset.rule,
            severity: li.dataset.severity,
            message: li.querySelector('.message').textContent,
            where: li.querySelector('.where').textContent,
            help: (li.querySelector('.help') || {}).textContent || null,
        }))""",
    )


def marked(page):
    """For each finding index, the text of the marks drawn for it."""
    return page.evaluate(
        """() => {
            const out = {};
            for (const m of document.querySelectorAll('#backdrop mark'))
                for (const i of m.dataset.f.split(' ')) out[i] = (out[i] || '') + m.textContent;
            return out;
        }"""
    )


def mark_classes(page, index):
    return page.eval_on_selector_all(
        f'#backdrop mark[data-f~="{index}"]', "ms => ms.map(m => m.className)"
    )


def editor_selection(page):
    return page.evaluate(
        """() => { const e = document.getElementById('draft');
                   return e.value.substring(e.selectionStart, e.selectionEnd); }"""
    )


def editor_state(page):
    return page.evaluate(
        """() => { const e = document.getElementById('draft');
                   return {start: e.selectionStart, end: e.selectionEnd, value: e.value,
                           focused: document.activeElement === e}; }"""
    )


def mark_visible(page, index):
    """Whether finding `index`'s first mark lies inside the text box's view."""
    return page.evaluate(
        """i => { const e = document.getElementById('draft');
                  const m = document.querySelector(`#backdrop mark[data-f~="${i}"]`);
                  if (!m) return false;
                  const box = e.getBoundingClientRect(), r = m.getBoundingClientRect();
                  return r.top >= box.top && r.bottom <= box.bottom; }""",
        index,
    )


def first_char_point(page, index):
    """A point over the left part of the first character marked for finding
    `index` (where a click puts the caret just before that character)."""
    return page.evaluate(
        """i => { const m = document.querySelector(`#backdrop mark[data-f~="${i}"]`);
                  const r = document.createRange();
                  r.setStart(m.firstChild, 0); r.setEnd(m.firstChild, 1);
                  const b = r.getBoundingClientRect();
                  return {x: b.left + b.width * 0.3, y: b.top + b.height / 2}; }""",
        index,
    )


def paste(page, text):
    """Paste `text` into the empty text box with the clipboard and Ctrl+V."""
    page.click("#clear")
    page.evaluate("t => navigator.clipboard.writeText(t)", text)
    page.focus("#draft")
    page.keyboard.press("Control+V")


def drop_file(page, path, target="#editor"):
    """Drop a file on the text box (or another part of the page), as dragging
    it from a file manager does."""
    data = list(Path(path).read_bytes())
    transfer = page.evaluate_handle(
        """([name, bytes]) => { const t = new DataTransfer();
                                t.items.add(new File([new Uint8Array(bytes)], name));
                                return t; }""",
        [Path(path).name, data],
    )
    page.dispatch_event(target, "dragover", {"dataTransfer": transfer})
    page.dispatch_event(target, "drop", {"dataTransfer": transfer})


def download_annotated(page):
    """Download a Word document's annotated copy: (its name, its bytes)."""
    with page.expect_download() as info:
        page.click("#annotate")
    return save_download(info.value)


def save_download(download):
    target = ARTIFACTS / "downloads" / download.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(str(target))
    return download.suggested_filename, target.read_bytes()


def generated_ranges(page):
    """The text box ranges drawn as a Word document's automatic numbers,
    adjacent ones joined: [[start, end], …] in UTF-16 offsets."""
    return page.evaluate(
        """() => { const out = [];
                   let at = 0;
                   const walk = (node, generated) => {
                     for (const n of node.childNodes) {
                       if (n.nodeType === Node.TEXT_NODE) {
                         const end = at + n.length;
                         if (generated) {
                           const last = out[out.length - 1];
                           if (last && last[1] === at) last[1] = end; else out.push([at, end]);
                         }
                         at = end;
                       } else walk(n, generated || n.classList.contains('generated'));
                     }
                   };
                   walk(document.getElementById('backdrop'), false);
                   return out; }"""
    )


def download_fixed(page):
    """Apply the safe fixes and download the fixed file; its bytes."""
    page.click("#fix")
    page.wait_for_selector("#fix-panel:not([hidden])")
    with page.expect_download() as info:
        page.click("#download")
    return save_download(info.value)
