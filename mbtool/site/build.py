"""`mbtool build` / `mbtool serve`: the project's `mkdocs.yml`, or a built-in default, built by
MkDocs, ProperDocs or Zensical (`engines`).

The default (Material, search, the `memory-bank` plugin) is written to a temporary folder
outside the project, so a project without `mkdocs.yml` builds without any file of its own.
A project's `mkdocs.yml` that does not list the plugin gets it for the run (and is told so);
one that names a plugin, theme or Markdown extension that is not installed is a one-line
error (exit 2), as is any other configuration error.

`build` never lets the engine empty a folder: the site folder is checked first (`target`:
never the project, the bank or a folder of sources; `publish.prepare`: empty, mbtool's own,
or an earlier MkDocs build), the engine builds into a fresh staging folder beside it, and
`publish` moves the result in, deleting only files mbtool wrote last time.

Output: the engine's warnings go to stderr one line each. mbtool's own findings are logged as
warnings too (so `--strict` fails on them) but kept off the console here: `mbtool build`
prints them once itself (a summary line, or the whole report with `--verbose`), and `serve`
prints a summary line per rebuild.
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

from mbtool.analysis import Analysis
from mbtool.errors import MbtoolError, UsageError
from mbtool.reading.discover import Location
from mbtool.site import engines, publish
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
# Above this many documents Material renders only the current section's navigation into each
# page (`navigation.prune`): the whole navigation in every page makes the build quadratic (at
# 200 documents rendering the navigation cost more than rendering the pages' Markdown).
PRUNE_ABOVE = 50


class StrictFailure(MbtoolError):
    """`--strict` and the build had warnings: a finding, not a usage error (exit 1)."""

    exit_code = 1


def default_config(bank: Path, site_dir: Path, docs_dir: Path, pages: int = 0) -> dict[str, Any]:
    features = ["content.code.copy", "navigation.instant", "search.highlight"]
    if pages > PRUNE_ABOVE:
        features.append("navigation.prune")
    return {
        # Themes print the site name unescaped; a folder name is the user's text.
        "site_name": html.escape(f"{bank.name} — Memory Bank"),
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "theme": {"name": "material", "font": False, "features": features},
        "markdown_extensions": DEFAULT_MARKDOWN_EXTENSIONS,
        "plugins": ["search", {"memory-bank": {"bank": str(bank), "index_page": True}}],
        "validation": {"links": {"anchors": "warn"}},
    }


def own_config(location: Location) -> Path | None:
    """The project's `mkdocs.yml` (or `mkdocs.yaml`), if it has one."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (location.project / name).is_file():
            return location.project / name
    return None


