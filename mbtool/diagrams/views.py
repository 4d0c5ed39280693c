"""The three bank views — whole bank, focus, impact — as DOT, chosen from one set of options."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mbtool.checks.diagnostics import LEVEL_ORDER, Diagnostic
from mbtool.diagrams.bank import DiagramOptions, DiagramSource, bank_dot
from mbtool.diagrams.render import Format, render, restore_titles
from mbtool.graph import BankGraph
from mbtool.graph.impact import impact_of

STALE_CODES = frozenset({"MB301", "MB302"})


@dataclass(frozen=True)
class View:
    focus: str | None = None
    radius: int = 1
    impact: str | None = None
    # Concepts and paths: drawn only on request. A bank names many (30 concepts beside 9
    # documents in one real bank), and their ellipses crowded out the documents.
    concepts: bool = False


def view_dot(
    graph: BankGraph,
    view: View,
    diagnostics: list[Diagnostic],
    *,
    href: Callable[[str], str | None],
    title: str,
    fold_threshold: int,
    classes: bool = False,
) -> DiagramSource:
    options = DiagramOptions(
        title=title,
        severities=worst_severities(diagnostics),
        stale={d.path for d in diagnostics if d.code in STALE_CODES},
        href=href,
        fold_threshold=fold_threshold,
        classes=classes,
    )
    if view.impact is not None:
        result = impact_of(graph, view.impact)
        options.distances = {item.id: item.distance for item in result.impacted}
        options.emphasise = view.impact
        options.title = f"{title}: impact of {view.impact}"
        return bank_dot(_shown(graph, [view.impact, *options.distances], view), options)
    if view.focus is not None:
        options.emphasise = view.focus
        options.title = f"{title}: around {view.focus}"
        return bank_dot(_shown(graph, graph.neighbourhood(view.focus, view.radius), view), options)
    return bank_dot(_shown(graph, graph.nodes(), view), options)


def _shown(graph: BankGraph, nodes: Iterable[str], view: View) -> BankGraph:
    """The nodes a view draws: documents (the map included), plus concepts and paths on request."""
    if view.concepts:
        return graph.subgraph(nodes)
    keep = [node for node in nodes if graph.kind(node).is_document or node in (view.focus, view.impact)]
    return graph.subgraph(keep)


def has_concepts(graph: BankGraph) -> bool:
    """Whether the bank names any concept or path (a picture with them differs from one without)."""
    return any(not graph.kind(node).is_document for node in graph.nodes())


def worst_severities(diagnostics: list[Diagnostic]) -> dict[str, str]:
    worst: dict[str, str] = {}
    for diagnostic in diagnostics:
        current = worst.get(diagnostic.path)
        if current is None or LEVEL_ORDER[diagnostic.severity] > LEVEL_ORDER[current]:
            worst[diagnostic.path] = diagnostic.severity
    return worst


def render_view(source: DiagramSource, fmt: Format, renderer: str = "pure") -> bytes:
    """Render a bank view; an SVG gets the node names back in its `<title>` elements."""
    data = render(source.dot, fmt, renderer)
    return restore_titles(data, source.titles) if fmt == "svg" else data
