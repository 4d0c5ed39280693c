"""Bank → `BankGraph` (DESIGN §4). The only module that adds nodes and edges.

Declared edges come from relation entries (A lists B under Depends On, or B lists A under
Required By); reference edges from links between bank documents; the map document
implicitly depends on every document.
"""

from __future__ import annotations

from mbtool.graph.model import BankGraph, Declaration, EdgeKind, NodeKind, Side
from mbtool.model import EntryKind, RelationKind, ResolvedEntry
from mbtool.reading.bank import Bank

_NODE_KINDS = {
    EntryKind.DOCUMENT: NodeKind.DOCUMENT,
    EntryKind.PATH: NodeKind.PATH,
    EntryKind.CONCEPT: NodeKind.CONCEPT,
}


def build_graph(bank: Bank) -> BankGraph:
    graph = BankGraph()
    map_path = bank.map_path
    for path in sorted(bank.documents):
        kind = NodeKind.MAP if path == map_path else NodeKind.DOCUMENT
        graph.add_node(path, kind, bank.documents[path].title)
    for resolved in bank.entries:
        if resolved.node is not None and resolved.relation is not RelationKind.DESCRIBES:
            graph.add_node(resolved.node, _NODE_KINDS[resolved.node_kind])
            _add_declaration(graph, resolved)
    for source, target in bank.references:
        graph.add_edge(source, target, EdgeKind.REFERENCE)
    if map_path in bank.documents:
        for path in sorted(bank.documents):
            if path != map_path:
                graph.add_edge(map_path, path, EdgeKind.IMPLICIT)
    return graph


def _add_declaration(graph: BankGraph, resolved: ResolvedEntry) -> None:
    assert resolved.node is not None
    if resolved.relation is RelationKind.DEPENDS_ON:
        source, target, side = resolved.source, resolved.node, Side.DEPENDENT
    else:
        source, target, side = resolved.node, resolved.source, Side.DEPENDENCY
    position = resolved.entry.position
    edge = graph.add_edge(source, target, EdgeKind.DECLARED)
    edge.declarations.append(
        Declaration(resolved.source, position.line, position.column, side, resolved.entry.annotation)
    )
