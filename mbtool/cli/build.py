"""`mbtool build`: check the bank, then publish it (map check, diagrams, MkDocs site)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from mbtool.cli.common import add_bank_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("build", help="check the bank and build the site into site/")
    add_bank_argument(parser)
    parser.add_argument(
        "--site-dir", default=None, metavar="DIR", help="where to write the site (default: site/)"
    )
    parser.add_argument("--strict", action="store_true", help="fail on any MkDocs or mbtool warning")
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import analyse, build_site, check
    from mbtool.report import render_report

    analysis = analyse(args.bank, cache=not args.no_cache)
    result = check(analysis)
    report = render_report(result, "text", color=False)
    # The report is printed once the site folder is accepted: a refused folder is all that is said.
    written = build_site(
        analysis, site_dir=args.site_dir, strict=args.strict, on_ready=lambda: print(report, end="")
    )
    shown = os.path.relpath(written, Path.cwd())
    print(f"Site written to {shown}/ (open {shown}/index.html)")
    return result.exit_code
