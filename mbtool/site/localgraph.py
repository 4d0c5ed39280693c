"""A page's neighbourhood at depth 1 as a small clickable SVG, drawn without a layout engine.

Three columns: the documents that depend on this one (left), this document (middle), the
documents it depends on (right); an arrow points from a document to what it depends on, as
on the dependency map, and boxes are coloured the map's way (worst finding, orange border
when stale). Concepts and paths are left out (the panel lists them); a long column shows its
first `PER_SIDE` documents and counts the rest. Drawing it in Python costs microseconds, so
every page gets one (a Graphviz layout per page would cost more than the whole build).
"""

from __future__ import annotations

import html
import posixpath
from typing import TYPE_CHECKING

from mbtool.diagrams.bank import FILL_BY_SEVERITY, STALE_BORDER

if TYPE_CHECKING:
    from mbtool.site.panel import Links, Neighbour, PanelData

PER_SIDE = 10
BOX_W, BOX_H, GAP, COLUMN_GAP, PAD = 190, 26, 8, 70, 6
LABEL_CHARS = 26


def local_graph(data: PanelData, links: Links) -> str:
    """The SVG (wrapped in a figure with a one-line caption), or "" when the page has no neighbours."""
    left = _documents(data.required_by)
    right = _documents(data.depends_on)
    if not left and not right:
        return ""
    rows = max(len(left), len(right), 1)
    height = PAD * 2 + rows * BOX_H + (rows - 1) * GAP
    width = PAD * 2 + 3 * BOX_W + 2 * COLUMN_GAP
    centre_y = (height - BOX_H) / 2
    parts = [
        f'<svg class="mbtool-local-graph" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{_attr(_caption(data))}">',
        _arrowhead(),
    ]
    centre_x = PAD + BOX_W + COLUMN_GAP
    for index, node in enumerate(left):
        y = _row_y(index, len(left), height)
        parts.append(_edge(PAD + BOX_W, y + BOX_H / 2, centre_x, centre_y + BOX_H / 2))
        parts.append(_box(node, PAD, y, links))
    for index, node in enumerate(right):
        y = _row_y(index, len(right), height)
        x = centre_x + BOX_W + COLUMN_GAP
        parts.append(_edge(centre_x + BOX_W, centre_y + BOX_H / 2, x, y + BOX_H / 2))
        parts.append(_box(node, x, y, links))
    parts.append(_box(data.path, centre_x, centre_y, links, here=True))
    parts.append("</svg>")
    return "\n".join(
        [
            '<figure class="mbtool-local">',
            "".join(parts),
            f"<figcaption>{html.escape(_caption(data), quote=False)}</figcaption>",
            "</figure>",
        ]
    )


def _documents(items: list[Neighbour]) -> list[str]:
    """The document neighbours, the first PER_SIDE of them, then "+N more" when there are more."""
    names = [item.node for item in items if item.kind in ("document", "map")]
    if len(names) <= PER_SIDE:
        return names
    return [*names[: PER_SIDE - 1], f"+{len(names) - PER_SIDE + 1} more"]


def _caption(data: PanelData) -> str:
    dependents = sum(1 for item in data.required_by if item.kind in ("document", "map"))
    dependencies = sum(1 for item in data.depends_on if item.kind in ("document", "map"))
    verb = "depends" if dependents == 1 else "depend"
    return (
        f"{_plural(dependents, 'document')} {verb} on this one (left); it depends on "
        f"{_plural(dependencies, 'document')} (right). Arrows point to what a document depends on."
    )


def _row_y(index: int, count: int, height: float) -> float:
    block = count * BOX_H + (count - 1) * GAP
    return (height - block) / 2 + index * (BOX_H + GAP)


def _box(node: str, x: float, y: float, links: Links, here: bool = False) -> str:
    more = node.startswith("+") and node.endswith(" more")
    label = node if more else _label(node)
    severity = None if more else links.severity(node)
    fill = "#f3f4f6" if more else FILL_BY_SEVERITY.get(severity, FILL_BY_SEVERITY[None])
    stroke, width = ("#1d4ed8", 2.5) if here else ((STALE_BORDER, 2) if links.stale(node) else ("#6b7280", 1))
    weight = ' font-weight="bold"' if here else ""
    shape = (
        f'<rect x="{x:g}" y="{y:g}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width:g}"/>'
        f'<text x="{x + BOX_W / 2:g}" y="{y + BOX_H / 2 + 4:g}" text-anchor="middle" '
        f'font-size="12"{weight}>{html.escape(label, quote=False)}</text>'
    )
    title = f"<title>{html.escape(node, quote=False)}</title>"
    url = None if (here or more) else links.document(node)
    if url is None:
        return f'<g class="mbtool-local-node">{title}{shape}</g>'
    # `xlink:href`, as Graphviz writes: Material's instant navigation rewrites every `[href]` of
    # a new page, and an SVG link's `href` property cannot be assigned (a script error).
    return f'<a xlink:href="{_attr(url)}" class="mbtool-local-node">{title}{shape}</a>'


def _label(node: str) -> str:
    name = posixpath.basename(node)
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def _edge(x1: float, y1: float, x2: float, y2: float) -> str:
    middle = (x1 + x2) / 2
    return (
        f'<path d="M{x1:g},{y1:g} C{middle:g},{y1:g} {middle:g},{y2:g} {x2 - 2:g},{y2:g}" fill="none" '
        'stroke="#6b7280" stroke-width="1.2" marker-end="url(#mbtool-arrow)"/>'
    )


def _arrowhead() -> str:
    return (
        '<defs><marker id="mbtool-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b7280"/>'
        "</marker></defs>"
    )


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
