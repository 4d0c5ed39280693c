"""The dependency panel appended to every bank document page (engine-agnostic Markdown).

Links to other bank documents are written as relative `.md` links so the site engine
validates and rewrites them like any other link.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from mbtool.site import escape


@dataclass(frozen=True)
class Neighbour:
    node: str
    kind: str
    annotations: tuple[str, ...] = ()
    one_sided: bool = False


@dataclass(frozen=True)
class PageDiagnostic:
    code: str
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


def render_panel(data: PanelData, documents: set[str]) -> str:
    """Markdown for the panel: a collapsible admonition, then this page's diagnostics. A page
    whose described code changed after its review gets a drift badge in the panel's title."""
    lines = ["", "", _title(data), ""]
    lines += _section("Depends On", data.depends_on, data.path, documents)
    lines += _section("Required By", data.required_by, data.path, documents)
    lines += _impact(data, documents)
    lines += _freshness(data)
    if data.diagnostics:
        lines += _diagnostics(data.diagnostics)
    return "\n".join(lines) + "\n"


def _title(data: PanelData) -> str:
    if data.drift_declared:
        return '???+ warning "Dependencies · code drift"'
    if data.drift:
        return '???+ info "Dependencies · mentioned code changed"'
    return '???+ info "Dependencies"'


def _indent(lines: Iterable[str]) -> list[str]:
    return [f"    {line}" if line else "" for line in lines]


def _section(title: str, items: list[Neighbour], source: str, documents: set[str]) -> list[str]:
    body = [f"**{title}**", ""]
    if not items:
        body.append("*Nothing declared.*")
    for item in items:
        note = f" — {escape.text('; '.join(item.annotations))}" if item.annotations else ""
        flag = " *(declared on one side only)*" if item.one_sided else ""
        body.append(f"- {link(item.node, item.kind, source, documents)}{note}{flag}")
    return _indent([*body, ""])


def _impact(data: PanelData, documents: set[str]) -> list[str]:
    count = sum(1 for _, kind, _ in data.impacted if kind in ("document", "map"))
    body = [f"**Impact:** changes here affect {count} document{'s' if count != 1 else ''}", ""]
    for node, kind, distance in data.impacted:
        body.append(f"- {link(node, kind, data.path, documents)} (distance {distance})")
    return _indent([*body, ""])


def _freshness(data: PanelData) -> list[str]:
    body = ["**Freshness**", ""]
    body += [f"- {escape.text(label)}: {escape.text(value)}" for label, value in data.freshness]
    if not data.freshness:
        body.append("- *No Last Updated / Next Review recorded.*")
    body += [f"- Suspect: {escape.text(message)}" for message in data.suspects]
    body += [f"- Code drift: {escape.text(message)}" for message in data.drift]
    return _indent([*body, ""])


def _diagnostics(diagnostics: list[PageDiagnostic]) -> list[str]:
    worst = "failure" if any(d.severity == "error" for d in diagnostics) else "warning"
    body = [f'!!! {worst} "mbtool check: {len(diagnostics)} finding(s) on this page"', ""]
    for item in diagnostics:
        body.append(f"    - line {item.line}: `{item.code}` {escape.text(item.message)}")
    return ["", *body, ""]


def link(node: str, kind: str, source: str, documents: set[str]) -> str:
    """A relative Markdown link for bank documents; escaped text for concepts and paths."""
    if node in documents:
        target = posixpath.relpath(node, posixpath.dirname(source) or ".")
        return f"[{escape.text(node)}]({escape.attribute(target)})"
    if kind == "path":
        return escape.code(node)
    return escape.text(node)
