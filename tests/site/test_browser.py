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


# -- the interactive map on a generated bank of 200 documents ------------------------------------------


@pytest.fixture(scope="module")
def generated_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`bench/generate.py`'s 200-document bank, built and served."""
    from bench.generate import generate
    from mbtool.cli import run

    root = tmp_path_factory.mktemp("generated-200")
    bank = generate(root / "project", 200)
    site = root / "site"
    assert run(["build", str(bank), "--site-dir", str(site)]) in (0, 1)
    with _serving(site) as url:
        yield url


def _view_box(page: object) -> list[float]:
    text = page.locator(".mbtool-map-picture:not([hidden]) svg").get_attribute("viewBox")  # type: ignore[attr-defined]
    return [float(value) for value in (text or "").split()]


def test_the_map_pans_zooms_searches_and_opens_a_page(
    browser: object, generated_site: str, tmp_path: Path
) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.set_viewport_size({"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(f"{generated_site}/mbtool/dependency-map/")  # type: ignore[attr-defined]
    viewport = page.locator(".mbtool-map-viewport")  # type: ignore[attr-defined]
    viewport.wait_for()
    assert page.locator(".mbtool-legend").is_visible()  # type: ignore[attr-defined]
    nodes = page.locator(".mbtool-map-picture:not([hidden]) g.mb-node")  # type: ignore[attr-defined]
    assert nodes.count() >= 200  # drawn document by document, not folded

    home = _view_box(page)
    page.get_by_role("button", name="+").click()  # type: ignore[attr-defined]
    zoomed = _view_box(page)
    assert zoomed[2] < home[2] * 0.8, (home, zoomed)
    box = viewport.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*centre)  # type: ignore[attr-defined]
    page.mouse.wheel(0, -400)  # type: ignore[attr-defined]
    page.wait_for_timeout(100)  # type: ignore[attr-defined]
    wheeled = _view_box(page)
    assert wheeled[2] < zoomed[2], (zoomed, wheeled)
    page.mouse.down()  # type: ignore[attr-defined]
    page.mouse.move(centre[0] + 120, centre[1] + 60, steps=8)  # type: ignore[attr-defined]
    page.mouse.up()  # type: ignore[attr-defined]
    panned = _view_box(page)
    assert panned[2] == pytest.approx(wheeled[2]) and panned[0] < wheeled[0] and panned[1] < wheeled[1]
    page.get_by_role("button", name="Fit").click()  # type: ignore[attr-defined]
    assert _view_box(page) == pytest.approx(home)

    search = page.locator("input.mbtool-map-search")  # type: ignore[attr-defined]
    search.fill("activeContext.md")
    match = page.locator(".mbtool-map-picture:not([hidden]) g.mb-match")  # type: ignore[attr-defined]
    assert match.count() == 1
    assert match.locator("title").text_content() == "activeContext.md"
    assert page.locator(".mbtool-map-picture:not([hidden]) g.mb-node.mb-near").count() >= 1  # type: ignore[attr-defined]
    assert page.locator(".mbtool-map-picture:not([hidden]) g.mb-node.mb-faded").count() > 100  # type: ignore[attr-defined]
    page.screenshot(path=str(tmp_path / "map.png"))  # type: ignore[attr-defined]

    match.locator("a").first.click()
    page.wait_for_url("**/memory-bank/activeContext/")  # type: ignore[attr-defined]
    assert page.locator(".mbtool-local-graph").first.is_visible()  # type: ignore[attr-defined]
    panel = page.locator("details.mbtool-panel")  # type: ignore[attr-defined]
    assert panel.is_visible() and panel.get_attribute("open") is None  # collapsed by default
    page.screenshot(path=str(tmp_path / "document.png"), full_page=False)  # type: ignore[attr-defined]
    assert (tmp_path / "map.png").stat().st_size > 10_000
    assert (tmp_path / "document.png").stat().st_size > 10_000
    assert errors == []


def test_the_concepts_toggle_and_the_filters(browser: object, served: str) -> None:
    errors: list[str] = []
    page = _page(browser, errors)
    page.goto(f"{served}/mbtool/dependency-map/")  # type: ignore[attr-defined]
    page.locator(".mbtool-map-viewport").wait_for()  # type: ignore[attr-defined]
    shown = page.locator(".mbtool-map-picture:not([hidden]) g.mb-kind-concept")  # type: ignore[attr-defined]
    assert shown.count() == 0  # concepts are hidden by default
    page.get_by_label("Concepts and paths").check()  # type: ignore[attr-defined]
    assert shown.count() >= 3
    page.locator("select.mbtool-map-kind").select_option("concept")  # type: ignore[attr-defined]
    faded = page.locator(".mbtool-map-picture:not([hidden]) g.mb-kind-document.mb-faded")  # type: ignore[attr-defined]
    assert faded.count() == page.locator(".mbtool-map-picture:not([hidden]) g.mb-kind-document").count()  # type: ignore[attr-defined]
    assert errors == []
