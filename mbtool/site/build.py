"""`mbtool build` / `mbtool serve`: MkDocs with the project's `mkdocs.yml`, or a built-in default.

The default (Material, search, the `memory-bank` plugin) is written to a temporary folder
outside the project, so a project without `mkdocs.yml` builds without any file of its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from mbtool.analysis import Analysis
from mbtool.errors import UsageError
from mbtool.reading.discover import Location
from mbtool.site.plugin import MemoryBankPlugin

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
        "site_name": f"{bank.name} — Memory Bank",
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


def _show_mkdocs_warnings() -> None:
    """MkDocs logs through `logging`; its own CLI installs a handler, so we install one too."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "_mbtool", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._mbtool = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


def build(analysis: Analysis, site_dir: Path | None, strict: bool) -> Path:
    """Build the site with MkDocs, handing the plugin this run's analysis (no second load)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _show_mkdocs_warnings()
    with config_file(analysis.location, site_dir) as (path, overrides):
        try:
            # None keeps the file's own `strict:`; MkDocs ignores overrides that are None.
            config = load_config(str(path), strict=True if strict else None, **overrides)
            plugin = config.plugins.get("memory-bank")
            if isinstance(plugin, MemoryBankPlugin) and _same_bank(plugin, path, analysis):
                plugin.analysis = analysis
            mkdocs_build(config)
        except (Abort, ConfigurationError) as error:
            raise UsageError(f"site build failed: {error}") from None
        return Path(config.site_dir)


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
