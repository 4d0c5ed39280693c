"""Bank + graph → `DependencyMap`: layers of a topological order, cycles, per-document details.

The map shows what documents build on: declared edges and the profile's convention edges
(implicit map edges and links are left out). Layers are computed on the strongly connected
components of those edges between documents: a component's layer is one more than the
highest layer it depends on, so the members of a cycle share a layer and everything after
them still has a place. Cycles are the declared ones (`BankGraph.groups`), as MB203 sees them.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from mbtool.drift import Drift
from mbtool.graph import BankGraph, EdgeKind, NodeKind
from mbtool.mapdoc.model import CodeDrift, DependencyMap, Freshness, MapEdge, MapMetadata, MapNode
from mbtool.model import Document
from mbtool.reading.bank import Bank
from mbtool.reading.tokens import document_tokens

MAP_KINDS = frozenset({EdgeKind.DECLARED, EdgeKind.CONVENTION})
_KIND_RANK = {NodeKind.DOCUMENT: 0, NodeKind.MAP: 1, NodeKind.PATH: 2, NodeKind.CONCEPT: 3}


def build_map(bank: Bank, graph: BankGraph, drift: Drift | None = None) -> DependencyMap:
    """The map; with `drift` (JSON output only) each drifted document carries a `drift` badge."""
    documents = sorted(graph.nodes(NodeKind.DOCUMENT), key=_by_name)
    components = _components(graph, documents)
    layer_of = _layers(graph, components)
    cycles = [graph.shortest_cycle(group) for group in graph.groups]
    in_cycle = {node for group in graph.groups for node in group}
    nodes = [_node(bank, graph, node, layer_of.get(node), node in in_cycle) for node in _ordered(graph)]
    if drift is not None:
        badges = drift_badges(drift)
        nodes = [node.model_copy(update={"drift": badges.get(node.id)}) for node in nodes]
    layers: list[list[str]] = [[] for _ in range(max(layer_of.values(), default=-1) + 1)]
    for node in documents:  # already in name order
        layers[layer_of[node]].append(node)
    metadata = MapMetadata(
        bank=bank.prefix,
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


def sort_key(graph: BankGraph, node: str) -> tuple[int, str, str]:
    return (_KIND_RANK[graph.kind(node)], *_by_name(node))


def _by_name(node: str) -> tuple[str, str]:
    return (node.lower(), node)


def _ordered(graph: BankGraph) -> list[str]:
    return sorted(graph.nodes(), key=lambda node: sort_key(graph, node))


def _components(graph: BankGraph, documents: list[str]) -> list[list[str]]:
    among = nx.DiGraph()
    among.add_nodes_from(documents)
    members = set(documents)
    for node in documents:
        among.add_edges_from(
            (node, target) for target in graph.depends_on(node, MAP_KINDS) if target in members
        )
    found = (sorted(component, key=_by_name) for component in nx.strongly_connected_components(among))
    return sorted(found, key=lambda component: _by_name(component[0]))


def _layers(graph: BankGraph, components: list[list[str]]) -> dict[str, int]:
    """Longest-path layering of the component DAG (Kahn's algorithm, dependencies first)."""
    component_of = {node: index for index, members in enumerate(components) for node in members}
    depends: list[set[int]] = [set() for _ in components]
    dependents: list[set[int]] = [set() for _ in components]
    for index, members in enumerate(components):
        for node in members:
            for target in graph.depends_on(node, MAP_KINDS):
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


def _node(bank: Bank, graph: BankGraph, node: str, layer: int | None, in_cycle: bool) -> MapNode:
    document = bank.documents.get(node)
    return MapNode(
        id=node,
        kind=graph.kind(node),
        title=graph.title(node),
        layer=layer,
        in_cycle=in_cycle,
        depends_on=sorted(graph.depends_on(node, MAP_KINDS), key=lambda other: sort_key(graph, other)),
        required_by=sorted(graph.dependents(node, MAP_KINDS), key=lambda other: sort_key(graph, other)),
        why_this_order=_text(document, "Why This Order"),
        impact_analysis=_text(document, "Impact Analysis"),
        freshness=_freshness(document) if document is not None else None,
        tokens=document_tokens(bank, node) if graph.kind(node) is NodeKind.DOCUMENT else None,
    )


def _edges(graph: BankGraph) -> list[MapEdge]:
    return [
        MapEdge(
            source=edge.source,
            target=edge.target,
            kind=edge.kind.value,  # type: ignore[arg-type]
            declared_by=edge.declared_by,  # type: ignore[arg-type]
            annotations=edge.annotations,
        )
        for edge in graph.edges(MAP_KINDS)
    ]


def drift_badges(drift: Drift) -> dict[str, CodeDrift]:
    """Per drifted document, what changed after its review point (MB311's findings, summed up)."""
    badges = {}
    for document, items in drift.by_document().items():
        commits = {commit.id for item in items for commit in item.commits}
        badges[document] = CodeDrift(
            described=len(drift.described.get(document, [])),
            changed=[item.ref.shown for item in items],
            declared=any(item.ref.explicit for item in items),
            commits=len(commits),
            review_point=items[0].review,
        )
    return badges


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
