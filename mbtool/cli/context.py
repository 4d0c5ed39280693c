"""`mbtool context DOC [BANK] [--budget TOKENS] [--format markdown|json]`: what to read first."""

from __future__ import annotations

import argparse
import json
from typing import Any

from mbtool.cli.common import add_bank_argument, add_format_argument, add_output_argument, emit


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "context",
        help="print the smallest reading set for work on one document, within a token budget",
        description="What DOC rests on (dependencies first), DOC itself, then what to re-check after "
        "changing it, as one Markdown bundle or JSON. Over --budget, the farthest dependencies are "
        "left out first, then long ones are cut to their headings; the output names what was left "
        "out. Sizes are estimates: characters ÷ 4.",
    )
    parser.add_argument(
        "document", metavar="DOC", help="a document (bank-relative, relative to here, or a unique file name)"
    )
    add_bank_argument(parser)
    parser.add_argument(
        "--budget", type=_tokens, default=None, metavar="TOKENS", help="at most this many estimated tokens"
    )
    add_format_argument(parser, {"markdown": ("md", "markdown"), "json": ("json",)}, "markdown")
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def _tokens(text: str) -> int:
    cleaned = text.replace(",", "").replace("_", "")
    if not cleaned.isdigit() or int(cleaned) < 1:
        raise argparse.ArgumentTypeError(f"`{text}` is not a positive whole number of tokens")
    return int(cleaned)


def handle(args: argparse.Namespace) -> int:
    from mbtool.agents.bundle import markdown, to_json
    from mbtool.api import context

    pack = context(args.bank, args.document, budget=args.budget, cache=not args.no_cache)
    if args.format == "json":
        emit(json.dumps(to_json(pack), indent=2, ensure_ascii=False), args.output)
    else:
        emit(markdown(pack), args.output)
    return 0
