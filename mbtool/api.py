"""The library face of every command: what the CLI prints, these functions return.

Every call takes the bank first: a folder (`str`/`PathLike`, located as DESIGN §3 says,
`None` for the default), an already loaded `Bank`, or an `Analysis` (so one run's work is
shared between calls). Later stages are imported inside the calls that need them: those
imports inside functions keep start-up fast (a command loads only its own stages).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbtool.analysis import Analysis
from mbtool.config import Config
from mbtool.errors import UsageError
from mbtool.graph.snapshot import impact_from_snapshot  # the graph stage is loaded already
from mbtool.reading.bank import Bank, load_bank
from mbtool.reading.discover import locate

if TYPE_CHECKING:  # the later stages, imported by the calls that need them
    from mbtool.agents.context import ContextPack
    from mbtool.checks.engine import CheckResult
    from mbtool.drift.acknowledge import AckResult
    from mbtool.graph.impact import Impact
    from mbtool.mapdoc import MapStatus, WriteOutcome
    from mbtool.mapdoc.init import InitResult
    from mbtool.procedures import Procedure, RunOptions, RunResult

BankArg = Analysis | Bank | str | os.PathLike[str] | None

__all__ = [
    "BankArg",
    "DiagramResult",
    "ack",
    "analyse",
    "build_site",
    "check",
    "check_procedures",
    "compose_diagram",
    "context",
    "diagram",
    "export_procedure",
    "get_procedure",
    "graph_dot",
    "graph_json",
    "impact",
    "impact_from_snapshot",
    "init",
    "list_procedures",
    "load",
    "map_json",
    "map_status",
    "rule_docs",
    "run_procedure",
    "serve_mcp",
    "serve_site",
    "write_map",
]


def load(
    bank: str | os.PathLike[str] | None = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    cache: bool = True,
) -> Bank:
    """Discover, read and parse a bank (DESIGN §3); `cache=False` (`--no-cache`) parses every file."""
    return load_bank(locate(bank, cwd=cwd, config=config), cache=cache)


def analyse(
    bank: BankArg = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    cache: bool = True,
    today: dt.date | None = None,
) -> Analysis:
    """The one `Analysis` a run shares: the loaded bank, with the graph and checks computed lazily."""
    if isinstance(bank, Analysis):
        return bank
    loaded = bank if isinstance(bank, Bank) else load(bank, cwd=cwd, config=config, cache=cache)
    return Analysis(loaded, today=today or dt.date.today())


# -- check ---------------------------------------------------------------------------------------------


def check(
    bank: BankArg = None,
    *,
    cwd: Path | None = None,
    config: Config | None = None,
    today: dt.date | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    fix: bool = False,
    cache: bool = True,
    since: str | None = None,
) -> CheckResult:
    """Run every selected rule over the bank (DESIGN §5); with `fix`, apply the fixes until none
    is left and return what remains (`fixed` and `skipped` say what was written). `since` (a
    git ref, e.g. a pull request's base) turns on co-change rules (MB313) and limits code drift
    (MB311) to the commits after it."""
    from mbtool.checks.engine import run_check
    from mbtool.checks.fix.passes import fix_bank

    analysis = analyse(bank, cwd=cwd, config=config, cache=cache, today=today)
    if since is not None and since != analysis.since:
        analysis = Analysis(analysis.bank, today=analysis.today, shellcheck=analysis.shellcheck, since=since)
    if fix:
        return fix_bank(analysis, select=select, ignore=ignore, cache=cache)
    return run_check(analysis, select=select, ignore=ignore)


def check_procedures(bank: BankArg = None, *, shellcheck: bool = True, cache: bool = True) -> CheckResult:
    """`mbtool procedures check`: the MB4 rules (plus shellcheck's advice as MB402 info)."""
    from mbtool.checks.engine import run_check

    analysis = analyse(bank, cache=cache)
    procedure_run = Analysis(analysis.bank, today=analysis.today, shellcheck=shellcheck)
    return run_check(procedure_run, select=["MB4"])


def rule_docs(code: str | None = None) -> str:
    """`mbtool rule [CODE]`: one rule's documentation, or the whole reference, as Markdown."""
    from mbtool.checks.rules import ALL_RULES, find_rule
    from mbtool.checks.rules.docs import reference_markdown, rule_markdown

    if code is None:
        return reference_markdown(ALL_RULES)
    return rule_markdown(find_rule(code), level=1)


# -- graph and impact ----------------------------------------------------------------------------------


def graph_json(bank: BankArg = None, *, cache: bool = True) -> dict[str, Any]:
    from mbtool.graph.export import to_json

    return to_json(analyse(bank, cache=cache).graph)


def graph_dot(bank: BankArg = None, *, cache: bool = True) -> str:
    from mbtool.graph.export import to_dot

    return to_dot(analyse(bank, cache=cache).graph)


def impact(
    bank: BankArg = None,
    target: str | None = None,
    *,
    since: str | None = None,
    depth: int | None = None,
    upstream: bool = False,
    references: bool = False,
    cwd: Path | None = None,
    cache: bool = True,
) -> Impact:
    """What transitively depends on `target` (or on the documents changed since the git ref
    `since`), nearest first; `upstream` asks what it rests on instead (DESIGN §6)."""
    from mbtool import git
    from mbtool.graph.impact import impact_of, impact_of_changes

    if (target is None) == (since is None):
        raise UsageError("pass either a TARGET or --since GITREF, e.g. `mbtool impact progress.md`")
    analysis = analyse(bank, cwd=cwd, cache=cache)
    if since is not None:
        from mbtool.drift import code_changed

        changed = git.changed_since(analysis.location.bank, since)
        code = code_changed(analysis.bank, since)
        result = impact_of_changes(
            analysis.graph, since, [*changed, *code], upstream=upstream, depth=depth, references=references
        )
        return result.model_copy(update={"code_changed": code or None})
    assert target is not None
    node = _node_of(analysis, target, cwd)
    return impact_of(analysis.graph, node, upstream=upstream, depth=depth, references=references)


def _node_of(analysis: Analysis, target: str, cwd: Path | None) -> str:
    from mbtool.graph.impact import cwd_aliases, find_target

    here = (cwd or Path.cwd()).resolve()
    aliases = cwd_aliases(target, here, analysis.location.bank, analysis.location.project)
    return find_target(analysis.graph, target, aliases)


# -- diagrams ------------------------------------------------------------------------------------------


class DiagramResult:
    """Rendered image bytes, and a note for the user (e.g. when folders were folded)."""

    def __init__(self, data: bytes, note: str | None = None) -> None:
        self.data = data
        self.note = note


def diagram(
    bank: BankArg = None,
    *,
    fmt: str = "svg",
    focus: str | None = None,
    radius: int = 1,
    impact: str | None = None,
    renderer: str | None = None,
    output: str | None = None,
    cwd: Path | None = None,
    cache: bool = True,
    concepts: bool = False,
) -> DiagramResult:
    """A diagram of the bank (whole, `focus` or `impact` view), rendered; nodes are coloured by
    the run's check results (computed once per analysis). Concepts and paths are drawn only
    with `concepts` (documents alone otherwise)."""
    from mbtool.checks.engine import run_check
    from mbtool.diagrams.views import View, render_view, view_dot

    analysis = analyse(bank, cwd=cwd, cache=cache)
    here = (cwd or Path.cwd()).resolve()
    view = View(
        focus=_node_of(analysis, focus, cwd) if focus else None,
        radius=radius,
        impact=_node_of(analysis, impact, cwd) if impact else None,
        concepts=concepts,
    )
    out_dir = (here / output).parent if output else here

    def href(node: str) -> str:
        return os.path.relpath(analysis.location.bank / node, out_dir).replace(os.sep, "/")

    source = view_dot(
        analysis.graph,
        view,
        run_check(analysis).diagnostics,
        href=href,
        title=analysis.location.bank.name,
        fold_threshold=analysis.config.diagram_fold_threshold,
    )
    data = render_view(source, fmt, renderer or analysis.config.renderer)  # type: ignore[arg-type]
    return DiagramResult(data, source.note)


def compose_diagram(
    files: Sequence[str | os.PathLike[str]],
    *,
    fmt: str = "svg",
    renderer: str = "pure",
    cwd: Path | None = None,
) -> DiagramResult:
    """The container architecture of Compose files (merged in order), rendered."""
    from mbtool.compose import compose_to_dot, load_compose
    from mbtool.diagrams.render import render

    here = (cwd or Path.cwd()).resolve()
    model = load_compose([here / name for name in files])
    return DiagramResult(render(compose_to_dot(model), fmt, renderer))  # type: ignore[arg-type]


# -- the map and init ----------------------------------------------------------------------------------


def map_json(bank: BankArg = None, *, cache: bool = True) -> dict[str, Any]:
    """`mbtool map --format json`: the dependency map as data."""
    from mbtool import mapdoc

    return mapdoc.map_json(analyse(bank, cache=cache))


def map_status(bank: BankArg = None, *, cache: bool = True) -> MapStatus:
    """The map document as it is and as `mbtool map` would write it (`--check`)."""
    from mbtool import mapdoc

    return mapdoc.map_status(analyse(bank, cache=cache))


def write_map(
    bank: str | os.PathLike[str] | None = None, *, cwd: Path | None = None, cache: bool = True
) -> tuple[WriteOutcome, MapStatus]:
    """`mbtool map`: regenerate the map document's region in place (creating it when missing)."""
    from mbtool import mapdoc

    return mapdoc.write_map(locate(bank, cwd=cwd), cache=cache)


def init(
    bank: str | os.PathLike[str] | None = None,
    *,
    today: dt.date | None = None,
    force: bool = False,
    cwd: Path | None = None,
) -> InitResult:
    """`mbtool init`: the six core files wired in Cline's hierarchy, and the map."""
    from mbtool.mapdoc.init import init_bank

    return init_bank(
        Path(bank) if bank is not None else None, today=today or dt.date.today(), force=force, cwd=cwd
    )


# -- procedures ----------------------------------------------------------------------------------------


def list_procedures(bank: BankArg = None) -> list[Procedure]:
    return analyse(bank).procedures


def get_procedure(bank: BankArg, ident: str) -> Procedure:
    """A procedure by id (`doc.md#anchor`), unique anchor, or step name; an ambiguous or
    unknown name is a UsageError naming the candidates."""
    from mbtool.procedures import find_procedure

    return find_procedure(analyse(bank).procedures, ident)


def export_procedure(bank: BankArg, ident: str) -> str:
    """A procedure as a standalone script, from the file as it is now (never a cached parse:
    the script is what someone will run)."""
    from mbtool.procedures import export_script

    analysis = analyse(bank, cache=False)
    return export_script(get_procedure(analysis, ident), analysis.bank.prefix)


def run_procedure(
    bank: BankArg, ident: str, options: RunOptions | None = None, *, confirmed: bool = False
) -> RunResult:
    """Run a procedure's steps as the file says them now. `confirmed` must be True: running
    is opt-in (the CLI asks, or takes `--yes`)."""
    from mbtool.procedures import RunOptions, plan, run_steps

    if not confirmed:
        raise UsageError("running a procedure needs consent: pass confirmed=True (the CLI asks first)")
    analysis = analyse(bank, cache=False)
    procedure = get_procedure(analysis, ident)
    steps = plan(procedure, analysis.location.project, options or RunOptions())
    return run_steps(procedure.id, steps)


# -- site ----------------------------------------------------------------------------------------------


def build_site(
    bank: BankArg = None,
    *,
    site_dir: str | os.PathLike[str] | None = None,
    strict: bool = False,
    on_ready: Callable[[], None] | None = None,
    engine: str | None = None,
) -> Path:
    """`mbtool build`: publish the bank with MkDocs (the project's `mkdocs.yml`, else a default).
    The analysis is handed to the plugin in-process, so the bank is read and checked once.
    A site folder that is or holds the project, the bank or sources is refused (UsageError)
    before anything is built; `on_ready` runs once the folder is accepted. `engine` is
    "mkdocs", "properdocs" or "zensical" (default: the first installed)."""
    from mbtool.site.build import build

    target = Path(site_dir) if site_dir is not None else None
    return build(analyse(bank), target, strict=strict, on_ready=on_ready, engine=engine)


def serve_site(
    bank: str | os.PathLike[str] | None = None, *, dev_addr: str | None = None, engine: str | None = None
) -> None:
    """`mbtool serve`: the site with live reload (the bank is re-read on every change)."""
    from mbtool.site.build import serve

    serve(locate(bank), dev_addr, engine)


# -- agents --------------------------------------------------------------------------------------------


def context(
    bank: BankArg = None,
    document: str | None = None,
    *,
    budget: int | None = None,
    cwd: Path | None = None,
    cache: bool = True,
) -> ContextPack:
    """`mbtool context DOC`: what to read before working on `document` (what it rests on,
    dependencies first, then the document, then what to re-check after changing it), shrunk
    to `budget` estimated tokens; render it with `mbtool.agents.bundle.markdown`/`to_json`."""
    from mbtool.agents.packing import build_context

    if document is None:
        raise UsageError("pass the document to work on, e.g. `mbtool context dockerWorkflow.md`")
    if budget is not None and budget < 1:
        raise UsageError(f"--budget `{budget}` must be a positive number of tokens")
    analysis = analyse(bank, cwd=cwd, cache=cache)
    return build_context(analysis, _node_of(analysis, document, cwd), budget)


def serve_mcp(bank: str | os.PathLike[str] | None = None, *, cwd: Path | None = None) -> None:
    """`mbtool mcp`: a read-only Model Context Protocol server over stdio, until stdin closes.
    Needs the optional `mcp` package (`pip install 'mbtool[mcp]'`)."""
    location = locate(bank, cwd=cwd)
    try:
        from mbtool.agents.server import serve
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in ("mcp", "mcp_types"):
            raise
        raise UsageError(
            "`mbtool mcp` needs the MCP SDK, an optional extra: pip install 'mbtool[mcp]'"
        ) from None
    serve(location)


# -- code drift ----------------------------------------------------------------------------------------


def ack(
    bank: BankArg,
    document: str,
    *,
    refs: Sequence[str] = (),
    reason: str | None = None,
    today: dt.date | None = None,
    cwd: Path | None = None,
) -> AckResult:
    """`mbtool ack DOC`: record a review of `document` against the code it describes (DESIGN
    §13): its `Last Reviewed` date, in its own style, and with `refs` the blob id of each of
    those files under `reviewed:` in front matter. Atomic; the same day twice changes nothing."""
    from mbtool.drift.acknowledge import acknowledge
    from mbtool.graph import NodeKind

    analysis = analyse(bank, cwd=cwd, cache=False)
    node = _node_of(analysis, document, cwd)
    if analysis.graph.kind(node) is not NodeKind.DOCUMENT:
        raise UsageError(f"`{document}` is not a document of this memory bank; pass a bank document")
    here = (cwd or Path.cwd()).resolve()
    return acknowledge(analysis.bank, node, day=today or analysis.today, reason=reason, refs=refs, cwd=here)
