"""`mbtool ack DOC [BANK] [--ref PATH]... [--reason TEXT]`: record a review of a document
against the code it describes (DESIGN §13). The only command that writes review data."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import add_bank_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "ack",
        help="record that a document was reviewed against the code it describes",
        description="Record a review of DOC: its `Last Reviewed` date, written in the document's own "
        "style (an existing field, beside `Last Updated`, else a footer line). Clears MB311 for "
        "the code that changed up to that day. Running it twice on one day changes nothing.",
    )
    parser.add_argument(
        "document", metavar="DOC", help="the reviewed document (bank-relative, or relative to here)"
    )
    add_bank_argument(parser)
    parser.add_argument(
        "--ref",
        action="append",
        default=[],
        metavar="PATH",
        help="also record the blob id of PATH, a file DOC describes, under `reviewed:` in front matter "
        "(repeatable)",
    )
    parser.add_argument("--reason", default=None, metavar="TEXT", help="a note kept after the date")
    parser.add_argument(
        "--today", default=None, metavar="YYYY-MM-DD", help="the review date (default: today)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import ack
    from mbtool.cli.check import parse_today

    result = ack(args.bank, args.document, refs=args.ref, reason=args.reason, today=parse_today(args.today))
    if not result.changed:
        print(
            f"{result.document} already records this review (Last Reviewed {result.value}); nothing changed"
        )
        return 0
    recorded = f"; blob ids of {', '.join(path for path, _ in result.recorded)}" if result.recorded else ""
    print(f"Recorded a review of {result.document}: Last Reviewed {result.value}{recorded}")
    return 0
