"""The typed face of the dependency graph: node and edge kinds, edges as values, queries.

`BankGraph` wraps a `networkx.DiGraph` whose node attribute is a `Node` and whose edge
attribute is an `Edge`. Nothing outside `mbtool.graph` reads attribute strings: callers ask
`kind()`, `edge()`, `depends_on()`, `dependents()`, `groups()`.

An edge A → B means "A depends on B" (DESIGN §4).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from itertools import islice

import networkx as nx


class NodeKind(StrEnum):
    DOCUMENT = "document"
    MAP = "map"  # the dependency map document
    CONCEPT = "concept"
    PATH = "path"

    @property
    def is_document(self) -> bool:
        """Bank documents, the map included."""
        return self in (NodeKind.DOCUMENT, NodeKind.MAP)


class EdgeKind(StrEnum):
    """Why an edge exists, strongest first (an edge keeps its strongest kind)."""

    DECLARED = "declared"  # a document says so (Depends On / Required By)
    CONVENTION = "convention"  # the bank profile's hierarchy says so
    IMPLICIT = "implicit"  # the map document depends on every document
    REFERENCE = "reference"  # a link between documents: "also mentions it"


# Edges impact follows by default; references only on request.
STRONG_KINDS = frozenset({EdgeKind.DECLARED, EdgeKind.CONVENTION, EdgeKind.IMPLICIT})
ALL_KINDS = frozenset(EdgeKind)
_STRENGTH = {kind: rank for rank, kind in enumerate(EdgeKind)}


class Side(StrEnum):
    DEPENDENT = "dependent"  # written by the document that depends (Depends On)
    DEPENDENCY = "dependency"  # written by the document depended on (Required By)


@dataclass(frozen=True, slots=True)
class Declaration:
    """Where one side of a declared edge was written."""

    path: str
    line: int
    column: int
    side: Side
    annotation: str | None


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    title: str


@dataclass(slots=True)
class Edge:
    """One edge; `kinds` is a shared frozenset (a dense bank has a million edges, and a set of
    its own per edge would cost 200 bytes each)."""

    source: str
    target: str
    kinds: frozenset[EdgeKind] = frozenset()
    declarations: list[Declaration] = field(default_factory=list)

    @property
    def kind(self) -> EdgeKind:
        return _strongest(self.kinds)

    @property
    def declared(self) -> bool:
        return EdgeKind.DECLARED in self.kinds

    @property
    def declared_by(self) -> list[str]:
        return sorted({declaration.side.value for declaration in self.declarations})

    @property
    def one_sided(self) -> bool:
        """Declared by exactly one of the two documents."""
        return len({declaration.side for declaration in self.declarations}) == 1

    @property
    def annotations(self) -> list[str]:
        return list(dict.fromkeys(d.annotation for d in self.declarations if d.annotation))

    def first_declaration(self) -> Declaration:
        """The dependent's own declaration when there is one (where findings are reported)."""
        return next((d for d in self.declarations if d.side is Side.DEPENDENT), self.declarations[0])


