"""`mbtool map [BANK] [--check] [--format markdown|json]`: the dependency map for agents."""

from __future__ import annotations

import argparse
import json
from typing import Any

from mbtool.cli.common import add_bank_argument, add_format_argument, add_output_argument, emit
from mbtool.errors import UsageError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "map",
        help="regenerate the dependency map document (or check that it is fresh)",
        description="Rewrite the generated region of the map document (default dependencies.md). "
        "--check writes nothing and exits 1 when the region is stale.",
    )
    add_bank_argument(parser)
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 when the map is stale or missing"
    )
    add_format_argument(
        parser,
        {"markdown": ("md", "markdown"), "json": ("json",)},
        "markdown",
        help_text="markdown rewrites the map document (or writes it to -o); json prints the map as data "
        "(default: from -o's extension, else markdown)",
    )
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.check:
        if args.format != "markdown" or args.output is not None:
            raise UsageError("--check compares the map document in the bank; drop --format/--output")
        return _check(args.bank)
    if args.format == "json" or args.output is not None:
        return _emit(args)
    from mbtool.api import write_map

    outcome, status = write_map(args.bank)
    print(f"{status.relative}: {'up to date' if outcome == 'unchanged' else outcome}")
    return 0


def _check(bank: str | None) -> int:
    from mbtool.api import map_status

    status = map_status(bank)
    if status.fresh:
        print(f"{status.relative}: up to date")
        return 0
    problem = "does not exist" if status.current is None else "is stale"
    print(f"{status.relative}: {problem}; run `mbtool map` to regenerate it")
    return 1


def _emit(args: argparse.Namespace) -> int:
    """`--format json`, or the Markdown document written to `--output` instead of the bank."""
    from mbtool.api import analyse, map_json, map_status

    analysis = analyse(args.bank)
    if args.format == "json":
        emit(json.dumps(map_json(analysis), indent=2, ensure_ascii=False), args.output)
    else:
        emit(map_status(analysis).expected, args.output)
    return 0
