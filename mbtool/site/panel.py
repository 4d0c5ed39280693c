"""The block near the top of every bank document page: its neighbourhood and its panels.

Written as HTML (every piece of bank text escaped), so it looks the same under any engine and
whatever Markdown extensions a project's own `mkdocs.yml` enables: the local neighbourhood
picture (`localgraph`), the dependency panel (collapsed; its summary counts exactly what it
lists) and the page's findings (collapsed; each code links to its rule's documentation).
Links carry the final URLs the engine assigned (`Links`), relative to the page.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from mbtool.site.localgraph import local_graph

# How many impacted documents a panel lists; the rest are counted, never silently dropped.
IMPACT_LISTED = 20


@dataclass(frozen=True)
class Neighbour:
    node: str
    kind: str
    annotations: tuple[str, ...] = ()
    one_sided: bool = False


@dataclass(frozen=True)
class PageDiagnostic:
    code: str
    name: str
    severity: str
    line: int
    message: str


@dataclass
class PanelData:
    path: str
    depends_on: list[Neighbour] = field(default_factory=list)
    required_by: list[Neighbour] = field(default_factory=list)
    impacted: list[tuple[str, str, int]] = field(default_factory=list)  # (node, kind, distance)
    freshness: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    suspects: list[str] = field(default_factory=list)  # messages
    drift: list[str] = field(default_factory=list)  # MB311/MB312 messages about described code
    drift_declared: bool = False  # declared code drifted (a warning), not only mentioned code
    diagnostics: list[PageDiagnostic] = field(default_factory=list)
    severity: str | None = None  # the page's worst finding (colours its node in the picture)
    stale: bool = False  # overdue review or a suspect dependency (an orange border)


@dataclass(frozen=True)
class Links:
    """Where things are on the built site, as URLs relative to the page being rendered."""

    document: Callable[[str], str | None]  # bank document → URL, None when it has no page
    rule: Callable[[str, str], str | None]  # (code, name) → URL of its documentation, or None
    severity: Callable[[str], str | None] = lambda node: None  # a neighbour's worst finding
    stale: Callable[[str], bool] = lambda node: False
    # bank document → the `href` of an HTML anchor to it: its URL under MkDocs, its source under
    # Zensical (which rewrites every relative `href` as a source path; `xlink:href` it leaves)
    anchor: Callable[[str], str | None] | None = None


def render_head(data: PanelData, links: Links) -> str:
    """The HTML block placed under the page's title (a Markdown raw-HTML block)."""
    parts = [
        '<div class="mbtool-page-head" markdown="0">',
        local_graph(data, links),
        _panel(data, links),
    ]
    if data.diagnostics:
        parts.append(_findings(data.diagnostics, links))
    parts.append("</div>")
    return "\n".join(parts)


# -- the dependency panel ----------------------------------------------------------------------------
def _panel(data: PanelData, links: Links) -> str:
    documents = [item for item in data.impacted if item[1] in ("document", "map")]
    others = [item for item in data.impacted if item[1] not in ("document", "map")]
    body = [
        *_section("Depends On", data.depends_on, links),
        *_section("Required By", data.required_by, links),
        *_impact(documents, others, data.path, links),
        *_freshness(data),
    ]
    tone = "warning" if data.drift_declared else "info"
    return "\n".join(
        [
            f'<details class="{tone} mbtool-panel" id="mbtool-panel">',
            f"<summary>{_summary(data, len(documents))}</summary>",
            *body,
            "</details>",
        ]
    )


def _summary(data: PanelData, affected: int) -> str:
    pieces = [
        f"depends on {len(data.depends_on)}",
        f"required by {len(data.required_by)}",
        f"a change affects {_plural(affected, 'document')}",
    ]
    if data.drift_declared:
        pieces.append("code drift")
    elif data.drift:
        pieces.append("mentioned code changed")
    return "Dependencies: " + " · ".join(pieces)


def _section(title: str, items: list[Neighbour], links: Links) -> list[str]:
    lines = [f"<p><strong>{title}</strong> ({len(items)})</p>"]
    if not items:
        return [*lines, "<p><em>Nothing declared.</em></p>"]
    lines.append("<ul>")
    for item in items:
        note = f" — {_text('; '.join(item.annotations))}" if item.annotations else ""
        flag = " <em>(declared on one side only)</em>" if item.one_sided else ""
        lines.append(f"<li>{_node(item.node, item.kind, links)}{note}{flag}</li>")
    return [*lines, "</ul>"]


def _impact(
    documents: list[tuple[str, str, int]], others: list[tuple[str, str, int]], path: str, links: Links
) -> list[str]:
    lines = [f"<p><strong>Impact</strong>: a change here affects {_plural(len(documents), 'document')}</p>"]
    if documents:
        lines.append("<ul>")
        for node, kind, distance in documents[:IMPACT_LISTED]:
            lines.append(f"<li>{_node(node, kind, links)} (distance {distance})</li>")
        lines.append("</ul>")
    if len(documents) > IMPACT_LISTED:
        rest = len(documents) - IMPACT_LISTED
        lines.append(
            f"<p>… and {rest} more, farther away: <code>mbtool impact {_text(path)}</code> "
            "lists them all.</p>"
        )
    if others:
        names = ", ".join(_node(node, kind, links) for node, kind, _ in others)
        lines.append(
            f"<p>It also reaches {_plural(len(others), 'concept or path', 'concepts and paths')}: {names}</p>"
        )
    return lines


def _freshness(data: PanelData) -> list[str]:
    items = [f"<li>{_text(label)}: {_text(value)}</li>" for label, value in data.freshness]
    if not data.freshness:
        items.append("<li><em>No Last Updated / Next Review recorded.</em></li>")
    items += [f"<li>Suspect: {_text(message)}</li>" for message in data.suspects]
    items += [f"<li>Code drift: {_text(message)}</li>" for message in data.drift]
    return ["<p><strong>Freshness</strong></p>", "<ul>", *items, "</ul>"]


# -- findings ---------------------------------------------------------------------------------------
def _findings(diagnostics: list[PageDiagnostic], links: Links) -> str:
    worst = "failure" if any(d.severity == "error" for d in diagnostics) else "warning"
    if all(d.severity == "info" for d in diagnostics):
        worst = "note"
    lines = [
        f'<details class="{worst} mbtool-findings">',
        f"<summary>mbtool check: {_plural(len(diagnostics), 'finding')} on this page</summary>",
        "<ul>",
    ]
    for item in diagnostics:
        url = links.rule(item.code, item.name)
        code = f"<code>{_text(item.code)}</code>"
        shown = f'<a href="{_attr(url)}" title="{_attr(item.name)}">{code}</a>' if url else code
        lines.append(f"<li>line {item.line}: {shown} {_text(item.message)}</li>")
    return "\n".join([*lines, "</ul>", "</details>"])


# -- pieces -----------------------------------------------------------------------------------------
def _node(node: str, kind: str, links: Links) -> str:
    url = (links.anchor or links.document)(node) if kind in ("document", "map") else None
    if url is not None:
        return f'<a href="{_attr(url)}">{_text(node)}</a>'
    if kind == "path":
        return f"<code>{_text(node)}</code>"
    return _text(node)


def _text(value: str) -> str:
    return html.escape(" ".join(value.split()), quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"
