"""`mbtool rule [CODE]`: the rule documentation, from the rule docstrings."""

from __future__ import annotations

import argparse
import shutil
import textwrap
from typing import Any

from mbtool.cli.common import add_output_argument, emit

INDENT = " " * 7  # under the rule name, past the code
MAX_WIDTH = 100


def _width(output: str | None) -> int:
    """The terminal's width, at most 100 columns (a file gets 100)."""
    columns = shutil.get_terminal_size((MAX_WIDTH, 24)).columns if output is None else MAX_WIDTH
    return max(40, min(columns, MAX_WIDTH))


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("rule", help="explain a rule, or list every rule")
    parser.add_argument(
        "code",
        nargs="?",
        default=None,
        metavar="CODE",
        help="a rule code or name, such as MB202 or missing-back-reference",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the whole rule reference as Markdown (docs/rules.md)"
    )
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import rule_docs
    from mbtool.checks.rules import ALL_RULES
    from mbtool.checks.rules.docs import summary

    if args.markdown:
        emit(rule_docs(), args.output)
        return 0
    if args.code is None:
        width = _width(args.output)
        rows = []
        for rule in sorted(ALL_RULES, key=lambda rule: rule.code):
            mark = "[fix]" if rule.fixable else ""
            rows.append(f"{rule.code}  {rule.name:<30} {rule.default:<8} {mark}".rstrip())
            rows += textwrap.wrap(summary(rule), width, initial_indent=INDENT, subsequent_indent=INDENT)
        emit("\n".join(rows), args.output)
        return 0
    emit(rule_docs(args.code), args.output)
    return 0
