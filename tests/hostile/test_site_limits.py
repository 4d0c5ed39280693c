"""Issue 15 items 17 and 18: diagrams within time and memory, and no document silently left out."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import mbtool.site.sections
from mbtool.api import diagram
from mbtool.cli import run
from mbtool.diagrams.render import render
from mbtool.errors import UsageError
from mbtool.parse.blocks import MAX_INLINE_MARKERS
from tests.banks import write_project


def tangled_dot(nodes: int, seed: int = 1) -> str:
    """A random graph full of cycles: slow for the layout however few nodes it has."""
    rng = random.Random(seed)
    lines = ["digraph {", *(f'n{i} [label="doc{i}.md", shape=note];' for i in range(nodes))]
    lines += [f"n{i} -> n{j};" for i in range(nodes) for j in rng.sample(range(nodes), 3)]
    return "\n".join([*lines, "}"])


def test_item_17_the_diagram_folds_by_nodes_and_edges_not_documents_only(tmp_path: Path) -> None:
    concepts = {
        f"doc{index}.md": f"# Doc {index}\n\n- **Depends On:** "
        + ", ".join(f"concept {index}-{number}" for number in range(100))
        + "\n"
        for index in range(30)
    }
    bank = write_project(tmp_path, concepts)
    result = diagram(bank, fmt="dot", concepts=True)
    assert result.note is not None, "30 documents, but 6,030 nodes and edges: too many to draw"
    assert "30 documents (6030 nodes and edges)" in result.note and "folded" in result.note
    assert result.data.count(b"->") < 10
    # Without the concepts (the default) the 30 documents are drawn one by one.
    assert diagram(bank, fmt="dot").note is None


def test_item_17_the_renderer_stops_at_its_memory_limit() -> None:
    with pytest.raises(UsageError, match="memory limit of 8 MiB"):
        render(tangled_dot(150), "svg", memory=8 * 1024**2)


def test_item_17_the_renderer_stops_at_its_time_limit() -> None:
    with pytest.raises(UsageError, match=r"took longer than 0\.5s"):
        render(tangled_dot(150), "svg", timeout=0.5)


def test_item_17_build_publishes_the_site_without_a_picture_it_cannot_draw(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def too_slow(*args: object, **kwargs: object) -> bytes:
        raise UsageError("graphviz-pure took longer than 120s: draw less (--focus)")

    monkeypatch.setattr(mbtool.site.sections, "render_view", too_slow)
    (tmp_path / "project").mkdir()
    bank = write_project(tmp_path / "project", {"a.md": "# A\n\n- **Depends On:** None\n"})
    site = tmp_path / "site"
    assert run(["build", "--bank", str(bank), "--site-dir", str(site)]) in (0, 1)
    page = (site / "mbtool" / "dependency-map" / "index.html").read_text(encoding="utf-8")
    assert "The map could not be drawn" in page and "<svg" not in page.split('class="md-content"', 1)[1]
    assert "the dependency map picture was left out" in capsys.readouterr().err
    assert (site / "memory-bank" / "a" / "index.html").is_file()


def test_item_18_documents_mbtool_could_not_read_are_published_with_a_notice(tmp_path: Path) -> None:
    markers = "[" * (MAX_INLINE_MARKERS + 10)
    (tmp_path / "project").mkdir()
    bank = write_project(
        tmp_path / "project",
        {
            "fine.md": "# Fine\n\n- **Depends On:** None\n",
            "markers.md": f"# Many markers\n\nSearchable: quokka.\n\n{markers}\n",
            "front.md": "---\ntitle: [unclosed\n---\n# Broken front matter\n\nSearchable: wombat.\n",
        },
    )
    (bank / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    site = tmp_path / "site"
    assert run(["build", "--bank", str(bank), "--site-dir", str(site)]) == 1
    pages = {name: (site / "memory-bank" / name / "index.html") for name in ("markers", "front", "latin1")}
    texts = {name: path.read_text(encoding="utf-8") for name, path in pages.items()}
    assert "mbtool could not read this document completely" in texts["markers"]
    assert "quokka" in texts["markers"] and "link and code markers" in texts["markers"]
    assert "wombat" in texts["front"] and "MB001" in texts["front"]
    assert "Its content is not published" in texts["latin1"] and "MB002" in texts["latin1"]
