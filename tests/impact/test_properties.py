"""Properties of the walk on random graphs: it agrees with networkx, never loops, is deterministic."""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from mbtool.graph.impact import impact_of, impact_of_changes, walk
from tests.banks import as_bank_graph

NAMES = [f"n{i}.md" for i in range(12)] + ["Concept", "concept b", "path/x.sh"]


@st.composite
def graphs(draw: st.DrawFn) -> tuple[nx.DiGraph, str]:
    """A random DiGraph (cycles and self-loops allowed) with `kind` attributes, and a node in it."""
    nodes = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=len(NAMES), unique=True))
    graph = nx.DiGraph()
    for node in nodes:
        kind = "concept" if not node.endswith((".md", ".sh")) else "path" if "/" in node else "document"
        graph.add_node(node, kind=kind)
    matrix = draw(st.lists(st.booleans(), min_size=len(nodes) ** 2, max_size=len(nodes) ** 2))
    for index, present in enumerate(matrix):
        if present:
            source, target = nodes[index // len(nodes)], nodes[index % len(nodes)]
            graph.add_edge(source, target, declarations=[], implicit=False)
    return graph, draw(st.sampled_from(nodes))


def assert_real_path(graph: nx.DiGraph, path: list[str], upstream: bool) -> None:
    assert len(set(path)) == len(path)
    for near, far in itertools.pairwise(path):
        assert graph.has_edge(near, far) if upstream else graph.has_edge(far, near)


@settings(max_examples=300)
@given(graphs(), st.booleans())
def test_impacted_are_exactly_the_nodes_with_a_path(case: tuple[nx.DiGraph, str], upstream: bool) -> None:
    graph, target = case
    result = impact_of(as_bank_graph(graph), target, upstream=upstream)
    expected = nx.descendants(graph, target) if upstream else nx.ancestors(graph, target)
    ids = [item.id for item in result.impacted]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    assert [(i.distance, i.id) for i in result.impacted] == sorted(
        (i.distance, i.id) for i in result.impacted
    )
    for item in result.impacted:
        source, sink = (target, item.id) if upstream else (item.id, target)
        assert item.distance == nx.shortest_path_length(graph, source, sink)
        assert item.path[0] == target and item.path[-1] == item.id
        assert len(item.path) == item.distance + 1
        assert item.kind == graph.nodes[item.id]["kind"]
        assert_real_path(graph, item.path, upstream)


@given(graphs())
def test_why_path_goes_through_the_first_node_of_the_previous_level(case: tuple[nx.DiGraph, str]) -> None:
    graph, target = case
    found = walk(as_bank_graph(graph), target)
    distance = {item.id: item.distance for item in found} | {target: 0}
    for item in found:
        parents = [
            s for s in graph.successors(item.id) if s != item.id and distance.get(s) == item.distance - 1
        ]
        assert item.path[-2] == min(parents)


@given(graphs(), st.integers(min_value=1, max_value=4))
def test_depth_keeps_the_nearest_nodes_unchanged(case: tuple[nx.DiGraph, str], depth: int) -> None:
    graph, target = case
    everything = walk(as_bank_graph(graph), target)
    nearest = [item for item in everything if item.distance <= depth]
    assert walk(as_bank_graph(graph), target, depth=depth) == nearest


@given(graphs(), st.lists(st.sampled_from(NAMES), max_size=4))
def test_changes_impact_the_union_with_attributions(case: tuple[nx.DiGraph, str], changed: list[str]) -> None:
    graph, _ = case
    result = impact_of_changes(as_bank_graph(graph), "HEAD", changed)
    sources = sorted({c for c in changed if c in graph and graph.nodes[c]["kind"] == "document"})
    assert result.changed == sources
    reach = {source: nx.ancestors(graph, source) for source in sources}
    assert {i.id for i in result.impacted} == set().union(*reach.values())
    for item in result.impacted:
        assert item.changed_by == [s for s in sources if item.id in reach[s]]
        lengths = {s: nx.shortest_path_length(graph, item.id, s) for s in item.changed_by}
        assert item.distance == min(lengths.values())
        assert item.path[0] == min(s for s, length in lengths.items() if length == item.distance)
        assert item.path[-1] == item.id and len(item.path) == item.distance + 1
        assert_real_path(graph, item.path, upstream=False)
