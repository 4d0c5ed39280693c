"""`mbtool impact TARGET [BANK] [--format text|json|markdown] [--depth N] [--upstream] [--since REF]`."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import (
    add_bank_argument,
    add_finisher,
    add_format_argument,
    add_output_argument,
    emit,
)


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
    from mbtool.api import impact
    from mbtool.report.impact import RENDERERS

    result = impact(
        args.bank,
        args.target,
        since=args.since,
        depth=args.depth,
        upstream=args.upstream,
        references=args.references,
        cache=not args.no_cache,
    )
    emit(RENDERERS[args.format](result), args.output)
    return 0
