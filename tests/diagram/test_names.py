"""Every name renders: arbitrary node names go through DOT and graphviz-pure unharmed (DESIGN §4)."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbtool.diagrams.bank import DiagramOptions, bank_dot
from mbtool.diagrams.render import render, restore_titles
from mbtool.graph import BankGraph, EdgeKind, NodeKind

# Names that broke DOT before: ports (`a:b`), quotes, backslashes, newlines, HTML, non-ASCII.
_TRICKY = st.sampled_from(
    [
        "build(deps): :arrow_up: x",
        'a"b',
        "c\\d",
        "line\nbreak",
        "<b>&amp;</b>",
        "Ünïcødé ✓",
        "n0",
        "edge -> x",
        "{}[];=",
    ]
)
_NAMES = st.one_of(_TRICKY, st.text(min_size=1, max_size=20).filter(lambda text: text.strip()))
_KINDS = st.sampled_from([NodeKind.DOCUMENT, NodeKind.CONCEPT, NodeKind.PATH])


@st.composite
def graphs(draw: st.DrawFn) -> BankGraph:
    names = draw(st.lists(_NAMES, min_size=1, max_size=6, unique=True))
    graph = BankGraph()
    for name in names:
        kind = draw(_KINDS)
        node = f"{name}.md" if kind is NodeKind.DOCUMENT else name
        graph.add_node(node, kind, draw(_NAMES))
    nodes = graph.nodes()
    for _ in range(draw(st.integers(0, 8))):
        source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        graph.add_edge(source, target, draw(st.sampled_from(list(EdgeKind))))
    return graph


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_any_names_render_with_graphviz_pure(graph: BankGraph) -> None:
    source = bank_dot(graph, DiagramOptions())
    svg = restore_titles(render(source.dot, "svg"), source.titles)
    titles = {html.unescape(title) for title in re.findall(r"<title>([^<]*)</title>", svg.decode("utf-8"))}
    assert set(graph.nodes()) <= titles
