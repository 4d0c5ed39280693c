"""`mbtool build` / `mbtool serve`: MkDocs with the project's `mkdocs.yml`, or a built-in default.

The default (Material, search, the `memory-bank` plugin) is written to a temporary folder
outside the project, so a project without `mkdocs.yml` builds without any file of its own.

`build` never lets MkDocs empty a folder: the site folder is checked first (`target`:
never the project, the bank or a folder of sources; `publish.prepare`: empty, mbtool's own,
or an earlier MkDocs build), MkDocs builds into a fresh staging folder beside it, and
`publish` moves the result in, deleting only files mbtool wrote last time.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2.exceptions import TemplateNotFound
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from mbtool.analysis import Analysis
from mbtool.errors import UsageError
from mbtool.reading.discover import Location
from mbtool.site import publish
from mbtool.site.plugin import MemoryBankPlugin
from mbtool.site.target import check_site_dir

DEFAULT_MARKDOWN_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "pymdownx.details",
    {"pymdownx.superfences": {}},
    {"pymdownx.highlight": {"anchor_linenums": False}},
    "pymdownx.inlinehilite",
    "pymdownx.tilde",
    {"toc": {"permalink": True}},
    "tables",
]


def default_config(bank: Path, site_dir: Path, docs_dir: Path) -> dict[str, Any]:
    return {
        # Themes print the site name unescaped; a folder name is the user's text.
        "site_name": html.escape(f"{bank.name} — Memory Bank"),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "theme": {
            "name": "material",
            "font": False,
            "features": ["content.code.copy", "navigation.instant", "search.highlight"],
        },
        "markdown_extensions": DEFAULT_MARKDOWN_EXTENSIONS,
        "plugins": ["search", {"memory-bank": {"bank": str(bank), "index_page": True}}],
        "validation": {"links": {"anchors": "warn"}},
    }


@contextlib.contextmanager
def config_file(location: Location, site_dir: Path | None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The project's `mkdocs.yml` when it has one (its plugin settings name the bank), else a default
    written to a temporary folder outside the project."""
    own = location.project / "mkdocs.yml"
    if own.is_file():
        yield own, ({"site_dir": str(site_dir.resolve())} if site_dir is not None else {})
        return
    with tempfile.TemporaryDirectory(prefix="mbtool-site-") as temp:
        docs = Path(temp) / "docs"
        docs.mkdir()
        target = (site_dir or (location.project / "site")).resolve()
        path = Path(temp) / "mkdocs.yml"
        # JSON is valid YAML: no YAML writer needed outside `parse`.
        config = default_config(location.bank, target, docs)
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")
        yield path, {}


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a warning is logged (not when the handler was made)."""

    _mbtool = True

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _show_mkdocs_warnings() -> None:
    """MkDocs logs through `logging`; its own CLI installs a handler, so we install one too."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "_mbtool", False) for handler in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)


def build(
    analysis: Analysis, site_dir: Path | None, strict: bool, on_ready: Callable[[], None] | None = None
) -> Path:
    """Build the site with MkDocs, handing the plugin this run's analysis (no second load).

    `on_ready` runs once the site folder has been accepted, before MkDocs starts (the CLI
    prints the check report there, so a refused folder is the only thing said)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_mkdocs_warnings()
    with config_file(analysis.location, site_dir) as (path, overrides):
        try:
            # None keeps the file's own `strict:`; MkDocs ignores overrides that are None.
            config = load_config(str(path), strict=True if strict else None, **overrides)
        except (Abort, ConfigurationError) as error:
            raise UsageError(f"site build failed: {error}") from None
        # The built-in config's docs_dir is a temporary folder; the project's own is guarded.
        own_docs = Path(config.docs_dir) if path == analysis.location.project / "mkdocs.yml" else None
        target = check_site_dir(analysis.location, Path(config.site_dir), own_docs)
        previous = publish.prepare(target)
        if on_ready is not None:
            on_ready()
        plugin = config.plugins.get("memory-bank")
        if isinstance(plugin, MemoryBankPlugin) and _same_bank(plugin, path, analysis):
            plugin.analysis = analysis
        with publish.staging(target) as built:
            config["site_dir"] = str(built)
            try:
                mkdocs_build(config)
            except (Abort, ConfigurationError) as error:
                raise UsageError(f"site build failed: {error}") from None
            except TemplateNotFound as error:  # a page of the project's own docs names an unknown icon
                raise UsageError(
                    f"site build failed: the theme has no `{error.name}`; check `icon:` and "
                    "`template:` in the front matter of the project's own pages"
                ) from None
            publish.publish(built, previous)
        return target


def _same_bank(plugin: MemoryBankPlugin, config_path: Path, analysis: Analysis) -> bool:
    """The plugin's `bank` option names the bank this run analysed (else it loads its own)."""
    return (config_path.parent / plugin.config.bank).resolve() == analysis.location.bank


def serve(location: Location, dev_addr: str | None) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    with config_file(location, None) as (path, _):
        kwargs: dict[str, Any] = {"livereload": True}
        if dev_addr:
            kwargs["dev_addr"] = dev_addr
        mkdocs_serve(str(path), **kwargs)
