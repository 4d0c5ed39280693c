"""graph: the bank as a `networkx.DiGraph` (DESIGN §4). The only module that builds networkx structures.

An edge A → B means "A depends on B". It exists when A lists B under Depends On or B lists
A under Required By; `declared_by` records which side(s) said so. The map document
implicitly depends on every document (edges marked `implicit`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import networkx as nx

from mbtool.model import RelationKind, ResolvedEntry
from mbtool.reading.bank import Bank


@dataclass(frozen=True)
class Declaration:
    """Where one side of an edge was written."""

    path: str
    line: int
    column: int
    side: str  # "dependent" or "dependency"
    annotation: str | None


def build_graph(bank: Bank) -> nx.DiGraph:
    graph = nx.DiGraph()
    map_path = bank.map_path
    for path in sorted(bank.documents):
        kind = "map" if path == map_path else "document"
        graph.add_node(path, kind=kind, title=bank.documents[path].title)
    for resolved in bank.entries:
        if resolved.node is None:
            continue
        if resolved.node not in graph:
            graph.add_node(resolved.node, kind=resolved.node_kind.value, title=resolved.node)
        _add_declaration(graph, resolved)
    if map_path in bank.documents:
        for path in sorted(bank.documents):
            if path != map_path and not graph.has_edge(map_path, path):
                graph.add_edge(map_path, path, declarations=[], implicit=True)
    return graph


def _add_declaration(graph: nx.DiGraph, resolved: ResolvedEntry) -> None:
    assert resolved.node is not None
    if resolved.relation is RelationKind.DEPENDS_ON:
        source, target, side = resolved.source, resolved.node, "dependent"
    else:
        source, target, side = resolved.node, resolved.source, "dependency"
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, declarations=[], implicit=False)
    data = graph.edges[source, target]
    data["implicit"] = False
    position = resolved.entry.position
    data["declarations"].append(
        Declaration(resolved.source, position.line, position.column, side, resolved.entry.annotation)
    )


def declared_by(data: dict[str, Any]) -> list[str]:
    return sorted({declaration.side for declaration in data["declarations"]})


def edge_annotations(data: dict[str, Any]) -> list[str]:
    seen: dict[str, None] = {}
    for declaration in data["declarations"]:
        if declaration.annotation:
            seen.setdefault(declaration.annotation, None)
    return list(seen)


def to_json(graph: nx.DiGraph) -> dict[str, Any]:
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        item: dict[str, Any] = {"id": node, "kind": data["kind"]}
        if data.get("title") and data["title"] != node:
            item["title"] = data["title"]
        nodes.append(item)
    edges = []
    for source, target in sorted(graph.edges):
        data = graph.edges[source, target]
        edge: dict[str, Any] = {
            "source": source,
            "target": target,
            "declared_by": declared_by(data),
            "annotations": edge_annotations(data),
        }
        if data.get("implicit"):
            edge["implicit"] = True
        edges.append(edge)
    return {"nodes": nodes, "edges": edges}


def to_dot(graph: nx.DiGraph) -> str:
    """A plain DOT listing of the graph (the styled diagram lives in `mbtool.diagram`)."""
    lines: list[str] = ["digraph bank {", "  rankdir=LR;"]
    for node in sorted(graph.nodes):
        lines.append(
            f"  {json.dumps(node, ensure_ascii=False)} [kind={json.dumps(graph.nodes[node]['kind'])}];"
        )
    for source, target in sorted(graph.edges):
        style = " [style=dashed]" if len(declared_by(graph.edges[source, target])) == 1 else ""
        lines.append(
            f"  {json.dumps(source, ensure_ascii=False)} -> {json.dumps(target, ensure_ascii=False)}{style};"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def neighbourhood(graph: nx.DiGraph, node: str, radius: int) -> set[str]:
    """Nodes within `radius` edges of `node`, in either direction."""
    lengths = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), node, cutoff=radius)
    return set(lengths)
