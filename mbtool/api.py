"""The library face of every command: what the CLI prints, these functions return."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from mbtool.config import Config
from mbtool.errors import UsageError
from mbtool.graph.build import build_graph, to_json
from mbtool.graph.impact import Impact
from mbtool.reading.bank import Bank, load_bank
from mbtool.reading.discover import locate

if TYPE_CHECKING:
    from mbtool.checks.engine import CheckResult

MAX_FIX_PASSES = 5


def load(
    bank: str | os.PathLike[str] | None = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    cache: bool = True,
) -> Bank:
    """Discover, parse and resolve a bank (DESIGN §3); `cache=False` (`--no-cache`) parses every file."""
    from mbtool.reading.cache import cached_parser

    return load_bank(locate(bank, cwd=cwd, config=config), parser=cached_parser(cache))


def graph_json(bank: Bank) -> dict[str, Any]:
    return to_json(build_graph(bank))


def impact(
    target: str | None = None,
    bank: Bank | str | os.PathLike[str] | None = None,
    *,
    depth: int | None = None,
    upstream: bool = False,
    since: str | None = None,
    cwd: Path | None = None,
    config: Config | None = None,
) -> Impact:
    """What transitively depends on `target` (or on the documents changed since the git ref
    `since`), nearest first; `upstream` asks what it rests on instead (DESIGN §6)."""
    from mbtool import git as gitinfo
    from mbtool.graph.impact import cwd_aliases, find_target, impact_of, impact_of_changes

    if (target is None) == (since is None):
        raise UsageError("pass either a TARGET or --since GITREF, e.g. `mbtool impact progress.md`")
    loaded = bank if isinstance(bank, Bank) else load(bank, cwd=cwd, config=config)
    graph = build_graph(loaded)
    if since is not None:
        changed = gitinfo.changed_since(loaded.location.bank, since)
        return impact_of_changes(graph, since, changed, upstream=upstream, depth=depth)
    assert target is not None
    here = (cwd or Path.cwd()).resolve()
    aliases = cwd_aliases(target, here, loaded.location.bank, loaded.location.project)
    return impact_of(graph, find_target(graph, target, aliases), upstream=upstream, depth=depth)


class DiagramResult(BaseModel):
    data: bytes
    note: str | None = None


def diagram(
    bank: Bank | str | os.PathLike[str] | None = None,
    *,
    fmt: str = "svg",
    focus: str | None = None,
    radius: int = 1,
    impact: str | None = None,
    compose: list[str] | None = None,
    renderer: str | None = None,
    output: str | None = None,
    cwd: Path | None = None,
    cache: bool = True,
) -> DiagramResult:
    """A diagram of the bank (whole, `focus` or `impact` view) or of Compose files, rendered."""
    from mbtool.compose import compose_to_dot, load_compose
    from mbtool.diagram.render import render
    from mbtool.diagram.views import View, view_dot

    here = (cwd or Path.cwd()).resolve()
    if compose:
        model = load_compose([here / name for name in compose])
        return DiagramResult(data=render(compose_to_dot(model), fmt, renderer or "pure"))  # type: ignore[arg-type]
    loaded = bank if isinstance(bank, Bank) else load(bank, cwd=cwd, cache=cache)
    graph = build_graph(loaded)
    view = View(
        focus=_node_of(graph, focus, loaded, here) if focus else None,
        radius=radius,
        impact=_node_of(graph, impact, loaded, here) if impact else None,
    )
    out_dir = (here / output).parent if output else here

    def href(node: str) -> str:
        return os.path.relpath(loaded.location.bank / node, out_dir).replace(os.sep, "/")

    source = view_dot(
        graph,
        view,
        check(loaded).diagnostics,
        href=href,
        title=loaded.location.bank.name,
        fold_threshold=loaded.location.config.diagram_fold_threshold,
    )
    data = render(source.dot, fmt, renderer or loaded.location.config.renderer)  # type: ignore[arg-type]
    return DiagramResult(data=data, note=source.note)


def _node_of(graph: Any, target: str, loaded: Bank, here: Path) -> str:
    from mbtool.graph.impact import cwd_aliases, find_target

    aliases = cwd_aliases(target, here, loaded.location.bank, loaded.location.project)
    return find_target(graph, target, aliases)


def check(
    bank: Bank | str | os.PathLike[str] | None = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    today: dt.date | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    fix: bool = False,
    cache: bool = True,
) -> CheckResult:
    """Run every rule over the bank (DESIGN §5); with `fix`, apply the fixes until none is left.

    `select` replaces the configured selection, `ignore` adds to it. Fixing reloads the bank
    after each pass (at most `MAX_FIX_PASSES`) and returns what is left, with `fixed`.
    """
    from mbtool.checks.engine import run_check
    from mbtool.checks.fix.apply import apply_fixes
    from mbtool.reading.cache import cached_parser

    loaded = bank if isinstance(bank, Bank) else load(bank, cwd=cwd, config=config, cache=cache)
    result = run_check(loaded, today=today, select=select, ignore=ignore)
    fixed: dict[str, int] = {}
    for _ in range(MAX_FIX_PASSES if fix else 0):
        fixable = [diagnostic for diagnostic in result.diagnostics if diagnostic.fix is not None]
        applied = apply_fixes(loaded, fixable) if fixable else None
        if applied is None or not applied.count:
            break
        for path, count in applied.files.items():
            fixed[path] = fixed.get(path, 0) + count
        loaded = load_bank(loaded.location, parser=cached_parser(cache))
        result = run_check(loaded, today=today, select=select, ignore=ignore)
    return dataclasses.replace(result, fixed=fixed) if fixed else result
