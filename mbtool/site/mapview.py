"""The interactive dependency map page: the pictures, the legend, and the hooks its script reads.

The pictures are Graphviz SVG (sanitised like everything else). Each node and edge carries
classes from a fixed vocabulary (`mb-node mb-id-n3 mb-kind-document mb-sev-error mb-stale`,
`mb-edge mb-from-n3 mb-to-n7`), never document text, and the node's name is the text of its
`<title>`; `mbtool.js` (a static asset, the same for every bank) reads those to pan, zoom,
search, filter and highlight. Without JavaScript the page still shows the whole picture,
clickable, with its legend.

The documents-only picture is shown first; when the bank names concepts or paths a second
picture with them is behind the "Concepts and paths" toggle (their ellipses crowded out the
documents when drawn by default).
"""

from __future__ import annotations

from mbtool.diagrams.bank import FILL_BY_SEVERITY, OTHER_FILL, STALE_BORDER
from mbtool.graph import NodeKind

# (colour, what it means) for node fills; the border and edge styles follow.
_FILLS = [
    (FILL_BY_SEVERITY[None], "no finding"),
    (FILL_BY_SEVERITY["info"], "worst finding: info"),
    (FILL_BY_SEVERITY["warning"], "worst finding: warning"),
    (FILL_BY_SEVERITY["error"], "worst finding: error"),
    (OTHER_FILL[NodeKind.CONCEPT], "a concept (with concepts and paths shown)"),
    (OTHER_FILL[NodeKind.PATH], "a repository path (with concepts and paths shown)"),
]
_EDGES = [
    ("solid", "#6b7280", "A → B: A depends on B (declared by a document)"),
    ("dashed", "#b45309", "declared on one side only (the other document does not list it)"),
    ("dotted", "#9ca3af", "a convention of the bank's profile, or a plain link"),
    ("dotted", "#d1d5db", "no arrowhead: the map document lists every document"),
]


def picture(svg: str, name: str, hidden: bool) -> str:
    """One picture in the map's viewport (`name`: "documents" or "all")."""
    attribute = " hidden" if hidden else ""
    return f'<figure class="mbtool-map-picture" data-picture="{name}"{attribute}>\n{svg}\n</figure>'


def map_block(pictures: list[str], folded: bool) -> str:
    """The map: its pictures in one container the script turns into a pan-and-zoom viewport."""
    state = ' data-folded="true"' if folded else ""
    return "\n".join([f'<div class="mbtool-map"{state} markdown="0">', *pictures, "</div>"])


def legend() -> str:
    """What the colours, borders, shapes and lines of the pictures mean (static HTML)."""
    fills = "".join(
        f'<li><span class="mbtool-swatch" style="background:{colour}"></span>{text}</li>'
        for colour, text in _FILLS
    )
    border = (
        f'<li><span class="mbtool-swatch" style="background:#fff;border:2px solid {STALE_BORDER}"></span>'
        "orange border: stale (its review is overdue, or a dependency changed after it)</li>"
        '<li><span class="mbtool-swatch" style="background:#fff;border:3px solid #1d4ed8"></span>'
        "thick blue border: the document a picture is about (its page, or an impact view)</li>"
        '<li><span class="mbtool-swatch" style="background:#fff;border:1px dashed #9ca3af"></span>'
        "dashed frame: a folder of the bank</li>"
    )
    lines = "".join(
        f'<li><span class="mbtool-line" style="border-top:2px {style} {colour}"></span>{text}</li>'
        for style, colour, text in _EDGES
    )
    return "\n".join(
        [
            '<div class="mbtool-legend" markdown="0">',
            "<p><strong>Legend</strong></p>",
            f"<ul>{fills}{border}{lines}</ul>",
            "<p>Shapes: a page-like box is a document, a folder the map document, an ellipse a "
            "concept, a component box a path. Click a document to open its page.</p>",
            "</div>",
        ]
    )


HOW_TO = (
    "Drag to pan, scroll (or use + and −) to zoom, **Fit** shows the whole bank, **1:1** its "
    "full size. Type in the search box to highlight a document and its neighbours; the filters "
    "dim everything outside a folder, a kind or a finding."
)
