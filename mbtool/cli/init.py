"""`mbtool init [BANK] [--force] [--today D]`: scaffold the six core files and the map."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from mbtool.cli.common import add_bank_argument
from mbtool.errors import UsageError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init",
        help="create a memory bank with the six core files and a dependency map",
        description="Create the six core files, wired projectbrief → productContext, systemPatterns, "
        "techContext → activeContext → progress, then generate the map. Existing files "
        "are kept unless --force is given.",
    )
    add_bank_argument(parser)
    parser.add_argument("--force", action="store_true", help="overwrite files that already exist")
    parser.add_argument(
        "--today",
        default=None,
        metavar="YYYY-MM-DD",
        help="the date written into the footers (default: today)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import init

    result = init(args.bank, today=_today(args.today), force=args.force)
    for name in result.written:
        print(f"created {result.shown(name)}")
    for name in result.skipped:
        print(f"kept {result.shown(name)} (it exists; pass --force to overwrite)")
    print(f"{result.map_path}: {'up to date' if result.map_outcome == 'unchanged' else result.map_outcome}")
    return 0


def _today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today `{value}` is not a date; use YYYY-MM-DD") from None
