"""Rules about the shape of the dependency graph (MB203, MB204, MB210).

Only declared edges between documents count: the map's implicit edges and edges to
concepts or paths never form a cycle.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from mbtool.checks.rules.base import Context, Rule, Violation
from mbtool.graph.build import Declaration

MAX_CYCLES = 200  # a pathological bank could have exponentially many; report the first ones
_DOCUMENT_KINDS = frozenset({"document", "map"})


def dependency_cycle(context: Context) -> Iterator[Violation]:
    """What it does:
    Reports each cycle of Depends On edges between documents once, with its path
    (`a.md → b.md → a.md`), at the first declaration of its first edge. Cycles start at
    their alphabetically first document. Self-dependencies are MB204.

    Why is this bad?
    A cycle has no reading order: agents told to read dependencies first cannot start,
    and impact analysis reports every member as affected by every other.

    Example:
    ```markdown
    <!-- a.md -->
    - **Depends On:** b.md
    <!-- b.md -->
    - **Depends On:** a.md
    ```

    Use instead:
    Decide which document is foundational and turn the other edge around (or drop it),
    recording the reason under **Why This Order**.

    Fix:
    By hand; which edge is wrong is a judgement.
    """
    graph = context.graph
    view = nx.subgraph_view(
        graph,
        filter_node=lambda node: graph.nodes[node].get("kind") in _DOCUMENT_KINDS,
        filter_edge=lambda source, target: (
            source != target and not graph.edges[source, target].get("implicit")
        ),
    )
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(view):
        if len(component) > 1:
            for cycle in nx.simple_cycles(view.subgraph(component)):
                cycles.append(_rotated(cycle))
                if len(cycles) >= MAX_CYCLES:
                    break
        if len(cycles) >= MAX_CYCLES:
            break
    for cycle in sorted(cycles, key=lambda nodes: (len(nodes), nodes)):
        where = _declaration(graph.edges[cycle[0], cycle[1]])
        path = " → ".join([*cycle, cycle[0]])
        yield Violation(where.path, where.line, where.column, f"dependency cycle `{path}`")


def self_dependency(context: Context) -> Iterator[Violation]:
    """What it does:
    Reports a document that depends on itself (lists itself under Depends On or
    Required By).

    Why is this bad?
    It says nothing true, and usually is a copy-paste slip for another document's name.

    Example:
    ```markdown
    <!-- progress.md -->
    - **Depends On:** progress.md
    ```

    Use instead:
    ```markdown
    - **Depends On:** activeContext.md
    ```

    Fix:
    Remove or correct the entry by hand.
    """
    for node, kind in sorted(context.graph.nodes(data="kind")):
        if kind in _DOCUMENT_KINDS and context.graph.has_edge(node, node):
            data = context.graph.edges[node, node]
            if not data.get("implicit"):
                where = _declaration(data)
                yield Violation(where.path, where.line, where.column, f"`{node}` depends on itself")


def orphan_document(context: Context) -> Iterator[Violation]:
    """What it does:
    Reports a document with no edges at all: it depends on nothing and nothing depends on
    it (the dependency map's implicit edges do not count; edges to concepts and paths do).

    Why is this bad?
    Nobody will be told to read or revisit it; it is often a leftover or a document that
    was meant to be linked into the bank.

    Example:
    `notes/old-ideas.md` with no relations, named by no other document.

    Use instead:
    Declare where it belongs (`**Depends On:** projectbrief.md`), or delete it.

    Fix:
    By hand.
    """
    graph = context.graph
    for node, kind in sorted(graph.nodes(data="kind")):
        document = context.bank.documents.get(node)
        if kind != "document" or document is None or not document.readable:
            continue
        if any(finding.code == "MB003" for finding in document.findings):
            continue
        edges = [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]
        if all(data.get("implicit") for _, _, data in edges):
            yield Violation(node, 1, 1, f"`{node}` has no relations to any other node")


def _rotated(cycle: list[str]) -> list[str]:
    start = cycle.index(min(cycle))
    return cycle[start:] + cycle[:start]


def _declaration(data: dict[str, Any]) -> Declaration:
    declarations: list[Declaration] = data["declarations"]
    return next((d for d in declarations if d.side == "dependent"), declarations[0])


RULES = (
    Rule("MB203", "dependency-cycle", "error", dependency_cycle),
    Rule("MB204", "self-dependency", "error", self_dependency),
    Rule("MB210", "orphan-document", "info", orphan_document),
)
