"""The project's own site: every page the issue promises, and links that resolve."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from tests.conftest import ROOT

BANK_DOCUMENTS = sorted(p.stem for p in (ROOT / "memory-bank").glob("*.md"))


def text_of(html: str) -> str:
    """The visible text: tags dropped (syntax highlighting splits commands into spans)."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_a_page_per_bank_document(project_site: Path) -> None:
    for stem in BANK_DOCUMENTS:
        assert (project_site / "memory-bank" / stem / "index.html").is_file(), stem


def test_map_page_has_the_clickable_svg(project_site: Path) -> None:
    html = (project_site / "mbtool" / "dependency-map" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in html
    for stem in BANK_DOCUMENTS:
        assert f'xlink:href="../../memory-bank/{stem}/"' in html, stem
    assert 'href="../graph.json"' in html and 'href="../dependency-map.json"' in html


def test_procedures_rules_search_and_data(project_site: Path) -> None:
    procedure = (
        project_site / "mbtool" / "procedures" / "dockerWorkflow--bootstrapping-codex-cli-environment-locally"
    )
    page = text_of((procedure / "index.html").read_text(encoding="utf-8"))
    assert "mbtool procedures run 'dockerWorkflow.md#bootstrapping-codex-cli-environment-locally'" in page
    assert (
        project_site
        / "mbtool"
        / "procedures"
        / "dockerWorkflow--bootstrapping-codex-cli-environment-locally.sh"
    ).is_file()
    assert "MB202" in (project_site / "rules" / "index.html").read_text(encoding="utf-8")
    assert (project_site / "search" / "search_index.json").is_file()
    graph = json.loads((project_site / "mbtool" / "graph.json").read_text(encoding="utf-8"))
    assert {"dockerWorkflow.md", "dependencies.md"} <= {node["id"] for node in graph["nodes"]}
    llms = (project_site / "llms.txt").read_text(encoding="utf-8")
    assert "(memory-bank/dockerWorkflow/)" in llms


def test_panel_links_resolve_to_built_pages(project_site: Path) -> None:
    page = project_site / "memory-bank" / "dockerWorkflow" / "index.html"
    html = page.read_text(encoding="utf-8")
    panel = html[html.index("<strong>Depends On</strong>") :]
    links = re.findall(r'<a href="([^"#]+)"', panel)
    assert len(links) >= 5
    for link in links:
        if link.startswith(("http", "/")):
            continue
        assert (page.parent / link / "index.html").resolve().is_file() or (
            page.parent / link
        ).resolve().is_file(), link


def test_docker_workflow_page_shows_the_architecture_diagram(project_site: Path) -> None:
    html = (project_site / "memory-bank" / "dockerWorkflow" / "index.html").read_text(encoding="utf-8")
    assert 'src="../assets/container-architecture.svg"' in html
    svg = (project_site / "memory-bank" / "assets" / "container-architecture.svg").read_text(encoding="utf-8")
    assert "service_docs" in svg
