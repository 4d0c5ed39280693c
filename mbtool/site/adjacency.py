"""The graph's neighbours as plain dictionaries, computed once per build for every page.

A site shows, on each of its N pages, what the page depends on, what depends on it and what a
change to it affects. Asking the graph for each page walked networkx N times and filtered every
edge by kind on every step; here each edge is read once, and a page's impact is a breadth-first
walk over lists (the same order and distances as `mbtool impact`: level by level, each level
sorted).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mbtool.graph import BankGraph, Edge, EdgeKind
from mbtool.graph.model import STRONG_KINDS

# Edges a panel lists under Depends On / Required By (links and the map's edges are not relations).
PANEL_KINDS = frozenset({EdgeKind.DECLARED, EdgeKind.CONVENTION})


@dataclass
class Adjacency:
    kinds: dict[str, str]  # node → kind value
    depends_on: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))  # PANEL_KINDS
    required_by: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))  # PANEL_KINDS
    dependents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # STRONG_KINDS

    @classmethod
    def of(cls, graph: BankGraph) -> Adjacency:
        adjacency = cls({node: graph.kind(node).value for node in graph.nodes()})
        for edge in graph.edges():  # sorted by (source, target): every list comes out sorted
            kind = edge.kind
            if kind in PANEL_KINDS:
                adjacency.depends_on[edge.source].append(edge)
                adjacency.required_by[edge.target].append(edge)
            if kind in STRONG_KINDS:
                adjacency.dependents[edge.target].append(edge.source)
        for sources in adjacency.dependents.values():
            sources.sort()
        adjacency.required_by = defaultdict(
            list,
            {node: sorted(edges, key=lambda e: e.source) for node, edges in adjacency.required_by.items()},
        )
        return adjacency

    def impact(self, start: str) -> list[tuple[str, str, int]]:
        """(node, kind, distance) for everything that transitively depends on `start`, nearest first."""
        seen = {start}
        found: list[tuple[str, str, int]] = []
        level, distance = [start], 0
        while level:
            distance += 1
            following: set[str] = set()
            for node in level:
                for source in self.dependents.get(node, ()):
                    if source not in seen:
                        seen.add(source)
                        following.add(source)
            level = sorted(following)
            found.extend((node, self.kinds[node], distance) for node in level)
        return found
