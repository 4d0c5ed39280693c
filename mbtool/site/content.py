"""Everything the site shows, computed once per build from the library (engine-agnostic).

`SiteContent.pages` are Markdown sources keyed by site path; `assets` are other files
(JSON, SVG, shell scripts, `llms.txt`). An adapter for any engine adds them as files.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field

import networkx as nx

from mbtool.checks.diagnostics import Diagnostic
from mbtool.graph.build import declared_by, edge_annotations, to_json
from mbtool.reading.bank import Bank
from mbtool.site import escape
from mbtool.site.panel import Neighbour, PageDiagnostic, PanelData


@dataclass(frozen=True)
class SiteOptions:
    prefix: str  # site folder for bank pages, e.g. "memory-bank"
    generated: str = "mbtool"  # site folder for generated pages and assets
    diagrams: bool = True
    rules_page: bool = True
    procedures: bool = True
    site_name: str = "Memory Bank"


@dataclass
class SiteContent:
    options: SiteOptions
    bank: Bank
    graph: nx.DiGraph
    diagnostics: list[Diagnostic]
    panels: dict[str, PanelData] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)

    def bank_page(self, path: str) -> str:
        return posixpath.join(self.options.prefix, path)

    def generated_path(self, name: str) -> str:
        return posixpath.join(self.options.generated, name)


def panel_for(
    bank: Bank,
    graph: nx.DiGraph,
    path: str,
    diagnostics: list[Diagnostic],
    impacted: list[tuple[str, str, int]],
) -> PanelData:
    data = PanelData(path=path, impacted=impacted)
    for target in sorted(graph.successors(path)):
        edge = graph.edges[path, target]
        if not edge.get("implicit"):
            data.depends_on.append(_neighbour(graph, target, edge))
    for source in sorted(graph.predecessors(path)):
        edge = graph.edges[source, path]
        if not edge.get("implicit"):
            data.required_by.append(_neighbour(graph, source, edge))
    document = bank.documents[path]
    for key in ("Last Updated", "Status", "Next Review"):
        field_ = document.meta(key)
        if field_ is not None:
            data.freshness.append((key, field_.value))
    for diagnostic in diagnostics:
        if diagnostic.path == path:
            data.diagnostics.append(
                PageDiagnostic(diagnostic.code, diagnostic.severity, diagnostic.line, diagnostic.message)
            )
            if diagnostic.code == "MB302":
                data.suspects.append(diagnostic.message)
    return data


def _neighbour(graph: nx.DiGraph, node: str, edge: dict[str, object]) -> Neighbour:
    kind = str(graph.nodes[node].get("kind", "concept"))
    # Only another document can owe a back-reference; concepts and paths cannot declare one.
    return Neighbour(
        node=node,
        kind=kind,
        annotations=tuple(edge_annotations(edge)),
        one_sided=kind == "document" and len(declared_by(edge)) == 1,
    )


def graph_json_bytes(graph: nx.DiGraph) -> bytes:
    return html_safe_json(json.dumps(to_json(graph), indent=2, ensure_ascii=False))


def html_safe_json(text: str) -> bytes:
    """JSON with `<`, `>` and `&` as \\u escapes: the same data, inert if a browser sniffs it as HTML."""
    safe = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return (safe + "\n").encode("utf-8")


def llms_txt(content: SiteContent, urls: dict[str, str]) -> str:
    """`llms.txt` (llmstxt.org shape): a title, a summary, then one link per bank page."""
    lines = [
        f"# {content.options.site_name}",
        "",
        "> The project's Memory Bank, published by mbtool. Each page is one bank document; "
        "`graph.json` holds the dependency graph (an edge source→target means source depends on "
        "target).",
        "",
        "## Documents",
        "",
    ]
    for path in sorted(content.bank.documents):
        url = urls.get(content.bank_page(path))
        if url is not None:
            title = " ".join(content.bank.documents[path].title.split())
            lines.append(f"- [{title}]({url}): `{path}`")
    lines += ["", "## Data", ""]
    for name in ("graph.json", "dependency-map.json"):
        url = urls.get(content.generated_path(name))
        if url is not None:
            lines.append(f"- [{name}]({url})")
    return "\n".join(lines) + "\n"


def edge_table(content: SiteContent, page: str) -> list[str]:
    """The map page's table of declared edges, links relative to `page`."""
    from mbtool.site.panel import link

    documents = {content.bank_page(path) for path in content.bank.documents}
    rows = ["| Dependent | Depends on | Declared by | Annotations |", "|---|---|---|---|"]
    for source, target in sorted(content.graph.edges):
        edge = content.graph.edges[source, target]
        if edge.get("implicit"):
            continue
        cells = [_cell(content, node, page, documents, link) for node in (source, target)]
        notes = escape.text("; ".join(edge_annotations(edge))) or " "
        rows.append(f"| {cells[0]} | {cells[1]} | {', '.join(declared_by(edge))} | {notes} |")
    return rows


def _cell(content: SiteContent, node: str, page: str, documents: set[str], link: object) -> str:
    kind = str(content.graph.nodes[node].get("kind"))
    target = content.bank_page(node) if node in content.bank.documents else node
    rendered = link(target, kind, page, documents)  # type: ignore[operator]
    return str(rendered).replace("|", "\\|")
