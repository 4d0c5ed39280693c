"""`mbtool diagram`: the bank (whole, focus or impact view) or a Compose file set, as SVG/PNG/DOT."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mbtool.cli.common import add_bank_argument, add_format_argument, add_output_argument, emit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("diagram", help="draw the dependency graph or a Compose architecture")
    add_bank_argument(parser)
    add_output_argument(parser)
    add_format_argument(
        parser,
        {"svg": ("svg",), "png": ("png",), "dot": ("dot", "gv")},
        "svg",
        strict=True,
        help_text="image format (default: from -o's extension, else svg; another extension is an error)",
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
        "--concepts", action="store_true", help="also draw concepts and paths (default: documents only)"
    )
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

    fmt = args.format
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
            concepts=args.concepts,
        )
    if result.note:
        print(f"mbtool: {result.note}", file=sys.stderr)
    emit(result.data, args.output)
    return 0
