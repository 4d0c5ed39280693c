"""Issue 15 items 5-8: no document reaches a published page, SVG or title as script.

The hostile bank (`site_bank.py`) is built once; every HTML and SVG file of the site, and
the HTML fragments in the search index, are scanned with an HTML parser written here
(independently of mbtool's sanitiser), failing on any event attribute, script URL, script
element inside the content, tag inside `<title>`, or element a payload injected.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import mbtool.site
from tests.hostile.site_bank import BANK_FOLDER, DOCUMENTS, build_hostile_site

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {
    "href",
    "src",
    "xlink:href",
    "action",
    "formaction",
    "srcset",
    "poster",
    "data",
    "background",
}
FORBIDDEN = {"iframe", "object", "embed", "base", "foreignobject", "frame", "applet"}
# mbtool's own script: a static file of the package (checked byte for byte below).
MBTOOL_SCRIPT = "mbtool/mbtool.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_site(tmp_path_factory.mktemp("hostile-site"))


def script_url(value: str) -> bool:
    compact = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
    return compact.startswith(SCRIPT_SCHEMES)


class Scan(HTMLParser):
    """Problems a browser could turn into script, found in one HTML or SVG text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.title = 0
        self.article = 0
        self.script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.title and tag != "title":
            self.problems.append(f"<{tag}> inside <title>")
        self.title += tag == "title"
        self.article += tag == "article"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event attribute {name}={value!r} on <{tag}>")
            if name == "data-xss":
                self.problems.append(f"injected <{tag}> with {attrs!r}")
            if value and (name in URL_ATTRIBUTES or name.endswith(("href", "src"))) and script_url(value):
                self.problems.append(f"script URL {name}={value!r} on <{tag}>")
        if tag in FORBIDDEN or (tag == "meta" and any(name == "http-equiv" for name, _ in attrs)):
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            self._script(dict(attrs))

    def _script(self, attrs: dict[str, str | None]) -> None:
        src = attrs.get("src")
        if self.article:
            self.problems.append("<script> inside the page content")
        elif src is not None and "assets/javascripts/" not in src and not src.endswith("mbtool.js"):
            self.problems.append(f"<script src={src!r}> that is neither the theme's nor mbtool's")
        self.script = src or "inline"

    def handle_endtag(self, tag: str) -> None:
        self.title -= tag == "title" and self.title > 0
        self.article -= tag == "article" and self.article > 0
        if tag == "script":
            self.script = None

    def handle_data(self, data: str) -> None:
        if self.script is not None and "xss-" in data:
            self.problems.append(f"payload inside a theme script: {data[:80]!r}")


def problems_in(text: str) -> list[str]:
    scan = Scan()
    scan.feed(text)
    scan.close()
    return scan.problems


def published(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".html", ".svg") and p.is_file())


def test_every_hostile_document_is_published(site: Path) -> None:
    pages = {p.relative_to(site).as_posix() for p in published(site)}
    for name in DOCUMENTS:
        stem = name.removesuffix(".md")
        assert f"{BANK_FOLDER}/{stem}/index.html" in pages, stem


def test_no_event_attribute_script_url_or_breakout_in_any_page_or_svg(site: Path) -> None:
    found = {}
    for path in published(site):
        problems = problems_in(path.read_text(encoding="utf-8", errors="replace"))
        if problems:
            found[path.relative_to(site).as_posix()] = problems
    assert found == {}


def test_mbtools_script_is_the_packaged_file_never_built_from_documents(site: Path) -> None:
    packaged = Path(mbtool.site.__file__).parent / "static" / "mbtool.js"
    assert [p.relative_to(site).as_posix() for p in site.rglob("mbtool.js")] == [MBTOOL_SCRIPT]
    assert (site / MBTOOL_SCRIPT).read_bytes() == packaged.read_bytes()
    script = packaged.read_text(encoding="utf-8")
    # It writes text only through textContent: nothing it reads can become markup.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script, sink


def test_search_index_holds_no_markup_that_runs(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:
        for key in ("title", "text"):
            assert problems_in(entry.get(key, "")) == [], (entry["location"], key)


def test_item_05_front_matter_reaches_the_theme_escaped(site: Path) -> None:
    page = page_of(site, "front-matter")
    assert problems_in(page) == []
    head = page[: page.index("</head>")]
    assert 'http-equiv="refresh"' not in page, "a document must not pick the redirect template"
    assert "xss-fm-description" in head and "<img" not in head
    # The icon that does not exist is dropped (it crashed the build); the traversal too.
    icon_page = page_of(site, "icon")
    assert "passwd" not in icon_page
    assert "A &amp; B" in icon_page


def page_of(site: Path, stem: str) -> str:
    return (site / BANK_FOLDER / stem / "index.html").read_text(encoding="utf-8")


def test_item_06_attribute_lists_and_script_links_produce_nothing_that_runs(site: Path) -> None:
    links, attributes = page_of(site, "links"), page_of(site, "attributes")
    assert problems_in(links) == [] and problems_in(attributes) == []
    assert "inline</a>" in links, "the link text stays; only the script URL goes"
    assert 'id="h2"' in attributes, "harmless attributes from attr_list are kept"


def test_item_07_dot_fences_render_without_script_links(site: Path) -> None:
    page = page_of(site, "dot")
    assert problems_in(page) == []
    assert "<svg" in page and "continued" in page
    assert '"ge"="/etc/passwd"' in page and "<image" not in page, "a fence that reads files is shown as text"


def test_item_08_a_procedure_title_cannot_close_the_title_element(site: Path) -> None:
    pages = list((site / "mbtool" / "procedures").glob("*/index.html"))
    assert pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        title = text[text.index("<title>") : text.index("</title>")]
        assert "<img" not in title and "&lt;img" in title, title


def test_svg_images_with_script_are_not_published(site: Path) -> None:
    assert (site / BANK_FOLDER / "ok.svg").is_file()
    assert not (site / BANK_FOLDER / "evil.svg").exists()


def test_item_05_an_unknown_icon_in_the_projects_own_docs_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mbtool.cli import run

    (tmp_path / "memory-bank").mkdir()
    (tmp_path / "memory-bank" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(
        "---\nicon: nope/not-an-icon\n---\n# Home\n", encoding="utf-8"
    )
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nplugins: [{memory-bank: {bank: memory-bank}}]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert run(["build", "--site-dir", str(tmp_path / "out")]) == 2
    assert "the theme has no `.icons/nope/not-an-icon.svg`" in capsys.readouterr().err