@contextlib.contextmanager
def config_file(
    location: Location, site_dir: Path | None, pages: int = 0
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """The project's `mkdocs.yml` when it has one (its plugin settings name the bank), else a default
    written to a temporary folder outside the project."""
    own = own_config(location)
    if own is not None:
        yield own, ({"site_dir": str(site_dir.resolve())} if site_dir is not None else {})
        return
    with tempfile.TemporaryDirectory(prefix="mbtool-site-") as temp:
        docs = Path(temp) / "docs"
        docs.mkdir()
        target = (site_dir or (location.project / "site")).resolve()
        path = Path(temp) / "mkdocs.yml"
        # JSON is valid YAML: no YAML writer needed outside `parse`.
        config = default_config(location.bank, target, docs, pages)
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")
        yield path, {}


# -- the console -------------------------------------------------------------------------------------
class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is when a warning is logged (not when the handler was made),
    leaving out mbtool's findings (printed once by the command) and capturing configuration
    errors while a config loads (they become the one-line error)."""

    _mbtool = True

    def __init__(self) -> None:
        super().__init__()
        self.captured: list[str] | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "mbtool_finding", False):
            return
        if self.captured is not None and record.levelno >= logging.ERROR:
            self.captured.append(record.getMessage())
            return
        self.stream = sys.stderr
        super().emit(record)


def _console(name: str) -> _StderrHandler:
    """The engine logs through `logging`; its own CLI installs a handler, so we install one too."""
    logger = logging.getLogger(name)
    for handler in logger.handlers:
        if isinstance(handler, _StderrHandler):
            return handler
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)
    return handler


def _quiet_engine() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")  # ProperDocs' banner


# -- loading a configuration ---------------------------------------------------------------------------
def load(
    engine: engines.MkDocsFamily,
    path: Path,
    location: Location,
    announce: Callable[[str], None] | None = None,
    **overrides: Any,
) -> Any:
    """The engine's config for `path`, with the `memory-bank` plugin added when it is missing; any
    configuration problem (a missing plugin, theme or extension included) is one UsageError line."""
    console = _console(engine.name)
    console.captured = []
    try:
        config = engine.load_config(str(path), **overrides)
    except engine.errors as error:
        raise UsageError(_config_problem(path, console.captured, error)) from None
    except Exception as error:  # a plugin or theme that fails to import or to load its options
        raise UsageError(_config_problem(path, console.captured, error)) from None
    finally:
        console.captured = None
    _ensure_plugin(config, path, location, announce)
    return config


def _config_problem(path: Path, captured: list[str], error: BaseException) -> str:
    messages = [" ".join(message.split()) for message in captured] or [" ".join(str(error).split())]
    text = "; ".join(messages).replace("Config value ", "")
    return f"{path.name}: {text}"


def _ensure_plugin(
    config: Any, path: Path, location: Location, announce: Callable[[str], None] | None
) -> None:
    """A project's config without the plugin would publish a site without the bank: add it."""
    if "memory-bank" in config.plugins:
        return
    # start-up: the plugin imports `mkdocs`, so only once the engine is chosen (ProperDocs
    # must redirect `mkdocs` to itself before anything imports it).
    from mbtool.site.plugin import MemoryBankPlugin

    plugin = MemoryBankPlugin()
    bank = os.path.relpath(location.bank, path.parent)
    errors, _ = plugin.load_config({"bank": bank}, str(path))
    if errors:
        raise UsageError(f"{path.name}: the memory-bank plugin: {errors[0][1]}")
    config.plugins["memory-bank"] = plugin
    if announce is not None:
        announce(
            f"mbtool: {path.name} does not list the memory-bank plugin; added it for this run "
            f"(add `- memory-bank` under `plugins:` to keep it)"
        )


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- build ----------------------------------------------------------------------------------------------
def build(
    analysis: Analysis,
    site_dir: Path | None,
    strict: bool,
    on_ready: Callable[[], None] | None = None,
    engine: str | None = None,
) -> Path:
    """Build the site, handing the plugin this run's analysis (no second load).

    `on_ready` runs once the site folder has been accepted, before the engine starts (the CLI
    prints the check report there, so a refused folder is the only thing said)."""
    name = engines.choose(engine)
    _quiet_engine()
    if name == "zensical":
        # start-up: Zensical's adapter, only when that engine builds.
        from mbtool.site.zensical_build import build as zensical_build

        return zensical_build(analysis, site_dir, strict, on_ready)
    family = engines.family(name)
    _console(name)
    with config_file(analysis.location, site_dir, len(analysis.bank.documents)) as (path, overrides):
        # None keeps the file's own `strict:`; the engine ignores overrides that are None.
        config = load(family, path, analysis.location, _stderr, strict=True if strict else None, **overrides)
        # The built-in config's docs_dir is a temporary folder; the project's own is guarded.
        own_docs = Path(config.docs_dir) if path == own_config(analysis.location) else None
        target = check_site_dir(analysis.location, Path(config.site_dir), own_docs)
        previous = publish.prepare(target)
        if on_ready is not None:
            on_ready()
        _hand_over(config, path, analysis)
        with publish.staging(target) as built:
            config["site_dir"] = str(built)
            _run(family, config)
            publish.publish(built, previous)
        return target


def _hand_over(config: Any, path: Path, analysis: Analysis) -> None:
    """Give the plugin this run's analysis when its `bank` option names the bank analysed."""
    # start-up: imported once the engine is chosen (see `_ensure_plugin`).
    from mbtool.site.plugin import MemoryBankPlugin

    plugin = config.plugins.get("memory-bank")
    if isinstance(plugin, MemoryBankPlugin) and (path.parent / plugin.config.bank).resolve() == (
        analysis.location.bank
    ):
        plugin.analysis = analysis


def _run(family: engines.MkDocsFamily, config: Any) -> None:
    from jinja2.exceptions import TemplateNotFound

    try:
        family.build(config)
    except family.errors as error:
        text = " ".join(str(error).split())
        if "in strict mode" in text:
            raise StrictFailure(
                f"site build failed: {text.rstrip('!')} (mbtool's findings count: `mbtool check` lists them)"
            ) from None
        raise UsageError(f"site build failed: {text}") from None
    except TemplateNotFound as error:  # a page of the project's own docs names an unknown icon
        raise UsageError(
            f"site build failed: the theme has no `{error.name}`; check `icon:` and "
            "`template:` in the front matter of the project's own pages"
        ) from None


# -- serve ----------------------------------------------------------------------------------------------
def serve(location: Location, dev_addr: str | None, engine: str | None = None) -> None:
    """Serve the site with live reload; the URL is printed first, then one summary line per build."""
    name = engines.choose(engine)
    if name == "zensical":
        raise UsageError("serve runs MkDocs or ProperDocs; with Zensical, `mbtool build --engine zensical`")
    _quiet_engine()
    family = engines.family(name)
    _console(name)
    # start-up: imported once the engine is chosen (see `_ensure_plugin`).
    from mbtool.site import plugin as plugin_module

    with config_file(location, None) as (path, _):
        overrides: dict[str, Any] = {"dev_addr": dev_addr} if dev_addr else {}
        config = load(family, path, location, _stderr, **overrides)
        host, port = config.dev_addr
        mount = config.site_url or "/"
        from urllib.parse import urlsplit

        url = family.serve_url(host, port, urlsplit(mount).path)
        _stderr(f"Serving {location.bank.name} at {url} (rebuilt when a file changes; Ctrl-C stops)")

        def reload(config_file: Any = None, **kwargs: Any) -> Any:
            # The note about an added plugin was printed by the first load, above.
            return load(family, Path(config_file or path), location, None, **kwargs)

        with _swapped(family, reload), plugin_module.summaries(_stderr):
            try:
                family.serve(str(path), livereload=True, **overrides)
            except OSError as error:
                raise UsageError(f"cannot serve at {url}: {error.strerror or error}") from None


@contextlib.contextmanager
def _swapped(family: engines.MkDocsFamily, loader: Callable[..., Any]) -> Iterator[None]:
    """The engine's serve command loads the config itself on every rebuild: through `loader`,
    so a project's config without the plugin gets it then too."""
    import importlib

    module = importlib.import_module(f"{family.name}.commands.serve")
    original = getattr(module, "load_config")  # noqa: B009 (a module attribute, swapped back below)
    setattr(module, "load_config", loader)  # noqa: B010
    try:
        yield
    finally:
        setattr(module, "load_config", original)  # noqa: B010
