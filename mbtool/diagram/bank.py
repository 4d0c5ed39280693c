"""The bank's dependency graph as DOT: clusters per folder, shapes per kind, colours per state.

Built with the `graphviz` package (it quotes and escapes); every user string goes through
`nohtml` so a `<...>` title can never become an HTML-like label. Output is deterministic:
nodes and edges are emitted sorted, with no timestamps.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

import graphviz
import networkx as nx

from mbtool.graph.build import declared_by, edge_annotations

SHAPES = {"document": "note", "map": "folder", "concept": "ellipse", "path": "component"}
FILL_BY_SEVERITY = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#e7f1ff", None: "#e8f5e9"}
OTHER_FILL = {"concept": "#f3f4f6", "path": "#f5f0ff"}
STALE_BORDER = "#d97706"


@dataclass
class DiagramOptions:
    title: str = "Memory Bank"
    severities: dict[str, str] = field(default_factory=dict)  # node → worst severity
    stale: set[str] = field(default_factory=set)  # documents overdue or with suspect dependencies
    href: Callable[[str], str | None] = lambda _: None
    fold_threshold: int = 250
    distances: dict[str, int] | None = None  # impact view: node → distance from the target
    emphasise: str | None = None


@dataclass(frozen=True)
class DiagramSource:
    dot: str
    note: str | None = None  # said to the user, e.g. when folders were folded


def bank_dot(graph: nx.DiGraph, options: DiagramOptions) -> DiagramSource:
    documents = [n for n, kind in graph.nodes(data="kind") if kind in ("document", "map")]
    if len(documents) > options.fold_threshold:
        return _folded(graph, options, len(documents))
    dot = _digraph(options.title)
    clusters: dict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for node in sorted(graph.nodes):
        kind = graph.nodes[node].get("kind")
        folder = posixpath.dirname(node) if kind in ("document", "map") else ""
        (clusters[folder] if folder else loose).append(node)
    for node in loose:
        _node(dot, graph, node, options)
    for index, folder in enumerate(sorted(clusters)):
        with dot.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(label=_text(folder + "/"), style="rounded,dashed", color="#9ca3af")
            for node in clusters[folder]:
                _node(cluster, graph, node, options)
    for source, target in sorted(graph.edges):
        _edge(dot, graph, source, target)
    return DiagramSource(dot.source)


def _digraph(title: str) -> graphviz.Digraph:
    dot = graphviz.Digraph("bank", strict=False)
    dot.attr(
        rankdir="LR",
        label=_text(title),
        labelloc="t",
        fontname="Helvetica",
        fontsize="14",
        nodesep="0.3",
        ranksep="0.6",
        newrank="true",
    )
    dot.attr("node", fontname="Helvetica", fontsize="11", style="filled")
    dot.attr("edge", fontname="Helvetica", fontsize="9", color="#6b7280", arrowsize="0.7")
    return dot


def _node(dot: graphviz.Digraph, graph: nx.DiGraph, node: str, options: DiagramOptions) -> None:
    data = graph.nodes[node]
    kind = str(data.get("kind", "concept"))
    lines = [posixpath.basename(node) if kind in ("document", "map") else node]
    if options.distances is not None and node in options.distances and node != options.emphasise:
        lines.append(f"(distance {options.distances[node]})")
    attrs = {
        "shape": SHAPES.get(kind, "ellipse"),
        "fillcolor": OTHER_FILL.get(kind) or FILL_BY_SEVERITY.get(options.severities.get(node)),
        "tooltip": _text(str(data.get("title") or node)),
    }
    href = options.href(node) if kind in ("document", "map") else None
    if href:
        attrs["href"] = _text(href)
        attrs["target"] = "_top"
    if node in options.stale:
        attrs.update(color=STALE_BORDER, penwidth="2")
    if node == options.emphasise:
        attrs.update(penwidth="3", color="#1d4ed8", fontname="Helvetica-Bold")
    dot.node(_text(node), label=_label(*lines), **attrs)


def _edge(dot: graphviz.Digraph, graph: nx.DiGraph, source: str, target: str) -> None:
    data = graph.edges[source, target]
    attrs: dict[str, str] = {}
    if data.get("implicit"):
        attrs.update(style="dotted", color="#d1d5db", arrowhead="none")
    elif len(declared_by(data)) == 1 and _both_documents(graph, source, target):
        attrs.update(style="dashed", color="#b45309")
    notes = edge_annotations(data)
    attrs["tooltip"] = _text("; ".join(notes) if notes else f"{source} depends on {target}")
    dot.edge(_text(source), _text(target), **attrs)


def _both_documents(graph: nx.DiGraph, source: str, target: str) -> bool:
    """Only a document can declare the other half; an edge to a concept or path is complete."""
    return all(graph.nodes[node].get("kind") in ("document", "map") for node in (source, target))


def _folded(graph: nx.DiGraph, options: DiagramOptions, count: int) -> DiagramSource:
    """Above the threshold: one summary node per top-level folder, edges counted between them."""
    group = {node: _group(node, str(kind)) for node, kind in graph.nodes(data="kind")}
    sizes = Counter(group[node] for node, kind in graph.nodes(data="kind") if kind in ("document", "map"))
    dot = _digraph(f"{options.title} (folded: {count} documents)")
    for name in sorted(sizes):
        dot.node(
            _text(name),
            label=_label(name, f"{sizes[name]} documents"),
            shape="folder",
            fillcolor=FILL_BY_SEVERITY[None],
            tooltip=_text(name),
        )
    weights: Counter[tuple[str, str]] = Counter()
    for source, target in graph.edges:
        if group[source] in sizes and group[target] in sizes and group[source] != group[target]:
            weights[(group[source], group[target])] += 1
    for (source, target), weight in sorted(weights.items()):
        dot.edge(_text(source), _text(target), label=str(weight), penwidth=str(min(1 + weight / 10, 5)))
    note = (
        f"{count} documents exceed the diagram threshold of {options.fold_threshold}; "
        f"folders are folded into {len(sizes)} summary nodes (use --focus for detail)"
    )
    return DiagramSource(dot.source, note)


def _group(node: str, kind: str) -> str:
    if kind not in ("document", "map"):
        return ""
    return node.split("/", 1)[0] + "/" if "/" in node else "(bank root)"


def _text(value: str) -> str:
    """A user string for DOT: never HTML-like, backslashes literal (no `\\N`, `\\G` expansion)."""
    return cast(str, graphviz.nohtml(value.replace("\\", "\\\\")))  # keep the NoHtml marker


def _label(*lines: str) -> str:
    """Several escaped lines joined by DOT's own line break."""
    return cast(str, graphviz.nohtml("\\n".join(value.replace("\\", "\\\\") for value in lines)))


def restrict(graph: nx.DiGraph, nodes: Iterable[str]) -> nx.DiGraph:
    """The subgraph on `nodes` (a view, no copy)."""
    return graph.subgraph(sorted(set(nodes)))
