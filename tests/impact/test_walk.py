"""The pure impact query on small graphs built in the test: cycles, self-loops, targets, JSON shape."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from mbtool.errors import UsageError
from mbtool.graph import BankGraph
from mbtool.graph.impact import Impact, cwd_aliases, find_target, impact_of
from tests.banks import as_bank_graph


def chain(*edges: tuple[str, str], kinds: dict[str, str] | None = None) -> BankGraph:
    graph = nx.DiGraph()
    for source, target in edges:
        graph.add_edge(source, target)
    for node in graph.nodes:
        graph.nodes[node]["kind"] = (kinds or {}).get(node, "document")
    return as_bank_graph(graph)


def ids(result: Impact) -> list[tuple[str, int]]:
    return [(item.id, item.distance) for item in result.impacted]


def test_a_cycle_is_walked_once_and_the_target_is_not_its_own_impact() -> None:
    graph = chain(("a.md", "b.md"), ("b.md", "c.md"), ("c.md", "a.md"), ("a.md", "a.md"))
    assert ids(impact_of(graph, "a.md")) == [("c.md", 1), ("b.md", 2)]
    assert ids(impact_of(graph, "a.md", upstream=True)) == [("b.md", 1), ("c.md", 2)]


def test_why_path_takes_the_first_parent_by_id() -> None:
    graph = chain(("c.md", "a.md"), ("b.md", "a.md"), ("d.md", "c.md"), ("d.md", "b.md"))
    assert [item.path for item in impact_of(graph, "a.md").impacted] == [
        ["a.md", "b.md"],
        ["a.md", "c.md"],
        ["a.md", "b.md", "d.md"],
    ]


def test_json_shape_matches_design() -> None:
    graph = chain(("b.md", "a.md"), ("c.md", "b.md"))
    assert impact_of(graph, "a.md").model_dump() == {
        "target": "a.md",
        "impacted": [
            {"id": "b.md", "kind": "document", "distance": 1, "path": ["a.md", "b.md"]},
            {"id": "c.md", "kind": "document", "distance": 2, "path": ["a.md", "b.md", "c.md"]},
        ],
    }
    assert impact_of(graph, "c.md", upstream=True, depth=1).model_dump() == {
        "target": "c.md",
        "direction": "upstream",
        "impacted": [{"id": "b.md", "kind": "document", "distance": 1, "path": ["c.md", "b.md"]}],
    }


def test_find_target_order() -> None:
    graph = chain(
        ("sub/deep.md", "CI Pipeline"),
        ("sub/deep.md", "scripts/x.sh"),
        ("top.md", "sub/deep.md"),
        kinds={"CI Pipeline": "concept", "scripts/x.sh": "path"},
    )
    assert find_target(graph, "top.md") == "top.md"
    assert find_target(graph, "./sub/../top.md") == "top.md"
    assert find_target(graph, "deep.md") == "sub/deep.md"
    assert find_target(graph, "ci pipeline") == "CI Pipeline"
    assert find_target(graph, "x.sh", aliases=["nowhere/x.sh", "scripts/x.sh"]) == "scripts/x.sh"
    with pytest.raises(UsageError, match=r"did you mean `top\.md`"):
        find_target(graph, "tpo.md")
    with pytest.raises(UsageError, match=r"^`zzz` is not a document, concept or path in this memory bank$"):
        find_target(graph, "zzz")


def test_cwd_aliases_are_bank_and_project_relative() -> None:
    project = Path("/p")
    bank = project / "memory-bank"
    assert cwd_aliases("memory-bank/a.md", project, bank, project) == ["a.md", "memory-bank/a.md"]
    assert cwd_aliases("../scripts/x.sh", bank, bank, project) == ["scripts/x.sh"]
    assert cwd_aliases("../../etc/passwd", bank, bank, project) == []
