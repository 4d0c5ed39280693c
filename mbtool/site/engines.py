"""The site engines mbtool can build with: MkDocs, ProperDocs (the MkDocs 1.x continuation) and
Zensical. The default is the first one installed, in that order.

MkDocs and ProperDocs share one API (ProperDocs answers `import mkdocs.*` with its own
modules once `properdocs.replacement` is imported), so they are driven by the same code
through an `MkDocsFamily`; the plugin is registered under both entry-point groups. The two
cannot share a process: ProperDocs must redirect `mkdocs` before anything imports it.
Zensical runs no MkDocs plugins; `mbtool.site.zensical_build` hands it pre-rendered pages.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mbtool.errors import UsageError

ENGINES = ("mkdocs", "properdocs", "zensical")
MKDOCS_FAMILY = ("mkdocs", "properdocs")


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def choose(engine: str | None) -> str:
    """The engine to build with: the one asked for (it must be installed), else the first installed."""
    if engine is None:
        for name in ENGINES:
            if installed(name):
                return name
        raise UsageError("no site engine is installed: pip install mkdocs (or properdocs, or zensical)")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine `{engine}`: use one of {', '.join(ENGINES)}")
    if not installed(engine):
        raise UsageError(f"--engine {engine}: {engine} is not installed; pip install {engine}")
    return engine


@dataclass(frozen=True)
class MkDocsFamily:
    """What mbtool uses of MkDocs' API, from the engine actually running."""

    name: str  # "mkdocs" or "properdocs": also the name of its root logger
    load_config: Callable[..., Any]
    build: Callable[..., None]
    serve: Callable[..., None]
    errors: tuple[type[Exception], ...]  # Abort, ConfigurationError
    serve_url: Callable[[str, int, str], str]


def family(name: str) -> MkDocsFamily:
    """The API of MkDocs or ProperDocs, imported now (ProperDocs after redirecting `mkdocs`)."""
    if name == "properdocs":
        _redirect_to_properdocs()
    elif _module_name("mkdocs") == "properdocs":
        raise UsageError(
            "this process already runs ProperDocs; build with MkDocs in a new process "
            "(`mbtool build --engine mkdocs`)"
        )
    config = importlib.import_module(f"{name}.config")
    build = importlib.import_module(f"{name}.commands.build")
    serve = importlib.import_module(f"{name}.commands.serve")
    exceptions = importlib.import_module(f"{name}.exceptions")
    return MkDocsFamily(
        name=name,
        load_config=config.load_config,
        build=build.build,
        serve=serve.serve,
        errors=(exceptions.Abort, exceptions.ConfigurationError),
        serve_url=serve._serve_url,
    )


def _redirect_to_properdocs() -> None:
    if _module_name("mkdocs.plugins") == "mkdocs.plugins":
        raise UsageError(
            "this process already loaded MkDocs, so ProperDocs cannot take its place; run "
            "`mbtool build --engine properdocs` on its own"
        )
    importlib.import_module("properdocs.replacement")


def _module_name(name: str) -> str | None:
    module = sys.modules.get(name)
    return getattr(module, "__name__", None) if module is not None else None