class BankGraph:
    """The bank's dependency graph with typed queries. Build it with `mbtool.graph.build_graph`."""

    def __init__(self, graph: nx.DiGraph | None = None) -> None:
        self.nx = graph if graph is not None else nx.DiGraph()
        self._cycles: dict[tuple[tuple[str, ...], int], list[list[str]]] = {}

    # -- building (used by `mbtool.graph.build`) ------------------------------------------------
    def add_node(self, node: str, kind: NodeKind, title: str | None = None) -> None:
        if node not in self.nx:
            self.nx.add_node(node, node=Node(node, kind, title or node))

    def add_edge(self, source: str, target: str, kind: EdgeKind) -> Edge:
        if not self.nx.has_edge(source, target):
            self.nx.add_edge(source, target, edge=Edge(source, target))
        edge: Edge = self.nx.edges[source, target]["edge"]
        if kind not in edge.kinds:
            edge.kinds = _with_kind(edge.kinds, kind)
        return edge

    # -- nodes -----------------------------------------------------------------------------------
    def __contains__(self, node: object) -> bool:
        return node in self.nx

    def __len__(self) -> int:
        return len(self.nx)

    def node(self, node: str) -> Node:
        found: Node = self.nx.nodes[node]["node"]
        return found

    def kind(self, node: str) -> NodeKind:
        return self.node(node).kind

    def title(self, node: str) -> str:
        return self.node(node).title

    def nodes(self, *kinds: NodeKind) -> list[str]:
        """Node ids, sorted; only the given kinds when any are given."""
        return sorted(n for n, data in self.nx.nodes(data="node") if not kinds or data.kind in kinds)

    def documents(self) -> list[str]:
        """Bank documents (the map included), sorted."""
        return self.nodes(NodeKind.DOCUMENT, NodeKind.MAP)

    def is_document(self, node: str) -> bool:
        return node in self.nx and self.kind(node).is_document

    # -- edges -----------------------------------------------------------------------------------
    def has_edge(self, source: str, target: str) -> bool:
        return bool(self.nx.has_edge(source, target))

    def edge(self, source: str, target: str) -> Edge:
        found: Edge = self.nx.edges[source, target]["edge"]
        return found

    def edges(self, kinds: Iterable[EdgeKind] = ALL_KINDS) -> Iterator[Edge]:
        """Edges whose strongest kind is one of `kinds`, sorted by (source, target)."""
        wanted = frozenset(kinds)
        for source, target in sorted(self.nx.edges):
            edge = self.edge(source, target)
            if edge.kind in wanted:
                yield edge

    def depends_on(self, node: str, kinds: Iterable[EdgeKind] = STRONG_KINDS) -> list[str]:
        """What `node` depends on directly, sorted."""
        wanted = frozenset(kinds)
        return sorted(t for t in self.nx.successors(node) if self.edge(node, t).kind in wanted)

    def dependents(self, node: str, kinds: Iterable[EdgeKind] = STRONG_KINDS) -> list[str]:
        """What depends on `node` directly, sorted."""
        wanted = frozenset(kinds)
        return sorted(s for s in self.nx.predecessors(node) if self.edge(s, node).kind in wanted)

    def touching(self, node: str) -> list[Edge]:
        """Every edge into or out of `node`."""
        return [self.edge(s, node) for s in self.nx.predecessors(node)] + [
            self.edge(node, t) for t in self.nx.successors(node)
        ]

    # -- structure -------------------------------------------------------------------------------
    @cached_property
    def declared_documents(self) -> nx.DiGraph:
        """Declared edges between documents, self-loops excluded: where cycles are looked for.
        A view (no copy: a dense bank's million edges would be stored twice)."""
        documents = set(self.documents())

        def declared(source: str, target: str) -> bool:
            return source != target and EdgeKind.DECLARED in self.edge(source, target).kinds

        view: nx.DiGraph = nx.subgraph_view(self.nx, filter_node=documents.__contains__, filter_edge=declared)
        return view

    @cached_property
    def groups(self) -> list[list[str]]:
        """Strongly connected groups of two or more documents over declared edges, each sorted,
        in order of their first member (deterministic whatever the hash seed)."""
        found = [sorted(group) for group in nx.strongly_connected_components(self.declared_documents)]
        return sorted((group for group in found if len(group) > 1), key=lambda group: group[0])

    def cycles(self, group: list[str], limit: int) -> list[list[str]]:
        """Up to `limit + 1` simple cycles of one group, each rotated to start at its smallest
        member, shortest first. Enumeration stops early: a dense group has exponentially many.
        Kept per group (MB203 and MB212 both ask; networkx copies the group to search it)."""
        key = (tuple(group), limit)
        if key not in self._cycles:
            sub = self.declared_documents.subgraph(group)
            found = [_rotated(cycle) for cycle in islice(nx.simple_cycles(sub), limit + 1)]
            self._cycles[key] = sorted(found, key=lambda cycle: (len(cycle), cycle))
        return [list(cycle) for cycle in self._cycles[key]]

    def shortest_cycle(self, group: list[str]) -> list[str]:
        """A shortest cycle through the group's smallest member (breadth-first, sorted: stable)."""
        start, members = group[0], set(group)
        parents: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            for target in sorted(self.declared_documents.successors(node)):
                if target == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return path[::-1]
                if target in members and target not in parents:
                    parents[target] = node
                    queue.append(target)
        return group  # unreachable for a strongly connected group

    def subgraph(self, nodes: Iterable[str]) -> BankGraph:
        """The graph restricted to `nodes` (a view, no copy)."""
        return BankGraph(self.nx.subgraph(sorted(set(nodes))))

    def neighbourhood(self, node: str, radius: int) -> set[str]:
        """Nodes within `radius` edges of `node`, in either direction."""
        undirected = self.nx.to_undirected(as_view=True)
        return set(nx.single_source_shortest_path_length(undirected, node, cutoff=radius))


@cache
def _strongest(kinds: frozenset[EdgeKind]) -> EdgeKind:
    return min(kinds, key=_STRENGTH.__getitem__)


@cache
def _with_kind(kinds: frozenset[EdgeKind], kind: EdgeKind) -> frozenset[EdgeKind]:
    return kinds | {kind}


def _rotated(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]
