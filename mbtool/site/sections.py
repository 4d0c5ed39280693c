"""The generated pages: dependency map, procedures, rule reference, index; and inline diagrams."""

from __future__ import annotations

import posixpath
import re

from mbtool.checks.rules import ALL_RULES
from mbtool.checks.rules.docs import reference_markdown
from mbtool.diagrams.render import render, svg_for_inline
from mbtool.diagrams.views import View, render_view, view_dot
from mbtool.errors import UsageError
from mbtool.graph import BankGraph
from mbtool.graph.impact import impact_of
from mbtool.mapdoc.build import build_map
from mbtool.site import escape
from mbtool.site.content import SiteContent, edge_table, html_safe_json, relative_url
from mbtool.site.procedure_pages import add_procedure_pages
from mbtool.site.sanitize import clean_fragment

# DOT attributes that make Graphviz read files: refused in bank fences. Looked for after DOT's
# string concatenation (`"ima" + "ge"`) and line continuations are undone. Script is not
# looked for here: the SVG that comes out of the renderer is sanitised instead.
_UNSAFE_DOT = re.compile(r"\b(?:image|shapefile|imagepath|fontpath|fontnames)\b", re.IGNORECASE)
_DOT_JOINS = re.compile(r"\"\s*\+\s*\"|\\\r?\n")


def impacts(documents: list[str], graph: BankGraph) -> dict[str, list[tuple[str, str, int]]]:
    result: dict[str, list[tuple[str, str, int]]] = {}
    for path in documents:
        found = impact_of(graph, path).impacted
        result[path] = [(item.id, item.kind, item.distance) for item in found]
    return result


def add_generated_pages(content: SiteContent, *, index_page: bool) -> None:
    content.pages[content.generated_path("dependency-map.md")] = "# Dependency map\n"
    dependency_map = build_map(content.bank, content.graph)
    content.assets[content.generated_path("dependency-map.json")] = html_safe_json(
        dependency_map.model_dump_json(indent=2)
    )
    if content.options.procedures:
        add_procedure_pages(content)
    if content.options.rules_page:
        content.pages[content.generated_path("rules.md")] = reference_markdown(ALL_RULES)
    if index_page:
        content.pages["index.md"] = _index(content)


def map_page(
    content: SiteContent, page: str, urls: dict[str, str], warnings: list[str], notes: list[str]
) -> str:
    """The map page: the clickable SVG (links relative to this page), downloads, edge table.

    A picture the renderer cannot draw (time or memory limit) leaves the page without it,
    with a notice on the page and a warning; the rest of the site is published."""
    page_url = urls.get(page, "")
    lines = [
        "# Dependency map",
        "",
        "An arrow from A to B means **A depends on B**. Dashed arrows are declared on one side "
        "only; dotted ones are the map document's implicit dependencies. Click a document to "
        "open it.",
        "",
    ]
    if content.options.diagrams:
        try:
            picture = _svg(content, page_url, urls, notes)
        except UsageError as error:
            warnings.append(f"the dependency map picture was left out: {error}")
            lines += [
                f'!!! warning "No picture"\n\n    The map could not be drawn: {escape.text(str(error))}',
                "",
            ]
        else:
            lines += ['<div class="mbtool-diagram" markdown="0">', picture, "</div>", ""]
    lines += ["## Downloads", ""]
    for name in ("graph.json", "dependency-map.json"):
        lines.append(f"- [{name}]({_md_link(page, content.generated_path(name))})")
    map_doc = content.bank_page(content.bank.map_path)
    if map_doc in content.pages:
        lines.append(f"- [The agents' map ({escape.text(content.bank.map_path)})]({_md_link(page, map_doc)})")
    lines += ["", "## Edges", "", *edge_table(content, page), ""]
    return "\n".join(lines)


def _md_link(from_page: str, to_page: str) -> str:
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def _svg(content: SiteContent, page_url: str, urls: dict[str, str], notes: list[str]) -> str:
    def href(node: str) -> str | None:
        url = urls.get(content.bank_page(node))
        return relative_url(page_url, url) if url is not None else None

    config = content.bank.location.config
    source = view_dot(
        content.graph,
        View(),
        content.diagnostics,
        href=href,
        title=content.options.site_name,
        fold_threshold=config.diagram_fold_threshold,
    )
    if source.note:
        notes.append(f"dependency map: {source.note}")
    return clean_fragment(svg_for_inline(render_view(source, "svg", config.renderer)))


def inline_dot(body: str, path: str, warnings: list[str], notes: list[str]) -> str:
    """A `dot`/`graphviz` fence rendered to inline SVG; unsafe or broken DOT stays a code block.

    A fence that reads files is refused (a warning); one the renderer cannot draw (a syntax
    error, a time or memory limit) is shown as text with a note."""
    fallback = f"```text\n{body}```\n"
    if _UNSAFE_DOT.search(_DOT_JOINS.sub("", body)):
        warnings.append(
            f"{path}: a dot fence uses attributes that read files (image, shapefile, fontpath); shown as text"
        )
        return fallback
    try:
        svg = clean_fragment(svg_for_inline(render(body, "svg")))
    except UsageError as error:
        notes.append(f"{path}: a dot fence could not be rendered, shown as text: {error}")
        return fallback
    return f'<div class="mbtool-diagram" markdown="0">\n{svg}\n</div>\n'


def _index(content: SiteContent) -> str:
    lines = [
        f"# {escape.text(content.options.site_name)}",
        "",
        "This site publishes the project's Memory Bank. Start with the "
        "[dependency map](mbtool/dependency-map.md).",
        "",
        "## Documents",
        "",
    ]
    for path in sorted(content.bank.documents):
        page = content.bank_page(path)
        if page in content.pages:
            title = escape.text(content.bank.documents[path].title)
            lines.append(f"- [{title}]({page}) — `{path}`" if "`" not in path else f"- [{title}]({page})")
    return "\n".join(lines) + "\n"
