"""graph: the bank as a typed dependency graph, the impact query, and exports (DESIGN §4).

The only package that builds networkx structures; rules, impact, the map, diagrams and the
site ask `BankGraph` questions instead of reading attribute strings.
"""

from mbtool.graph.build import build_graph
from mbtool.graph.model import (
    ALL_KINDS,
    STRONG_KINDS,
    BankGraph,
    Declaration,
    Edge,
    EdgeKind,
    Node,
    NodeKind,
    Side,
)

__all__ = [
    "ALL_KINDS",
    "STRONG_KINDS",
    "BankGraph",
    "Declaration",
    "Edge",
    "EdgeKind",
    "Node",
    "NodeKind",
    "Side",
    "build_graph",
]
