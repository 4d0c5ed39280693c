"""`mbtool graph [BANK] --format json|dot`: the dependency graph as data."""

from __future__ import annotations

import argparse
import json
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
    from mbtool.api import graph_dot, graph_json

    cache = not args.no_cache
    if args.format == "dot":
        emit(graph_dot(args.bank, cache=cache), args.output)
    else:
        emit(json.dumps(graph_json(args.bank, cache=cache), indent=2, ensure_ascii=False), args.output)
    return 0
