"""Bank + graph → `DependencyMap`: layers of a topological order, cycles, per-document details.

Layers are computed over document-to-document edges on the graph's strongly connected
components: a component's layer is one more than the highest layer it depends on, so the
members of a cycle share a layer and everything after them still has a place. Implicit
map edges are left out everywhere.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import networkx as nx

from mbtool.graph.build import declared_by, edge_annotations
from mbtool.mapdoc.model import DependencyMap, Freshness, MapEdge, MapMetadata, MapNode
from mbtool.model import Document
from mbtool.reading.bank import Bank

_KIND_RANK = {"document": 0, "map": 1, "path": 2, "concept": 3}


def build_map(bank: Bank, graph: nx.DiGraph) -> DependencyMap:
    documents = sorted((node for node, kind in graph.nodes(data="kind") if kind == "document"), key=_by_name)
    components = _components(graph, documents)
    layer_of = _layers(graph, components)
    cycles = [_cycle_path(graph, component) for component in components if len(component) > 1]
    in_cycle = {node for cycle in cycles for node in cycle}
    nodes = [_node(bank, graph, node, layer_of.get(node), node in in_cycle) for node in _ordered(graph)]
    layers: list[list[str]] = [[] for _ in range(max(layer_of.values(), default=-1) + 1)]
    for node in documents:  # already in name order
        layers[layer_of[node]].append(node)
    metadata = MapMetadata(
        bank=_bank_folder(bank),
        map_document=bank.map_path,
        documents=len(documents),
        layers=len(layers),
        cycles=len(cycles),
    )
    return DependencyMap(
        metadata=metadata,
        nodes=nodes,
        edges=_edges(graph),
        layers=layers,
        cycles=sorted(cycles, key=lambda cycle: [_by_name(node) for node in cycle]),
    )


def explicit_successors(graph: nx.DiGraph, node: str) -> list[str]:
    """What `node` depends on, implicit map edges excluded, documents first."""
    found = [target for target in graph.successors(node) if not graph.edges[node, target].get("implicit")]
    return sorted(found, key=lambda other: sort_key(graph, other))


def explicit_predecessors(graph: nx.DiGraph, node: str) -> list[str]:
    """What depends on `node`, implicit map edges excluded, documents first."""
    found = [source for source in graph.predecessors(node) if not graph.edges[source, node].get("implicit")]
    return sorted(found, key=lambda other: sort_key(graph, other))


def sort_key(graph: nx.DiGraph, node: str) -> tuple[int, str, str]:
    return (_KIND_RANK.get(graph.nodes[node].get("kind", ""), 9), *_by_name(node))


def _by_name(node: str) -> tuple[str, str]:
    return (node.lower(), node)


def _ordered(graph: nx.DiGraph) -> list[str]:
    return sorted(graph.nodes, key=lambda node: sort_key(graph, node))


def _components(graph: nx.DiGraph, documents: list[str]) -> list[list[str]]:
    subgraph = graph.subgraph(documents)
    members = (sorted(component, key=_by_name) for component in nx.strongly_connected_components(subgraph))
    return sorted(members, key=lambda component: _by_name(component[0]))


def _layers(graph: nx.DiGraph, components: list[list[str]]) -> dict[str, int]:
    """Longest-path layering of the component DAG (Kahn's algorithm, dependencies first)."""
    component_of = {node: index for index, members in enumerate(components) for node in members}
    depends: list[set[int]] = [set() for _ in components]
    dependents: list[set[int]] = [set() for _ in components]
    for index, members in enumerate(components):
        for node in members:
            for target in graph.successors(node):
                other = component_of.get(target)
                if other is not None and other != index:
                    depends[index].add(other)
                    dependents[other].add(index)
    waiting = [len(deps) for deps in depends]
    layer = [0] * len(components)
    ready = deque(index for index, count in enumerate(waiting) if count == 0)
    while ready:
        index = ready.popleft()
        for dependent in sorted(dependents[index]):
            layer[dependent] = max(layer[dependent], layer[index] + 1)
            waiting[dependent] -= 1
            if waiting[dependent] == 0:
                ready.append(dependent)
    return {node: layer[index] for node, index in component_of.items()}


def _cycle_path(graph: nx.DiGraph, component: list[str]) -> list[str]:
    """A shortest cycle through the component's smallest member, found by breadth-first search."""
    start, members = component[0], set(component)
    parents: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target in sorted(graph.successors(node)):
            if target == start:
                return _unwind(parents, node, start)
            if target in members and target not in parents:
                parents[target] = node
                queue.append(target)
    return component  # unreachable for a strongly connected component


def _unwind(parents: dict[str, str], last: str, start: str) -> list[str]:
    path = [last]
    while path[-1] != start:
        path.append(parents[path[-1]])
    return path[::-1]


def _node(bank: Bank, graph: nx.DiGraph, node: str, layer: int | None, in_cycle: bool) -> MapNode:
    data = graph.nodes[node]
    document = bank.documents.get(node)
    return MapNode(
        id=node,
        kind=data["kind"],
        title=data.get("title") or node,
        layer=layer,
        in_cycle=in_cycle,
        depends_on=explicit_successors(graph, node),
        required_by=explicit_predecessors(graph, node),
        why_this_order=_text(document, "Why This Order"),
        impact_analysis=_text(document, "Impact Analysis"),
        freshness=_freshness(document) if document is not None else None,
    )


def _edges(graph: nx.DiGraph) -> list[MapEdge]:
    edges = []
    for source, target in sorted(graph.edges):
        data: dict[str, Any] = graph.edges[source, target]
        if not data.get("implicit"):
            edges.append(
                MapEdge(
                    source=source,
                    target=target,
                    declared_by=declared_by(data),  # type: ignore[arg-type]
                    annotations=edge_annotations(data),
                )
            )
    return edges


def _text(document: Document | None, key: str) -> str | None:
    value = document.text(key) if document is not None else None
    return " ".join(value.split()) if value and value.strip() else None


def _freshness(document: Document) -> Freshness:
    def value(key: str) -> str | None:
        field = document.meta(key)
        return " ".join(field.value.split()) if field is not None and field.value.strip() else None

    return Freshness(
        last_updated=value("Last Updated"), status=value("Status"), next_review=value("Next Review")
    )


def _bank_folder(bank: Bank) -> str:
    return bank.location.bank.relative_to(bank.location.project).as_posix()
