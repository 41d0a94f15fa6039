"""Fixtures for the web page tests: the built page served on 127.0.0.1, Debian's
Chromium driven by Playwright, and the command-line binary as the oracle.

Run through scripts/web-test.sh, which builds the page and installs what is
needed. Environment: REPORTLINT_WEB_DIST (the built page, default web/dist),
REPORTLINT_BIN (default target/debug/reportlint), REPORTLINT_WEB_ARTIFACTS
(screenshots and downloads, default target/web-test).
"""

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("REPORTLINT_WEB_DIST", ROOT / "web" / "dist"))
ARTIFACTS = Path(os.environ.get("REPORTLINT_WEB_ARTIFACTS", ROOT / "target" / "web-test"))

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class _StaticFiles(http.server.SimpleHTTPRequestHandler):
    """The page's folder as any static web server serves it."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def origin():
    assert (DIST / "index.html").is_file(), f"{DIST} has no built page: run scripts/build-web.sh"
    handler = functools.partial(_StaticFiles, directory=str(DIST))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


class Session:
    """One browser context on the page, recording every request and error."""

    def __init__(self, browser, origin, **context_options):
        self.origin = origin
        self.context = browser.new_context(accept_downloads=True, locale="zh-CN", **context_options)
        self.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
        self.requests = []
        self.errors = []
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )

    def open(self):
        self.page.goto(self.origin + "/")
        self.page.wait_for_selector("body[data-ready=true]", timeout=30_000)
        return self.page

    def outside_requests(self):
        """Requests that left the page's origin (blob: URLs of downloads are
        the page's own)."""
        own = (self.origin + "/", f"blob:{self.origin}/", "data:")
        return [u for u in self.requests if not u.startswith(own)]

    def close(self):
        self.context.close()


@pytest.fixture
def session(browser, origin):
    s = Session(browser, origin, viewport={"width": 1280, "height": 900})
    yield s
    s.close()
    # Every test: nothing but the page's own files, no script errors.
    assert any(u.endswith("/pkg/reportlint_web_bg.wasm") for u in s.requests), s.requests
    assert s.outside_requests() == [], s.outside_requests()
    assert s.errors == []
