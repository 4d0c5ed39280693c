"""`mbtool diagram`: the bank (whole, focus or impact view) or a Compose file set, as SVG/PNG/DOT."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mbtool.cli.common import add_bank_argument, add_output_argument, emit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("diagram", help="draw the dependency graph or a Compose architecture")
    add_bank_argument(parser)
    add_output_argument(parser)
    parser.add_argument(
        "--format",
        choices=("svg", "png", "dot"),
        default=None,
        help="default: from the output file's extension, else svg",
    )
    view = parser.add_mutually_exclusive_group()
    view.add_argument("--focus", metavar="DOC", help="only DOC's neighbourhood")
    view.add_argument("--impact", metavar="DOC", help="only what DOC's changes affect, with distances")
    view.add_argument(
        "--compose",
        metavar="FILE",
        action="append",
        help="a Compose file (repeatable, merged in order) instead of the bank",
    )
    parser.add_argument("--radius", type=int, default=1, help="neighbourhood radius for --focus (default 1)")
    parser.add_argument(
        "--renderer",
        choices=("pure", "dot"),
        default=None,
        help="graphviz-pure (default) or the system `dot`",
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import compose_diagram, diagram

    fmt = args.format or _format_from(args.output)
    if args.compose:
        result = compose_diagram(args.compose, fmt=fmt, renderer=args.renderer or "pure")
    else:
        result = diagram(
            args.bank,
            fmt=fmt,
            focus=args.focus,
            radius=args.radius,
            impact=args.impact,
            renderer=args.renderer,
            output=args.output,
            cache=not args.no_cache,
        )
    if result.note:
        print(f"mbtool: {result.note}", file=sys.stderr)
    emit(result.data, args.output)
    return 0


def _format_from(output: str | None) -> str:
    if output and output.lower().endswith((".png", ".dot", ".gv")):
        return "png" if output.lower().endswith(".png") else "dot"
    return "svg"
