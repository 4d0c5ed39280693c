"""A bank with no mkdocs.yml builds; script payloads in titles, annotations and concepts are inert."""

from __future__ import annotations

import json
import re
from pathlib import Path

PAYLOAD = re.compile(r"<script>alert|<img src=x onerror|<b onmouseover")


def _published(site: Path) -> list[Path]:
    return [
        p
        for p in site.rglob("*")
        if p.suffix in (".html", ".json", ".svg") and "assets" not in p.parts[-3:-1]
    ]


def test_bank_without_mkdocs_yml_builds(hostile_site: Path) -> None:
    assert (hostile_site / "index.html").is_file()
    assert (hostile_site / "memory-bank" / "evil" / "index.html").is_file()


def test_no_payload_survives_as_markup(hostile_site: Path) -> None:
    for path in _published(hostile_site):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not PAYLOAD.search(text), path.relative_to(hostile_site)


def test_payloads_are_shown_as_text(hostile_site: Path) -> None:
    html = (hostile_site / "memory-bank" / "projectbrief" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(3)&lt;/script&gt; concept" in html
    assert "&lt;b onmouseover=alert(5)&gt;" in html
    assert "<title>Brief &lt;script&gt;" in html


def test_json_keeps_the_data(hostile_site: Path) -> None:
    graph = json.loads((hostile_site / "mbtool" / "graph.json").read_text(encoding="utf-8"))
    assert "<script>alert(3)</script> concept" in {node["id"] for node in graph["nodes"]}
