"""The graph as data: `mbtool graph --format json|dot` (DESIGN §6)."""

from __future__ import annotations

from typing import Any

from mbtool.graph.model import BankGraph, EdgeKind


def to_json(graph: BankGraph) -> dict[str, Any]:
    nodes = []
    for node in graph.nodes():
        item: dict[str, Any] = {"id": node, "kind": graph.kind(node).value}
        if graph.title(node) != node:
            item["title"] = graph.title(node)
        nodes.append(item)
    edges = []
    for edge in graph.edges():
        data: dict[str, Any] = {
            "source": edge.source,
            "target": edge.target,
            "kind": edge.kind.value,
            "declared_by": edge.declared_by,
            "annotations": edge.annotations,
        }
        if edge.kind is EdgeKind.IMPLICIT:
            data["implicit"] = True
        edges.append(data)
    return {"nodes": nodes, "edges": edges}


def to_dot(graph: BankGraph) -> str:
    """A plain DOT listing of the graph (the styled diagram lives in `mbtool.diagrams`)."""
    lines: list[str] = ["digraph bank {", "  rankdir=LR;"]
    for node in graph.nodes():
        lines.append(f"  {_quoted(node)} [kind={_quoted(graph.kind(node).value)}];")
    for edge in graph.edges():
        attrs = [f"kind={_quoted(edge.kind.value)}"]
        if edge.declared and edge.one_sided:
            attrs.append("style=dashed")
        elif edge.kind is not EdgeKind.DECLARED:
            attrs.append("style=dotted")
        lines.append(f"  {_quoted(edge.source)} -> {_quoted(edge.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A DOT double-quoted ID: any text, with `"` and `\\` escaped and line breaks kept literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
    return f'"{escaped}"'
