"""The MkDocs plugin `memory-bank`: a thin adapter that adds mbtool's generated content.

`mbtool build` hands the plugin the run's `Analysis` in-process (`plugin.analysis`), so the
bank is read and checked once per build; under plain `mkdocs build`/`serve` the plugin
loads the bank named by its `bank` option itself, afresh on every rebuild.

Findings are logged as warnings flagged `mbtool_finding` (so `--strict` fails on them); when
`mbtool build`/`serve` already printed them, or their summary, its console handler leaves the
flagged records out. MkDocs' own warnings about links in bank pages that mbtool already
reported (MB205, MB206) are dropped while the plugin builds (`LinkFold`): one problem, one line.

Hooks (MkDocs 1.6 order): `on_config` computes everything once;
`on_files` adds the bank documents (read where they live, never copied) and the generated
pages and assets; `on_nav` names the bank section; `on_page_markdown` keeps only safe
front matter (`pagemeta`), appends each document's dependency panel and renders `dot`
fences; `on_page_content` sanitises the rendered HTML (`sanitize.clean_fragment`); `on_env`,
once every page is rendered, gives the theme escaped titles and table-of-contents entries;
`on_post_page` runs the whole-page safety net (`sanitize.guard_page`); `on_serve` watches
the bank. Pages outside the bank and mbtool's own (the project's `docs/`) are left as
their authors wrote them. Diagnostics are logged as MkDocs warnings so `--strict` fails on
them.
"""

from __future__ import annotations

import contextlib
import html
import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mbtool.analysis import Analysis
from mbtool.reading.bank import load_bank
from mbtool.reading.discover import locate
from mbtool.site import runflags, sanitize
from mbtool.site.assets import CSS, SCRIPT
from mbtool.site.generate import Generated, generate
from mbtool.site.pagemeta import escaped_markup_text, safe_meta

log = get_plugin_logger(__name__)
FINDING = {"mbtool_finding": True}  # `extra=` of a logged finding (see `mbtool.site.build`)


class MemoryBankConfig(Config):  # type: ignore[no-untyped-call]
    bank = config_options.Type(str, default="memory-bank")
    prefix = config_options.Optional(config_options.Type(str))
    nav_title = config_options.Type(str, default="Memory Bank")
    diagrams = config_options.Type(bool, default=True)
    procedures = config_options.Type(bool, default=True)
    rules_page = config_options.Type(bool, default=True)
    cache = config_options.Type(bool, default=True)
    index_page = config_options.Type(bool, default=False)
    allow_raw_html = config_options.Type(bool, default=False)


