"""`mbtool check [BANK]`: run the rules, print the findings, exit 0/1 by `fail-on` (DESIGN §6)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from typing import Any

from mbtool.cli.common import add_bank_argument, add_format_argument, add_output_argument, emit
from mbtool.errors import UsageError

FORMATS = ("text", "json", "github", "sarif")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check the bank's relations, links and dates",
        description="Check a memory bank. Paths in text, github and sarif output are relative to "
        "the current directory (run it from the repository root in CI).",
    )
    add_bank_argument(parser)
    add_format_argument(
        parser, {"text": ("txt",), "json": ("json",), "github": (), "sarif": ("sarif",)}, "text"
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="P",
        help="only rules with these code prefixes (e.g. MB2)",
    )
    parser.add_argument(
        "--ignore", action="append", default=[], metavar="P", help="skip rules with these prefixes"
    )
    parser.add_argument(
        "--fix", action="store_true", help="apply the available fixes, then report what is left"
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every file again, ignoring the cache")
    parser.add_argument(
        "--today", default=None, metavar="YYYY-MM-DD", help="the date that date rules compare with"
    )
    parser.add_argument(
        "--since",
        default=None,
        metavar="GITREF",
        help="a pull request's base: check co-change rules (MB313) and count code drift (MB311) "
        "only after it",
    )
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.reading import results  # standard library only: the fast path imports nothing heavy

    color = args.format == "text" and args.output is None and _is_terminal()
    today = parse_today(args.today)
    day = (today or dt.date.today()).isoformat()
    invocation = None
    if not (args.fix or args.no_cache or args.since):  # --fix writes; --since reads a moving ref
        invocation = results.Invocation.of("check", vars(args), color)
        stored = results.replay(invocation, day)
        if stored is not None:
            emit(stored.output, args.output)
            return stored.code
    started = time.time_ns()
    from mbtool.api import analyse, check
    from mbtool.cli.impact import snapshot_result
    from mbtool.reading.parallel import heap_frozen
    from mbtool.report import Display, render

    analysis = analyse(args.bank, today=today, cache=not args.no_cache)
    with heap_frozen():
        result = check(
            analysis,
            select=args.select or None,
            ignore=args.ignore,
            fix=args.fix,
            cache=not args.no_cache,
            since=args.since,
        )
        output = render(result, args.format, Display(color=color))
    emit(output, args.output)
    if invocation is not None:
        stored = results.Stored(output, result.exit_code)
        also = (snapshot_result(analysis, args.bank, results),)
        bank_given = args.bank is not None
        results.record(
            invocation, stored, analysis.bank, started=started, bank_given=bank_given, day=day, also=also
        )
    return result.exit_code


def parse_today(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today `{value}` is not a date; write it as YYYY-MM-DD") from None


def _is_terminal() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
