"""The engine-agnostic site generator: bank → Markdown pages, SVG, JSON and text assets.

Two phases, because some content needs the final URLs the engine assigns:
`generate()` computes everything from the library; `Generated.finalise(urls)` fills in the
pieces that link to built pages (the clickable SVG, `llms.txt`).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import run_check
from mbtool.model import Document
from mbtool.parse.decode import split_lines
from mbtool.parse.layout import escape_raw_html, for_python_markdown
from mbtool.reading.bank import Bank
from mbtool.reading.files import read_file
from mbtool.site import escape, sections
from mbtool.site.content import SiteContent, SiteOptions, graph_json_bytes, llms_txt, panel_for
from mbtool.site.panel import render_panel
from mbtool.site.sanitize import unsafe_parts

_DOT_FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})[ \t]*(?:dot|graphviz)\b[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class Generated:
    content: SiteContent
    warnings: list[str] = field(default_factory=list)  # MkDocs warnings (`--strict` fails on them)
    notes: list[str] = field(default_factory=list)  # logged at info: worth knowing, not a failure
    late: dict[str, str] = field(default_factory=dict)
    allow_raw_html: bool = False

    @property
    def prefix(self) -> str:
        return self.content.options.prefix

    @property
    def pages(self) -> dict[str, str]:
        return self.content.pages

    @property
    def assets(self) -> dict[str, bytes]:
        return self.content.assets

    def finalise(self, urls: dict[str, str]) -> None:
        """Fill in content that links to built pages, now that the engine has assigned URLs."""
        self.late["llms.txt"] = llms_txt(self.content, urls)
        map_page = self.content.generated_path("dependency-map.md")
        if map_page in self.content.pages:
            self.late[map_page] = sections.map_page(self.content, map_page, urls, self.warnings, self.notes)

    def late_content(self, src_uri: str) -> str | None:
        return self.late.get(src_uri)

    def page_title(self, src_uri: str) -> str | None:
        """A bank page's title, HTML-escaped (None for pages that are not bank documents)."""
        prefix = self.prefix + "/"
        document = (
            self.content.bank.documents.get(src_uri[len(prefix) :]) if src_uri.startswith(prefix) else None
        )
        return html.escape(" ".join(document.title.split())) if document is not None else None

    def page_markdown(self, src_uri: str, markdown: str) -> str:
        """A bank document's Markdown with its panel appended and `dot` fences rendered."""
        prefix = self.prefix + "/"
        if not src_uri.startswith(prefix):
            return markdown
        path = src_uri[len(prefix) :]
        panel = self.content.panels.get(path)
        if _too_deep_for_the_renderer(markdown):
            self.warnings.append(f"{path}: nests too deeply for the Markdown renderer; shown as plain text")
            markdown = "\n".join(["~~~~text", markdown.replace("~~~~", "~ ~ ~ ~"), "~~~~", ""])
        markdown = for_python_markdown(markdown)
        if not self.allow_raw_html:
            markdown = escape_raw_html(markdown)
        if self.content.options.diagrams:
            markdown = _DOT_FENCE.sub(
                lambda match: sections.inline_dot(match["body"], path, self.warnings, self.notes), markdown
            )
        if panel is None:
            return markdown
        return markdown.rstrip("\n") + render_panel(panel, set(self.content.bank.documents))


def generate(
    analysis: Analysis,
    *,
    prefix: str,
    site_name: str,
    diagrams: bool = True,
    procedures: bool = True,
    rules_page: bool = True,
    index_page: bool = False,
    allow_raw_html: bool = False,
) -> Generated:
    """Everything the site shows, from the run's one analysis (its check results are shared)."""
    options = SiteOptions(
        prefix=prefix, diagrams=diagrams, procedures=procedures, rules_page=rules_page, site_name=site_name
    )
    diagnostics = list(run_check(analysis).diagnostics)
    content = SiteContent(options, analysis, diagnostics)
    generated = Generated(
        content,
        warnings=[_warning(d) for d in diagnostics if d.severity != "info"],
        allow_raw_html=allow_raw_html,
    )
    _add_bank_pages(content)
    _add_bank_assets(content, generated.warnings)
    content.assets[content.generated_path("graph.json")] = graph_json_bytes(content.graph)
    content.assets["llms.txt"] = b""
    sections.add_generated_pages(content, index_page=index_page)
    return generated


