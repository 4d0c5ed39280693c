"""The map as data: layers of a topological order, cycles apart, implicit map edges left out."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import load, map_json
from mbtool.graph.build import build_graph
from mbtool.mapdoc import build_map
from tests.banks import doc
from tests.banks import write_project as write_bank


def test_layers_follow_dependency_order(chain: Path) -> None:
    result = build_map(load(chain), build_graph(load(chain)))
    assert result.layers == [["a.md"], ["b.md"], ["c.md"]]
    assert result.cycles == []
    nodes = {node.id: node for node in result.nodes}
    assert nodes["b.md"].depends_on == ["a.md"]
    assert nodes["b.md"].required_by == ["c.md"]
    assert nodes["a.md"].why_this_order == "it is first"
    assert nodes["c.md"].freshness is not None
    assert nodes["c.md"].freshness.last_updated == "2026-01-02"
    assert nodes["c.md"].freshness.next_review is None


def test_layer_is_the_longest_chain_below(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path,
        {
            "base.md": doc("Base"),
            "mid.md": doc("Mid", depends="base.md"),
            "top.md": doc("Top", depends="base.md, mid.md"),
        },
    )
    assert build_map(load(bank), build_graph(load(bank))).layers == [["base.md"], ["mid.md"], ["top.md"]]


def test_cycle_members_share_a_layer_and_are_listed_apart(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path,
        {
            "root.md": doc("Root"),
            "x.md": doc("X", depends="y.md, root.md"),
            "y.md": doc("Y", depends="x.md"),
            "after.md": doc("After", depends="y.md"),
        },
    )
    result = build_map(load(bank), build_graph(load(bank)))
    assert result.cycles == [["x.md", "y.md"]]
    assert result.layers == [["root.md"], ["x.md", "y.md"], ["after.md"]]
    assert {node.id for node in result.nodes if node.in_cycle} == {"x.md", "y.md"}


def test_implicit_map_edges_are_not_dependencies(chain: Path) -> None:
    (chain / "dependencies.md").write_text("# Map\n\n<!-- mbtool:map:start -->\n<!-- mbtool:map:end -->\n")
    data = map_json(load(chain))
    the_map = next(node for node in data["nodes"] if node["id"] == "dependencies.md")
    assert the_map["kind"] == "map"
    assert the_map["depends_on"] == []
    assert not any(edge["source"] == "dependencies.md" for edge in data["edges"])
    assert all("dependencies.md" not in layer for layer in data["layers"])
    assert data["metadata"]["documents"] == 3


def test_paths_and_concepts_are_nodes_but_not_layered(tmp_path: Path) -> None:
    (tmp_path / "run.sh").write_text("echo\n")
    bank = write_bank(tmp_path, {"a.md": doc("A", depends="run.sh", required="Release process")})
    data = map_json(load(bank))
    kinds = {node["id"]: node["kind"] for node in data["nodes"]}
    assert kinds == {"a.md": "document", "run.sh": "path", "Release process": "concept"}
    assert data["layers"] == [["a.md"]]


def test_output_is_deterministic(chain: Path) -> None:
    assert map_json(load(chain)) == map_json(load(chain))
