"""`mbtool graph [BANK] --format json|dot`: the dependency graph as data."""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from mbtool.cli.common import add_bank_argument, add_format_argument, add_output_argument, emit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("graph", help="print the dependency graph as JSON or DOT")
    add_bank_argument(parser)
    add_format_argument(parser, {"json": ("json",), "dot": ("dot", "gv")}, "json", strict=True)
    add_output_argument(parser)
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.reading import results  # standard library only: the fast path imports nothing heavy

    invocation = None
    if not args.no_cache:
        invocation = results.Invocation.of("graph", vars(args))
        stored = results.replay(invocation)
        if stored is not None:
            emit(stored.output, args.output)
            return stored.code
    started = time.time_ns()
    from mbtool.api import analyse, graph_dot, graph_json
    from mbtool.cli.impact import snapshot_result
    from mbtool.reading.parallel import heap_frozen

    analysis = analyse(args.bank, cache=not args.no_cache)
    with heap_frozen():
        if args.format == "dot":
            output = graph_dot(analysis)
        else:
            output = json.dumps(graph_json(analysis), indent=2, ensure_ascii=False)
    emit(output, args.output)
    if invocation is not None:
        bank_given = args.bank is not None
        also = (snapshot_result(analysis, args.bank, results),)
        stored = results.Stored(output, 0)
        results.record(invocation, stored, analysis.bank, started=started, bank_given=bank_given, also=also)
    return 0
