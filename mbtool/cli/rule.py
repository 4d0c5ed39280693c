"""`mbtool rule [CODE]`: the rule documentation, from the rule docstrings."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import add_output_argument, emit
from mbtool.errors import UsageError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("rule", help="explain a rule, or list every rule")
    parser.add_argument("code", nargs="?", default=None, metavar="CODE", help="a rule code such as MB202")
    parser.add_argument(
        "--markdown", action="store_true", help="print the whole rule reference as Markdown (docs/rules.md)"
    )
    add_output_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.checks.rules import ALL_RULES, rule_by_code
    from mbtool.checks.rules.docs import fixable, reference_markdown, rule_markdown, summary

    if args.markdown:
        emit(reference_markdown(ALL_RULES), args.output)
        return 0
    if args.code is None:
        rows = []
        for rule in sorted(ALL_RULES, key=lambda rule: rule.code):
            mark = "[fix]" if fixable(rule) else ""
            rows.append(f"{rule.code}  {rule.name:<30} {rule.default:<8} {mark:<5}  {summary(rule)}")
        emit("\n".join(rows), args.output)
        return 0
    chosen = rule_by_code(args.code)
    if chosen is None:
        raise UsageError(f"`{args.code}` is not a rule code; run `mbtool rule` to list them")
    emit(rule_markdown(chosen, level=1), args.output)
    return 0
