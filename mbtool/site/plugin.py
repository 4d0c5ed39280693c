"""The MkDocs plugin `memory-bank`: a thin adapter that adds mbtool's generated content.

`mbtool build` hands the plugin the run's `Analysis` in-process (`plugin.analysis`), so the
bank is read and checked once per build; under plain `mkdocs build`/`serve` the plugin
loads the bank named by its `bank` option itself, afresh on every rebuild.

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

import html
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mbtool.analysis import Analysis
from mbtool.reading.bank import load_bank
from mbtool.reading.discover import locate
from mbtool.site import sanitize
from mbtool.site.generate import Generated, generate
from mbtool.site.pagemeta import escaped_markup_text, safe_meta

log = get_plugin_logger(__name__)


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
    def __init__(self) -> None:
        self.generated: Generated | None = None
        self.bank_root: Path | None = None
        self.analysis: Analysis | None = None  # set by `mbtool build`, which already analysed the bank
        self.logged = (0, 0)  # how many of the generator's warnings and notes have been logged

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
        self._log_warnings()
        return config

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
