"""Bank → `BankGraph` (DESIGN §4). The only module that adds nodes and edges.

Declared edges come from relation entries (A lists B under Depends On, or B lists A under
Required By); convention edges from the bank profile (Cline's hierarchy, cursor's records
depending on `tasks.md`); reference edges from links and code spans between bank documents;
the map document implicitly depends on every document.
"""

from __future__ import annotations

from mbtool.graph.model import BankGraph, Declaration, EdgeKind, NodeKind, Side
from mbtool.model import EntryKind, RelationKind, ResolvedEntry
from mbtool.profiles import is_archived
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
    documents = [
        path for path, doc in bank.documents.items() if doc.readable and not bank.is_generated_map(path)
    ]
    history = [path for path in documents if is_archived(bank.documents[path])]
    for source, target in bank.profile.convention_edges(documents, history):
        graph.add_edge(source, target, EdgeKind.CONVENTION)
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
