"""graph: the bank as a typed dependency graph, the impact query, and exports (DESIGN §4).

The only package that builds networkx structures; rules, impact, the map, diagrams and the
site ask `BankGraph` questions instead of reading attribute strings.
"""

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from mbtool.graph.build import build_graph
else:

    def __getattr__(name: str) -> Any:
        """`build_graph` is imported when first asked for: it needs the reading stage (the
        bank), which `impact` answered from a kept graph snapshot never loads."""
        if name == "build_graph":
            # start-up: the reading stage (markdown-it, the configuration) only when asked
            from mbtool.graph.build import build_graph

            return build_graph
        raise AttributeError(name)