def _add_bank_pages(content: SiteContent) -> None:
    """A page per bank document. One mbtool could not read completely is published too, with a
    notice saying why: as plain text when its text is known, as the notice alone when not."""
    bank = content.bank
    impacts = sections.impacts(sorted(bank.documents), content.graph)
    for path, document in sorted(bank.documents.items()):
        content.pages[content.bank_page(path)] = _page_source(bank, path, document)
        content.panels[path] = panel_for(
            bank, content.graph, path, content.diagnostics, impacts.get(path, [])
        )


def _page_source(bank: Bank, path: str, document: Document) -> str:
    text = bank.text(path)
    if text is not None:
        return text
    problems = [problem for problem in document.problems if problem.code in ("MB001", "MB002")]
    notice = "".join(
        f'!!! failure "mbtool could not read this document completely"\n\n'
        f"    {problem.code} (line {problem.position.line}): {escape.text(problem.message)}\n\n"
        for problem in problems
    )
    raw = bank.raw.get(path)
    try:
        decoded = raw.decode("utf-8").removeprefix("\ufeff") if raw is not None else None
    except UnicodeDecodeError:
        decoded = None
    heading = f"# {escape.text(document.title)}\n\n"
    if decoded is None:
        return heading + notice + "Its content is not published.\n"
    if any(problem.code == "MB001" for problem in problems):
        return notice + _strip_front_matter(decoded)
    return heading + notice + "It is shown as plain text.\n\n" + _plain_text(decoded)


def _plain_text(text: str) -> str:
    """The whole text in a fence no line of it can close."""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}text\n{text.rstrip()}\n{fence}\n"


IMAGE_SUFFIXES = frozenset({".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp"})


def _add_bank_assets(content: SiteContent, warnings: list[str]) -> None:
    """Images that bank documents embed, published beside their pages (never through a symlink).

    An SVG opened on its own runs its scripts with the site's origin, so one holding script,
    event attributes or script URLs is left out (with a warning) rather than published."""
    root = content.bank.location.bank
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            if path.suffix.lower() not in IMAGE_SUFFIXES or path.is_symlink() or not path.is_file():
                continue
            data = read_file(path)
            if isinstance(data, str):
                continue
            rel = path.relative_to(root).as_posix()
            problems = unsafe_parts(data.decode("utf-8", "replace")) if path.suffix.lower() == ".svg" else []
            if problems:
                warnings.append(f"{rel}: not published: the image holds {problems[0]}")
                continue
            content.assets[content.bank_page(rel)] = data


# Python-Markdown recurses per nesting level and per emphasis run; past these it can hit
# Python's recursion limit, so such a page is published as plain text instead.
MAX_INDENT = 160
MAX_EMPHASIS_MARKS_PER_LINE = 2000


def _too_deep_for_the_renderer(markdown: str) -> bool:
    for line in split_lines(markdown):
        stripped = line.lstrip(" \t>")
        if len(line) - len(stripped) > MAX_INDENT:
            return True
        marks = line.count("*") + line.count("_")
        if marks > MAX_EMPHASIS_MARKS_PER_LINE:
            return True
    return False


def _strip_front_matter(text: str) -> str:
    """Front matter that does not parse is shown as text rather than handed to the engine's YAML."""
    lines = split_lines(text)
    return "".join(["```yaml\n", *lines[1:], "```\n"]) if lines and lines[0].strip() == "---" else text


def _warning(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}"
