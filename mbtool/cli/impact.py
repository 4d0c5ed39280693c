"""`mbtool impact TARGET [BANK] [--format text|json|markdown] [--depth N] [--upstream] [--since REF]`."""

from __future__ import annotations

import argparse
import json
import time
from types import ModuleType
from typing import TYPE_CHECKING, Any

from mbtool.cli.common import (
    add_bank_argument,
    add_finisher,
    add_format_argument,
    add_output_argument,
    emit,
)

if TYPE_CHECKING:
    from mbtool.reading.results import Stored


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "impact", help="list what depends on a document, concept or path (or on what changed since a ref)"
    )
    parser.add_argument(
        "target",
        nargs="?",
        default=None,
        metavar="TARGET",
        help="a document (bank-relative, relative to here, or a unique basename), a concept or a path",
    )
    add_bank_argument(parser)
    add_format_argument(parser, {"text": ("txt",), "json": ("json",), "markdown": ("md", "markdown")}, "text")
    parser.add_argument("--depth", type=_depth, default=None, metavar="N", help="stop N edges away")
    parser.add_argument(
        "--upstream", action="store_true", help="list what the target rests on instead of what rests on it"
    )
    parser.add_argument("--references", action="store_true", help="also follow plain links between documents")
    parser.add_argument(
        "--since",
        default=None,
        metavar="GITREF",
        help="the union of the impacts of documents changed since GITREF",
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    add_output_argument(parser)
    add_finisher(parser, _since_bank)
    parser.set_defaults(handler=handle)


def _since_bank(args: argparse.Namespace) -> None:
    """`impact --since REF BANK`: with --since there is no TARGET, so the one positional is the bank."""
    if args.since is not None and args.target is not None and args.bank is None:
        args.bank, args.target = args.target, None


def _depth(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"`{text}` is not a positive whole number")
    return int(text)


def handle(args: argparse.Namespace) -> int:
    from mbtool.reading import results  # standard library only: the fast path imports nothing heavy

    invocation = None
    if not (args.no_cache or args.since):  # --since reads a moving git ref
        invocation = results.Invocation.of("impact", vars(args))
        stored = results.replay(invocation)
        if stored is None:
            stored = _from_snapshot(args, results)
            if stored is not None:
                results.adopt(invocation, stored, results.graph_invocation(args.bank))
        if stored is not None:
            emit(stored.output, args.output)
            return stored.code
    started = time.time_ns()
    from mbtool.api import analyse, impact
    from mbtool.reading.parallel import heap_frozen
    from mbtool.report.impact import RENDERERS

    analysis = analyse(args.bank, cache=not args.no_cache)
    with heap_frozen():
        result = impact(
            analysis,
            args.target,
            since=args.since,
            depth=args.depth,
            upstream=args.upstream,
            references=args.references,
            cache=not args.no_cache,
        )
        output = RENDERERS[args.format](result)
    emit(output, args.output)
    if invocation is not None:
        also = (snapshot_result(analysis, args.bank, results),)
        results.record(
            invocation,
            results.Stored(output, 0),
            analysis.bank,
            started=started,
            bank_given=args.bank is not None,
            also=also,
        )
    return 0


def _from_snapshot(args: argparse.Namespace, results: ModuleType) -> Stored | None:
    """A query not asked before, answered from the graph the last run kept (when nothing it
    rests on changed): no documents loaded, no rules. Same output as the full run."""
    if args.target is None:
        return None
    snapshot = results.replay(results.graph_invocation(args.bank))
    if snapshot is None:
        return None
    from mbtool.graph.snapshot import impact_from_snapshot  # the graph stage only: no bank, no rules
    from mbtool.report.impact import RENDERERS

    result = impact_from_snapshot(
        json.loads(snapshot.output),
        args.target,
        depth=args.depth,
        upstream=args.upstream,
        references=args.references,
    )
    stored: Stored = results.Stored(RENDERERS[args.format](result), 0)
    return stored


def snapshot_result(analysis: Any, bank: str | None, results: ModuleType) -> tuple[Any, Any]:
    """The graph snapshot of a finished run, to store beside its result (see `_from_snapshot`)."""
    from mbtool.graph.snapshot import to_snapshot

    location = analysis.location
    data = {
        "bank": str(location.bank),
        "project": str(location.project),
        "graph": to_snapshot(analysis.graph),
    }
    return results.graph_invocation(bank), results.Stored(json.dumps(data), 0)
