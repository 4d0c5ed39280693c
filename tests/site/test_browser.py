"""The published site in a real browser (Debian chromium driven by Playwright).

Locally the test skips when chromium is absent; under CI=true it must run.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(project_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(project_site))
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: object, errors: list[str]) -> object:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def test_clicking_a_map_node_opens_its_page(browser: object, served: str) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{served}/mbtool/dependency-map/")  # type: ignore[attr-defined]
    node = page.locator("svg g.node", has=page.locator("title", has_text="dockerWorkflow.md")).locator("a")  # type: ignore[attr-defined]
    node.first.click()
    page.wait_for_url("**/memory-bank/dockerWorkflow/")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text().startswith("Docker Workflow Documentation")  # type: ignore[attr-defined]
    assert errors == []


def test_search_finds_a_document_by_a_word_from_its_body(browser: object, served: str) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{served}/")  # type: ignore[attr-defined]
    page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
    # Typed key by key: Material searches on keyboard events, not on a programmatic fill.
    page.locator("input.md-search__input").press_sequentially("intercept", delay=50)  # type: ignore[attr-defined]
    result = page.locator(".md-search-result__item a").first  # type: ignore[attr-defined]
    result.wait_for(timeout=60000)  # the search index loads in a web worker
    assert "dockerWorkflow" in (result.get_attribute("href") or "")
    assert errors == []
