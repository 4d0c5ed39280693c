"""The whole `BankGraph` as plain JSON values and back, for the result cache.

`impact` with a target not asked before rebuilds the graph from the snapshot the last run
stored (when nothing it rests on changed) instead of loading the bank: no documents, no
resolution, no parse cache. JSON, not pickle: a cache folder is never trusted to run code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mbtool.graph.impact import Impact, cwd_aliases, find_target, impact_of
from mbtool.graph.model import BankGraph, Declaration, Edge, EdgeKind, NodeKind, Side


def to_snapshot(graph: BankGraph) -> dict[str, Any]:
    nodes = [[node, graph.kind(node).value, graph.title(node)] for node in graph.nx]
    edges = []
    for source, target in graph.nx.edges:
        edge = graph.edge(source, target)
        declarations = [[d.path, d.line, d.column, d.side.value, d.annotation] for d in edge.declarations]
        edges.append([source, target, sorted(kind.value for kind in edge.kinds), declarations])
    return {"nodes": nodes, "edges": edges}


def from_snapshot(data: dict[str, Any]) -> BankGraph:
    """The graph `to_snapshot` described, nodes and edges in the same order (ValueError,
    KeyError or TypeError when `data` is not one)."""
    graph = BankGraph()
    for node, kind, title in data["nodes"]:
        graph.add_node(str(node), NodeKind(kind), str(title))
    adjacency = graph.nx
    for source, target, kinds, declarations in data["edges"]:
        if source not in adjacency or target not in adjacency or not kinds:
            raise ValueError("not an edge of this graph")
        written = [
            Declaration(str(path), int(line), int(column), Side(side), None if note is None else str(note))
            for path, line, column, side, note in declarations
        ]
        edge = Edge(str(source), str(target), frozenset(EdgeKind(kind) for kind in kinds), written)
        adjacency.add_edge(edge.source, edge.target, edge=edge)
    return graph


def impact_from_snapshot(
    snapshot: dict[str, Any],
    target: str,
    *,
    depth: int | None = None,
    upstream: bool = False,
    references: bool = False,
    cwd: Path | None = None,
) -> Impact:
    """`impact` over a kept snapshot (`{"bank", "project", "graph"}`, the graph as
    `to_snapshot` writes it) instead of a loaded bank: how the result cache answers a query it
    has not seen when nothing the graph rests on changed. The same answer as `mbtool.impact`."""
    graph = from_snapshot(snapshot["graph"])
    here = (cwd or Path.cwd()).resolve()
    aliases = cwd_aliases(target, here, Path(snapshot["bank"]), Path(snapshot["project"]))
    node = find_target(graph, target, aliases)
    return impact_of(graph, node, upstream=upstream, depth=depth, references=references)
