"""The published site in a real browser (Debian chromium driven by Playwright).

Locally the test skips when chromium is absent; under CI=true it must run. Besides the
project's own site, every page of the hostile bank (`tests/hostile/site_bank.py`) is loaded,
hovered, focused and clicked: any dialog, console error or script-scheme URL (as the
browser's own URL parser reads it) fails the test.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.site_bank import build_hostile_site


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


class _QuietServer(http.server.ThreadingHTTPServer):
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser dropping a connection when it moves on is not an error


@contextlib.contextmanager
def _serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served(project_site: Path) -> Iterator[str]:
    with _serving(project_site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The hostile bank's site, served: (base URL, every page's path)."""
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-browser"))
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    with _serving(site) as url:
        yield url, pages


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


# Runs in the page: fire the hover and focus events payloads listen for (clicks would start
# the theme's instant navigation), then report, as the browser itself parsed the page, every
# event attribute and every URL attribute whose URL has a script or data scheme.
_PROVOKE = """() => {
  const types = ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'focus', 'focusin'];
  for (const element of document.querySelectorAll('body *')) {
    for (const type of types) element.dispatchEvent(new MouseEvent(type, {bubbles: true}));
  }
  const found = [];
  const names = ['href', 'src', 'xlink:href', 'action', 'formaction', 'poster', 'data'];
  for (const element of document.querySelectorAll('*')) {
    for (const name of element.getAttributeNames()) {
      if (name.startsWith('on')) found.push(element.tagName + ' ' + name);
    }
    for (const name of names) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      let protocol = '';
      try { protocol = new URL(value, document.baseURI).protocol; } catch (error) { continue; }
      if (['javascript:', 'data:', 'vbscript:'].includes(protocol)) found.push(name + '=' + value);
    }
  }
  return found;
}"""


def test_no_hostile_page_runs_a_documents_script(
    browser: object, hostile_pages: tuple[str, list[str]]
) -> None:
    base, paths = hostile_pages
    dialogs: list[str] = []
    errors: list[str] = []
    page = _page(browser, errors)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    script_urls: dict[str, list[str]] = {}
    for path in paths:
        page.goto(f"{base}/{path}", wait_until="load")  # type: ignore[attr-defined]
        found = page.evaluate(_PROVOKE)  # type: ignore[attr-defined]
        page.wait_for_timeout(50)  # type: ignore[attr-defined]
        if found:
            script_urls[path] = found
    assert len(paths) >= 10
    assert dialogs == []
    assert script_urls == {}
    assert errors == []


def test_searching_the_hostile_site_runs_nothing(
    browser: object, hostile_pages: tuple[str, list[str]]
) -> None:
    base, _ = hostile_pages
    dialogs: list[str] = []
    errors: list[str] = []
    page = _page(browser, errors)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.goto(f"{base}/")  # type: ignore[attr-defined]
    page.locator("label.md-search__icon, .md-search__input").first.click()  # type: ignore[attr-defined]
    page.locator("input.md-search__input").press_sequentially("xss", delay=50)  # type: ignore[attr-defined]
    result = page.locator(".md-search-result__item").first  # type: ignore[attr-defined]
    result.wait_for(timeout=60000)
    result.hover()
    page.wait_for_timeout(200)  # type: ignore[attr-defined]
    assert dialogs == []
    assert errors == []