class MemoryBankPlugin(BasePlugin[MemoryBankConfig]):  # type: ignore[no-untyped-call]
    # Set by `mbtool serve` (`summaries`): print one summary line per build instead of the
    # findings one by one (they are still logged, flagged, so `--strict` counts them).
    summary_to: Callable[[str], None] | None = None

    def __init__(self) -> None:
        self.generated: Generated | None = None
        self.bank_root: Path | None = None
        self.analysis: Analysis | None = None  # set by `mbtool build`, which already analysed the bank
        self.logged = (0, 0)  # how many of the generator's warnings and notes have been logged
        self.fold: LinkFold | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        analysis = self.analysis
        if analysis is None:
            base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
            analysis = Analysis(
                load_bank(locate((base / self.config.bank).resolve()), cache=self.config.cache)
            )
        self.bank_root = analysis.location.bank
        self.generated = generate(
            analysis,
            prefix=self.config.prefix or analysis.location.bank.name,
            # The theme prints `site_name` as HTML; the generator wants text (it escapes it).
            site_name=html.unescape(config.site_name),
            diagrams=self.config.diagrams,
            procedures=self.config.procedures,
            rules_page=self.config.rules_page,
            index_page=self.config.index_page,
            allow_raw_html=self.config.allow_raw_html,
        )
        self.logged = (0, 0)
        for message in self.generated.findings:
            log.warning(message, extra=FINDING)
        if MemoryBankPlugin.summary_to is not None:
            MemoryBankPlugin.summary_to(f"{analysis.location.bank.name}: {self.generated.summary}")
        self._log_warnings()
        self._fold_link_warnings()
        _add_assets(config)
        return config

    def _fold_link_warnings(self) -> None:
        """Leave out MkDocs' warnings about bank links mbtool reported already (MB205, MB206)."""
        assert self.generated is not None
        self._unfold()
        self.fold = LinkFold(
            self.generated.prefix,
            self.generated.content.diagnostics,
            count_off_site=not runflags.list_off_site_links,
        )
        mkdocs_pages.log.addFilter(self.fold)

    def _unfold(self) -> None:
        if self.fold is not None:
            mkdocs_pages.log.removeFilter(self.fold)
            self.fold = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.fold is not None and self.fold.off_site:
            # A warning still, so `--strict` fails on them as it would on MkDocs' own lines.
            log.warning(self.fold.off_site_summary())
        self._unfold()

    def on_build_error(self, *, error: Exception) -> None:
        self._unfold()

    def _log_warnings(self) -> None:
        """Log the generator's warnings and notes not logged yet (some arise while pages render)."""
        assert self.generated is not None
        warnings, notes = self.generated.warnings, self.generated.notes
        for message in warnings[self.logged[0] :]:
            log.warning(message)
        for message in notes[self.logged[1] :]:
            log.info(message)
        self.logged = (len(warnings), len(notes))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.generated is not None
        added: list[File] = []
        for src_uri, text in sorted(self.generated.pages.items()):
            added.append(File.generated(config, src_uri, content=text))
        for src_uri, data in sorted(self.generated.assets.items()):
            added.append(File.generated(config, src_uri, content=data, inclusion=InclusionLevel.NOT_IN_NAV))
        for file in added:
            existing = files.get_file_from_path(file.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(file)
        urls = {file.src_uri: file.url for file in files}
        self.generated.finalise(urls)
        for file in added:
            late = self.generated.late_content(file.src_uri)
            if late is not None:
                file.content_string = late
        self._log_warnings()
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        assert self.generated is not None
        titles = {
            self.generated.prefix: self.config.nav_title,
            self.generated.content.options.generated: "Bank reference",
        }
        for item in nav.items:
            if isinstance(item, Section):
                folder = _section_folder(item)
                item.title = titles.get(folder or "", item.title)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.generated is not None
        if not self._ours(page):
            return markdown
        page.meta = safe_meta(page.meta, _icon_finder(config))
        title = self.generated.page_title(page.file.src_uri)
        if title is not None:
            page.meta["title"] = title
        markdown = self.generated.page_markdown(page.file.src_uri, markdown)
        self._log_warnings()
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return sanitize.clean_fragment(html) if self._ours(page) else html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page is rendered now: give the theme escaped titles and contents entries."""
        for file in files.documentation_pages():
            page = file.page
            if page is None or not self._ours(page):
                continue
            if page.title and not page.meta.get("title"):
                # Themes pass titles through `striptags`, which decodes `&lt;`: give them plain text.
                page.meta["title"] = escaped_markup_text(page.title)
            _escape_toc(page.toc)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return sanitize.guard_page(output) if self._ours(page) else output

    def _ours(self, page: Page) -> bool:
        """A bank page or a page mbtool generated (the project's own docs are left alone)."""
        assert self.generated is not None
        src = page.file.src_uri
        return src.startswith(self.generated.prefix + "/") or src in self.generated.pages

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.bank_root is not None:
            server.watch(str(self.bank_root))
        return server


def _escape_toc(items: Any) -> None:
    for item in items or ():
        item.title = escaped_markup_text(item.title)
        _escape_toc(item.children)


def _icon_finder(config: MkDocsConfig) -> Any:
    """Whether the theme has an icon `set/name` (Material includes `.icons/<icon>.svg`)."""
    folders = [Path(folder) / ".icons" for folder in config.theme.dirs]

    def exists(icon: str) -> bool:
        return any((folder / f"{icon}.svg").is_file() for folder in folders)

    return exists


def _section_folder(section: Section) -> str | None:
    """The top-level folder of a section's pages (auto-generated nav has one folder a section)."""
    for child in section.children:
        src = getattr(getattr(child, "file", None), "src_uri", None)
        if src and "/" in src:
            return str(src.split("/", 1)[0])
        if isinstance(child, Section):
            return _section_folder(child)
    return None


@contextlib.contextmanager
def summaries(say: Callable[[str], None]) -> Iterator[None]:
    """While serving: one summary line per build, through `say`."""
    MemoryBankPlugin.summary_to = say
    try:
        yield
    finally:
        MemoryBankPlugin.summary_to = None


def _add_assets(config: MkDocsConfig) -> None:
    """The map's script and the site's styles (static files mbtool ships; no CDN)."""
    if CSS not in config.extra_css:
        config.extra_css.append(CSS)
    if not any(str(script) == SCRIPT for script in config.extra_javascript):
        config.extra_javascript.append(SCRIPT)


_LINK_WARNING = re.compile(
    r"^Doc file '(?P<page>[^']*)' contains (?:a|an unrecognized relative) link '(?P<url>[^']*)'"
)
_BACKTICKED = re.compile(r"`([^`]+)`")


class LinkFold(logging.Filter):
    """Drops MkDocs' warning about a link in a bank page when mbtool reported the same link (MB205
    broken link, MB206 broken anchor) on the same page: the problem is printed, and counted by
    `--strict`, once, as mbtool's finding. Links mbtool accepts (a project file outside the
    site) are broken on the site, so they are not dropped but counted, and said in one line
    (`off_site_summary`): a real bank links to its code hundreds of times."""

    def __init__(self, prefix: str, diagnostics: list[Any], *, count_off_site: bool = True) -> None:
        super().__init__()
        self.prefix = prefix + "/"
        self.count_off_site = count_off_site
        self.off_site: list[tuple[str, str]] = []
        self.reported: set[tuple[str, str]] = set()
        for diagnostic in diagnostics:
            if diagnostic.code in ("MB205", "MB206"):
                found = _BACKTICKED.search(diagnostic.message)
                if found is not None:
                    self.reported.add((f"{prefix}/{diagnostic.path}", found.group(1)))

    def filter(self, record: logging.LogRecord) -> bool:
        match = _LINK_WARNING.match(record.getMessage())
        if match is None:
            return True
        link = (match["page"], match["url"])
        if link in self.reported:
            return False
        if self.count_off_site and record.levelno >= logging.WARNING and link[0].startswith(self.prefix):
            self.off_site.append(link)
            return False
        return True

    def off_site_summary(self) -> str:
        page, url = self.off_site[0]
        count = len(self.off_site)
        links = "link" if count == 1 else "links"
        pages = len({page for page, _ in self.off_site})
        return (
            f"{count} {links} in {pages} bank page{'' if pages == 1 else 's'} lead to files that are "
            f"not on the site (first: '{url}' in '{page}'); `mbtool build --verbose` lists them"
        )
