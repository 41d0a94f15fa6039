"""How fast the page checks a full report, in the browser (benchmark notes in
the README; not a test). Run after scripts/build-web.sh, with the venv that
scripts/web-test.sh makes:

    target/web-venv/bin/python tests/web/bench.py [RUNS]

Takes the largest report of ../shared/corpus twice over (about 30 KB; the
example draft repeated when the corpus is absent), pastes it, then re-checks
it RUNS times (default 30) by switching the fail-on level, and prints the
median and range of the engine call (`check`, from the wasm call to the
parsed result) and of the check with drawing (highlights and list), and the
page's start-up (loading the engine and compiling the packs).
"""

import functools
import http.server
import os
import statistics
import sys
import threading

from conftest import CHROMIUM_ARGS, DIST, ROOT, _StaticFiles
from playwright.sync_api import sync_playwright


def report_text():
    corpus = sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"), key=lambda p: p.stat().st_size)
    one = corpus[-1].read_text(encoding="utf-8") if corpus else (ROOT / "examples" / "draft-report.txt").read_text()
    text = one
    while len(text.encode()) < 30_000:
        text += "\n" + one
    return text


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    text = report_text()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_StaticFiles, directory=str(DIST))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.goto(origin + "/")
        page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        startup = float(page.get_attribute("body", "data-startup-ms"))
        page.fill("#draft", text)
        page.wait_for_function("() => document.querySelectorAll('#findings li').length > 0")
        checks, renders = [], []
        for i in range(runs):
            level = "warning" if i % 2 == 0 else "error"
            before = page.get_attribute("body", "data-renders")
            page.select_option("#fail-on", level)
            # Wait for the count, not a changed time: two runs can take
            # the same hundredths of a millisecond.
            page.wait_for_function(
                "b => document.body.dataset.renders !== b", arg=before
            )
            checks.append(float(page.get_attribute("body", "data-check-ms")))
            renders.append(float(page.get_attribute("body", "data-render-ms")))
        findings = page.eval_on_selector_all("#findings li.finding", "l => l.length")
        browser.close()
    server.shutdown()
    print(f"{len(text.encode())} 字节，{findings} 个问题，{runs} 次")
    print(f"启动（加载引擎、编译规则包）：{startup:.0f} ms")
    for name, xs in (("检查", checks), ("检查并绘制", renders)):
        print(f"{name}：中位数 {statistics.median(xs):.1f} ms（{min(xs):.1f}–{max(xs):.1f}）")


if __name__ == "__main__":
    main()
