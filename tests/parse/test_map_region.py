"""The generated map region creates no edges, whatever it contains."""

from __future__ import annotations

from mbtool.config import Config
from mbtool.parse import MAP_END, MAP_START, parse_document


def test_relations_inside_the_map_region_are_ignored() -> None:
    text = (
        "# Map\n\n- **Depends On:** a.md\n\n"
        f"{MAP_START}\n### Depends On\n\n- b.md\n\n- **Required By:** c.md\n{MAP_END}\n"
    )
    document = parse_document("dependencies.md", text.encode(), Config())
    targets = [entry.target for relation in document.relations for entry in relation.entries]
    assert targets == ["a.md"]
    assert document.map_region == (5, 11)
