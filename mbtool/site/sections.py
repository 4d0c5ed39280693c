"""The generated pages: dependency map, procedures, rule reference, index; and inline diagrams."""

from __future__ import annotations

import posixpath
import re
from concurrent.futures import Future, ThreadPoolExecutor

from mbtool.checks.rules import ALL_RULES
from mbtool.checks.rules.docs import reference_markdown
from mbtool.diagrams.bank import DiagramSource
from mbtool.diagrams.render import render, svg_for_inline
from mbtool.diagrams.views import View, has_concepts, render_view, view_dot
from mbtool.errors import UsageError
from mbtool.mapdoc.build import build_map
from mbtool.site import escape, mapview
from mbtool.site.content import SiteContent, edge_table, html_safe_json, relative_url
from mbtool.site.procedure_pages import add_procedure_pages
from mbtool.site.sanitize import clean_fragment

# DOT attributes that make Graphviz read files: refused in bank fences. Looked for after DOT's
# string concatenation (`"ima" + "ge"`) and line continuations are undone. Script is not
# looked for here: the SVG that comes out of the renderer is sanitised instead.
_UNSAFE_DOT = re.compile(r"\b(?:image|shapefile|imagepath|fontpath|fontnames)\b", re.IGNORECASE)
_DOT_JOINS = re.compile(r"\"\s*\+\s*\"|\\\r?\n")


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
    content: SiteContent,
    page: str,
    urls: dict[str, str],
    warnings: list[str],
    notes: list[str],
    pictures: MapPictures | None = None,
) -> str:
    """The map page: the interactive pictures (links relative to this page), the legend,
    downloads and the edge table.

    A picture the renderer cannot draw (time or memory limit) leaves the page without it,
    with a notice on the page and a warning; the rest of the site is published."""
    lines = [
        "# Dependency map",
        "",
        "An arrow from A to B means **A depends on B**. Click a document to open it.",
        "",
    ]
    if content.options.diagrams:
        try:
            block, folded = (pictures or MapPictures(content, page, urls)).block(page, urls, notes)
        except UsageError as error:
            warnings.append(f"the dependency map picture was left out: {error}")
            lines += [
                f'!!! warning "No picture"\n\n    The map could not be drawn: {escape.text(str(error))}',
                "",
            ]
        else:
            lines += [mapview.HOW_TO, "", block, "", mapview.legend(), ""]
            if folded:
                lines += [
                    "The bank has more documents than the map draws one by one "
                    "(`diagram-fold-threshold`): each box is a folder, each arrow counts the "
                    "dependencies between two folders. Each document's page shows its own "
                    "neighbourhood.",
                    "",
                ]
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


class MapPictures:
    """The map's pictures, laid out in the background while the engine renders the pages.

    Layout is the map's one big cost (seconds for a few hundred documents) and runs in the
    renderer's own process, so it is started as soon as the pages' URLs can be predicted
    (`directory_url`) and collected when the map page is written; when the engine assigned
    other URLs (`use_directory_urls: false`), the pictures are drawn again with the real ones."""

    def __init__(self, content: SiteContent, page: str, urls: dict[str, str]) -> None:
        self.content = content
        self.key = self._key(page, urls)
        self.notes: list[str] = []
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mbtool-map")
        self._jobs: list[tuple[str, Future[str], bool]] | UsageError
        try:
            self._jobs = self._start(page, urls)
        except UsageError as error:
            self._jobs = error
        finally:
            self._pool.shutdown(wait=False)

    def _key(self, page: str, urls: dict[str, str]) -> tuple[str | None, ...]:
        pages = [self.content.bank_page(path) for path in sorted(self.content.bank.documents)]
        return (urls.get(page), *(urls.get(src) for src in pages))

    def _start(self, page: str, urls: dict[str, str]) -> list[tuple[str, Future[str], bool]]:
        documents = _source(self.content, urls.get(page, ""), urls, concepts=False)
        if documents.note:
            self.notes.append(f"dependency map: {documents.note}")
        folded = documents.note is not None
        jobs = [("documents", self._pool.submit(_draw, self.content, documents), folded)]
        if not folded and has_concepts(self.content.graph):
            everything = _source(self.content, urls.get(page, ""), urls, concepts=True)
            if everything.note is None:
                jobs.append(("all", self._pool.submit(_draw, self.content, everything), False))
        return jobs

    def block(self, page: str, urls: dict[str, str], notes: list[str]) -> tuple[str, bool]:
        """The map's HTML block and whether it is folded (UsageError: the renderer failed)."""
        if self._key(page, urls) != self.key:
            return MapPictures(self.content, page, urls).block(page, urls, notes)
        notes.extend(self.notes)
        if isinstance(self._jobs, UsageError):
            raise self._jobs
        pictures = [
            mapview.picture(job.result(), name, hidden=index > 0)
            for index, (name, job, _) in enumerate(self._jobs)
        ]
        folded = self._jobs[0][2]
        return mapview.map_block(pictures, folded), folded


def _source(content: SiteContent, page_url: str, urls: dict[str, str], *, concepts: bool) -> DiagramSource:
    def href(node: str) -> str | None:
        url = urls.get(content.bank_page(node))
        return relative_url(page_url, url) if url is not None else None

    config = content.bank.location.config
    return view_dot(
        content.graph,
        View(concepts=concepts),
        content.diagnostics,
        href=href,
        title=content.options.site_name,
        fold_threshold=config.diagram_fold_threshold,
        classes=True,
    )


def _draw(content: SiteContent, source: DiagramSource) -> str:
    renderer = content.bank.location.config.renderer
    return clean_fragment(svg_for_inline(render_view(source, "svg", renderer)))


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
