"""The bank's dependency graph as DOT: clusters per folder, shapes per kind, colours per state.

Built with the `graphviz` package (it quotes and escapes). Node identifiers are opaque
(`n0`, `n1`, … in sorted order): a name such as `Python: 3.12` used as an identifier would
be read as node:port. User text appears only in labels and tooltips, each through `nohtml`
so a `<...>` title can never become an HTML-like label. Output is deterministic: nodes and
edges are emitted sorted, with no timestamps.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

import graphviz

from mbtool.graph import BankGraph, EdgeKind, NodeKind

SHAPES = {
    NodeKind.DOCUMENT: "note",
    NodeKind.MAP: "folder",
    NodeKind.CONCEPT: "ellipse",
    NodeKind.PATH: "component",
}
FILL_BY_SEVERITY = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#e7f1ff", None: "#e8f5e9"}
OTHER_FILL = {NodeKind.CONCEPT: "#f3f4f6", NodeKind.PATH: "#f5f0ff"}
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
    # The site's map: classes on nodes and edges (kind, finding, stale; edge ends) that
    # its script reads to search, filter and highlight. Fixed vocabulary, never document text.
    classes: bool = False


@dataclass(frozen=True)
class DiagramSource:
    dot: str
    note: str | None = None  # said to the user, e.g. when folders were folded
    titles: dict[str, str] = field(default_factory=dict)  # opaque node id → the node's name


# Above `fold_threshold` documents, or this many times as many nodes and edges together, the
# picture folds: a layout's time and memory grow with everything drawn (3,000 concepts timed
# out while the document count looked small), not with the documents alone. Six covers the
# four to five dependencies per document of real and generated banks (250 documents with
# 1,150 edges lay out in about 5 s), so a bank of a few hundred documents is drawn document by
# document rather than folded.
ELEMENTS_PER_DOCUMENT = 6


def bank_dot(graph: BankGraph, options: DiagramOptions) -> DiagramSource:
    documents = graph.documents()
    elements = len(graph) + len(graph.nx.edges)
    if len(documents) > options.fold_threshold or elements > options.fold_threshold * ELEMENTS_PER_DOCUMENT:
        return _folded(graph, options, len(documents), elements)
    dot = _digraph(options.title)
    ids = {node: f"n{index}" for index, node in enumerate(graph.nodes())}
    clusters: dict[str, list[str]] = defaultdict(list)
    loose: list[str] = []
    for node in graph.nodes():
        folder = posixpath.dirname(node) if graph.kind(node).is_document else ""
        (clusters[folder] if folder else loose).append(node)
    for node in loose:
        _node(dot, graph, node, ids[node], options)
    for index, folder in enumerate(sorted(clusters)):
        with dot.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(label=_text(folder + "/"), style="rounded,dashed", color="#9ca3af")
            for node in clusters[folder]:
                _node(cluster, graph, node, ids[node], options)
    for edge in graph.edges():
        _edge(dot, graph, edge.source, edge.target, ids, options.classes)
    return DiagramSource(dot.source, titles={ident: node for node, ident in ids.items()})


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


def _node(dot: graphviz.Digraph, graph: BankGraph, node: str, ident: str, options: DiagramOptions) -> None:
    kind = graph.kind(node)
    lines = [posixpath.basename(node) if kind.is_document else node]
    if options.distances is not None and node in options.distances and node != options.emphasise:
        lines.append(f"(distance {options.distances[node]})")
    attrs = {
        "shape": SHAPES[kind],
        "fillcolor": OTHER_FILL.get(kind) or FILL_BY_SEVERITY.get(options.severities.get(node)),
        "tooltip": _text(graph.title(node)),
    }
    href = options.href(node) if kind.is_document else None
    if href:
        attrs["href"] = _text(href)
        attrs["target"] = "_top"
    if node in options.stale:
        attrs.update(color=STALE_BORDER, penwidth="2")
    if node == options.emphasise:
        attrs.update(penwidth="3", color="#1d4ed8", fontname="Helvetica-Bold")
    if options.classes:
        severity = options.severities.get(node) or "none"
        stale = " mb-stale" if node in options.stale else ""
        attrs["class"] = f"mb-node mb-id-{ident} mb-kind-{kind.value} mb-sev-{severity}{stale}"
    dot.node(ident, label=_label(*lines), **attrs)


def _edge(
    dot: graphviz.Digraph, graph: BankGraph, source: str, target: str, ids: dict[str, str], classes: bool
) -> None:
    edge = graph.edge(source, target)
    attrs: dict[str, str] = {}
    if classes:
        attrs["class"] = f"mb-edge mb-from-{ids[source]} mb-to-{ids[target]} mb-edge-{edge.kind.value}"
    if edge.kind is EdgeKind.IMPLICIT:
        attrs.update(style="dotted", color="#d1d5db", arrowhead="none")
    elif edge.kind in (EdgeKind.CONVENTION, EdgeKind.REFERENCE):
        attrs.update(style="dotted", color="#9ca3af")
    elif edge.one_sided and graph.is_document(source) and graph.is_document(target):
        # Only a document can declare the other half; an edge to a concept or path is complete.
        attrs.update(style="dashed", color="#b45309")
    notes = edge.annotations
    attrs["tooltip"] = _text(
        "; ".join(notes) if notes else f"{source} depends on {target} ({edge.kind.value})"
    )
    dot.edge(ids[source], ids[target], **attrs)


def _folded(graph: BankGraph, options: DiagramOptions, count: int, elements: int) -> DiagramSource:
    """Above the threshold: one summary node per top-level folder, edges counted between them."""
    group = {node: _group(node, graph.kind(node)) for node in graph.nodes()}
    sizes = Counter(group[node] for node in graph.documents())
    weights: Counter[tuple[str, str]] = Counter()
    for edge in graph.edges():
        source, target = group[edge.source], group[edge.target]
        if source in sizes and target in sizes and source != target:
            weights[(source, target)] += 1
    if len(sizes) + len(weights) > options.fold_threshold * ELEMENTS_PER_DOCUMENT:
        return _summary_only(options, count, elements)
    ids = {name: f"g{index}" for index, name in enumerate(sorted(sizes))}
    dot = _digraph(f"{options.title} (folded: {count} documents)")
    for name in sorted(sizes):
        extra = {"class": f"mb-node mb-id-{ids[name]} mb-kind-folder mb-sev-none"} if options.classes else {}
        dot.node(
            ids[name],
            label=_label(name, f"{sizes[name]} documents"),
            shape="folder",
            fillcolor=FILL_BY_SEVERITY[None],
            tooltip=_text(name),
            **extra,
        )
    for (source, target), weight in sorted(weights.items()):
        extra = {"class": f"mb-edge mb-from-{ids[source]} mb-to-{ids[target]}"} if options.classes else {}
        dot.edge(ids[source], ids[target], label=str(weight), penwidth=str(min(1 + weight / 10, 5)), **extra)
    note = (
        f"{count} documents ({elements} nodes and edges) exceed the diagram threshold of "
        f"{options.fold_threshold}; folders are folded into {len(sizes)} summary nodes "
        "(use --focus for detail)"
    )
    return DiagramSource(dot.source, note, titles={ident: name for name, ident in ids.items()})


def _summary_only(options: DiagramOptions, count: int, elements: int) -> DiagramSource:
    """Even folded, too much to lay out: one node that says so."""
    dot = _digraph(options.title)
    dot.node("g0", label=_label(f"{count} documents", f"{elements} nodes and edges"), shape="folder")
    note = (
        f"{count} documents in too many folders to draw even folded ({elements} nodes and edges); "
        "use --focus or --impact for a part of the bank"
    )
    return DiagramSource(dot.source, note)


def _group(node: str, kind: NodeKind) -> str:
    if not kind.is_document:
        return ""
    return node.split("/", 1)[0] + "/" if "/" in node else "(bank root)"


def _text(value: str) -> str:
    """A user string for DOT: never HTML-like, backslashes literal (no `\\N`, `\\G` expansion),
    no NUL (it ends a DOT string early)."""
    return cast(str, graphviz.nohtml(_literal(value)))  # keep the NoHtml marker


def _label(*lines: str) -> str:
    """Several escaped lines joined by DOT's own line break."""
    return cast(str, graphviz.nohtml("\\n".join(_literal(value) for value in lines)))


def _literal(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\x00", "\ufffd")
