"""Everything the site shows, computed once per build from the library (engine-agnostic).

`SiteContent.pages` are Markdown sources keyed by site path; `assets` are other files
(JSON, SVG, shell scripts, `llms.txt`). An adapter for any engine adds them as files.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Diagnostic
from mbtool.graph import BankGraph, Edge, NodeKind
from mbtool.graph.export import to_json
from mbtool.reading.bank import Bank
from mbtool.reading.tokens import document_tokens
from mbtool.site import escape
from mbtool.site.adjacency import PANEL_KINDS, Adjacency
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
    analysis: Analysis
    diagnostics: list[Diagnostic]
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)

    @property
    def bank(self) -> Bank:
        return self.analysis.bank

    @property
    def graph(self) -> BankGraph:
        return self.analysis.graph

    def bank_page(self, path: str) -> str:
        return posixpath.join(self.options.prefix, path)

    def generated_path(self, name: str) -> str:
        return posixpath.join(self.options.generated, name)


# Findings that say the code a page describes moved on (the panel's drift badge, DESIGN §13).
DRIFT_CODES = frozenset({"MB311", "MB312"})


def panel_for(
    bank: Bank,
    adjacency: Adjacency,
    path: str,
    diagnostics: list[Diagnostic],
    names: dict[str, str],
) -> PanelData:
    """A page's panel from the precomputed adjacency and its own findings (`names`: code → rule name)."""
    data = PanelData(path=path, impacted=adjacency.impact(path))
    data.depends_on = [
        _neighbour(adjacency, edge.target, edge) for edge in adjacency.depends_on.get(path, ())
    ]
    data.required_by = [
        _neighbour(adjacency, edge.source, edge) for edge in adjacency.required_by.get(path, ())
    ]
    document = bank.documents[path]
    for key in ("Last Updated", "Last Reviewed", "Status", "Next Review"):
        field_ = document.meta(key)
        if field_ is not None:
            data.freshness.append((key, field_.value))
    for diagnostic in diagnostics:
        data.diagnostics.append(
            PageDiagnostic(
                diagnostic.code,
                names.get(diagnostic.code, ""),
                diagnostic.severity,
                diagnostic.line,
                diagnostic.message,
            )
        )
        if diagnostic.code == "MB302" or _rests_on_drift(diagnostic):
            data.suspects.append(diagnostic.message)
        elif diagnostic.code in DRIFT_CODES:
            data.drift.append(diagnostic.message)
            data.drift_declared = data.drift_declared or diagnostic.severity != "info"
    return data


def _rests_on_drift(diagnostic: Diagnostic) -> bool:
    """MB311's note on a document whose dependency drifted: a suspect, not drift of its own."""
    return diagnostic.code == "MB311" and diagnostic.message.startswith("rests on ")


def _neighbour(adjacency: Adjacency, node: str, edge: Edge) -> Neighbour:
    kind = adjacency.kinds[node]
    # Only another document can owe a back-reference; concepts and paths cannot declare one.
    return Neighbour(
        node=node,
        kind=kind,
        annotations=tuple(edge.annotations),
        one_sided=kind == NodeKind.DOCUMENT.value and edge.declared and edge.one_sided,
    )


def graph_json_bytes(graph: BankGraph) -> bytes:
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
        "target). Sizes are estimated tokens (characters ÷ 4), to choose what to read.",
        "",
        "## Documents",
        "",
    ]
    for path in sorted(content.bank.documents):
        url = urls.get(content.bank_page(path))
        if url is not None:
            title = " ".join(content.bank.documents[path].title.split())
            tokens = document_tokens(content.bank, path)
            size = f", about {tokens:,} tokens" if tokens is not None else ""
            lines.append(f"- [{title}]({url}): `{path}`{size}")
    lines += ["", "## Data", ""]
    for name in ("graph.json", "dependency-map.json"):
        url = urls.get(content.generated_path(name))
        if url is not None:
            lines.append(f"- [{name}]({url})")
    return "\n".join(lines) + "\n"


def edge_table(content: SiteContent, page: str) -> list[str]:
    """The map page's table of declared and convention edges, links relative to `page`."""
    documents = {content.bank_page(path) for path in content.bank.documents}
    rows = ["| Dependent | Depends on | Kind | Declared by | Annotations |", "|---|---|---|---|---|"]
    for edge in content.graph.edges(PANEL_KINDS):
        cells = [_cell(content, node, page, documents) for node in (edge.source, edge.target)]
        notes = escape.text("; ".join(edge.annotations)) or " "
        declared = ", ".join(edge.declared_by) or " "
        rows.append(f"| {cells[0]} | {cells[1]} | {edge.kind.value} | {declared} | {notes} |")
    return rows


def _cell(content: SiteContent, node: str, page: str, documents: set[str]) -> str:
    kind = content.graph.kind(node).value
    target = content.bank_page(node) if node in content.bank.documents else node
    return link(target, kind, page, documents).replace("|", "\\|")


def link(node: str, kind: str, source: str, documents: set[str]) -> str:
    """A relative Markdown link for bank documents; escaped text for concepts and paths."""
    if node in documents:
        target = posixpath.relpath(node, posixpath.dirname(source) or ".")
        return f"[{escape.text(node)}]({escape.attribute(target)})"
    if kind == "path":
        return escape.code(node)
    return escape.text(node)


def relative_url(from_url: str, to_url: str) -> str:
    """A relative link between two site-root-relative URLs (directory URLs end with `/`)."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath("/" + to_url, "/" + base)
    if (to_url == "" or to_url.endswith("/")) and not target.endswith("/"):
        target += "/"
    return target if target != "./" else "./"


def directory_url(src_uri: str) -> str:
    """The URL MkDocs gives a page with `use_directory_urls` (its default): `a/b.md` → `a/b/`,
    `a/index.md` and `a/README.md` → `a/`; other files keep their path."""
    if not src_uri.endswith(".md"):
        return src_uri
    folder, name = posixpath.split(src_uri[:-3])
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{folder}/{name}/" if folder else f"{name}/"
