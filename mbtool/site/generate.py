"""The engine-agnostic site generator: bank → Markdown pages, SVG, JSON and text assets.

Two phases, because some content needs the final URLs the engine assigns:
`generate()` computes everything from the library; `Generated.finalise(urls)` fills in the
pieces that link to built pages (the clickable SVG, `llms.txt`).
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import run_check
from mbtool.checks.rules import ALL_RULES
from mbtool.diagrams.views import STALE_CODES, worst_severities
from mbtool.model import Document
from mbtool.parse.decode import split_lines
from mbtool.parse.layout import escape_raw_html, for_python_markdown
from mbtool.reading.bank import Bank
from mbtool.reading.files import read_file
from mbtool.report.text import summary_line
from mbtool.site import escape, sections
from mbtool.site.adjacency import Adjacency
from mbtool.site.assets import static_assets
from mbtool.site.content import (
    SiteContent,
    SiteOptions,
    directory_url,
    graph_json_bytes,
    llms_txt,
    panel_for,
    relative_url,
)
from mbtool.site.panel import Links, PanelData, render_head
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
    # mbtool's own findings (warnings and errors), logged as warnings too; kept apart so a run
    # that already printed them (`mbtool build`) can keep them off the console.
    findings: list[str] = field(default_factory=list)
    summary: str = ""  # the check's one-line summary ("Found 3 problems (…) in 8 documents")
    urls: dict[str, str] = field(default_factory=dict)  # site path → URL, once the engine assigned them
    pictures: sections.MapPictures | None = None  # the map's pictures, drawn in the background
    # Zensical rewrites every relative `href`, raw HTML included, as if it pointed at a source
    # file; its panels therefore link to sources (`../x.md`), which it turns into the right URL.
    source_links: bool = False

    @cached_property
    def adjacency(self) -> Adjacency:
        return Adjacency.of(self.content.graph)

    @cached_property
    def _by_path(self) -> dict[str, list[Diagnostic]]:
        found: dict[str, list[Diagnostic]] = {}
        for diagnostic in self.content.diagnostics:
            found.setdefault(diagnostic.path, []).append(diagnostic)
        return found

    @cached_property
    def _severities(self) -> dict[str, str]:
        return worst_severities(self.content.diagnostics)

    @cached_property
    def _stale(self) -> set[str]:
        return {d.path for d in self.content.diagnostics if d.code in STALE_CODES}

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
        self.urls = dict(urls)
        self.late["llms.txt"] = llms_txt(self.content, urls)
        map_page = self.content.generated_path("dependency-map.md")
        if map_page in self.content.pages:
            self.late[map_page] = sections.map_page(
                self.content, map_page, urls, self.warnings, self.notes, self.pictures
            )

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
        """A bank document's Markdown with its neighbourhood and panels under the title and `dot`
        fences rendered."""
        prefix = self.prefix + "/"
        if not src_uri.startswith(prefix):
            return markdown
        path = src_uri[len(prefix) :]
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
        if path not in self.content.bank.documents:
            return markdown
        return under_title(markdown, render_head(self.panel(path), self._links(src_uri)))

    def panel(self, path: str) -> PanelData:
        """A document's panel, computed when its page renders (from the adjacency, no graph walk)."""
        names = {rule.code: rule.name for rule in ALL_RULES}
        data = panel_for(self.content.bank, self.adjacency, path, self._by_path.get(path, []), names)
        data.severity = self._severities.get(path)
        data.stale = path in self._stale
        return data

    def url(self, src_uri: str) -> str | None:
        """A page's URL: the engine's, else the one MkDocs would give it (before `finalise`)."""
        if src_uri in self.urls:
            return self.urls[src_uri]
        return directory_url(src_uri) if src_uri in self.content.pages else None

    def _links(self, src_uri: str) -> Links:
        here = self.url(src_uri) or directory_url(src_uri)

        def url_of(target: str) -> str | None:
            url = self.url(target)
            return relative_url(here, url) if url is not None else None

        def href_of(target: str) -> str | None:
            if not self.source_links or self.url(target) is None:
                return url_of(target)
            return posixpath.relpath(target, posixpath.dirname(src_uri) or ".")

        rules = self._rules_source()

        def rule(code: str, name: str) -> str | None:
            href = href_of(rules) if rules is not None else None
            if href is None:
                return None
            return f"{href}#{code.lower()}-{name}" if name else href

        return Links(
            document=lambda node: url_of(self.content.bank_page(node)),
            anchor=lambda node: href_of(self.content.bank_page(node)),
            rule=rule,
            severity=self._severities.get,
            stale=self._stale.__contains__,
        )

    def _rules_source(self) -> str | None:
        """The rule reference: mbtool's generated page, else the project's own `rules.md` (the
        one `mbtool rule --markdown -o docs/rules.md` writes), else none."""
        for src in (self.content.generated_path("rules.md"), "rules.md"):
            if self.url(src) is not None:
                return src
        return None


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
    result = run_check(analysis)
    diagnostics = list(result.diagnostics)
    content = SiteContent(options, analysis, diagnostics)
    generated = Generated(
        content,
        findings=[_warning(d) for d in diagnostics if d.severity != "info"],
        summary=summary_line(result),
        allow_raw_html=allow_raw_html,
    )
    _add_bank_pages(content)
    _add_bank_assets(content, generated.warnings)
    content.assets.update(static_assets())
    content.assets[content.generated_path("graph.json")] = graph_json_bytes(content.graph)
    content.assets["llms.txt"] = b""
    sections.add_generated_pages(content, index_page=index_page)
    map_page = content.generated_path("dependency-map.md")
    if diagrams and map_page in content.pages:
        predicted = {src: directory_url(src) for src in content.pages}
        generated.pictures = sections.MapPictures(content, map_page, predicted)
    return generated


def _add_bank_pages(content: SiteContent) -> None:
    """A page per bank document. One mbtool could not read completely is published too, with a
    notice saying why: as plain text when its text is known, as the notice alone when not."""
    bank = content.bank
    for path, document in sorted(bank.documents.items()):
        content.pages[content.bank_page(path)] = _page_source(bank, path, document)


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


_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")


def under_title(markdown: str, block: str) -> str:
    """`block` (raw HTML) right under the page's first-level title when the page opens with one,
    else at the very top: near the top either way, and never above the title."""
    lines = markdown.split("\n")
    index = 0
    while index < len(lines) and (not lines[index].strip() or _comment_line(lines[index])):
        index += 1
    if index < len(lines) and re.match(r"^ {0,3}#[ \t]", lines[index]):
        at = index + 1
    elif index + 1 < len(lines) and lines[index].strip() and _SETEXT_H1.match(lines[index + 1]):
        at = index + 2
    else:
        at = 0
    return "\n".join([*lines[:at], "", block, "", *lines[at:]])


def _comment_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("<!--") and stripped.endswith("-->")
