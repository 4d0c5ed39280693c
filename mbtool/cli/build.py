"""`mbtool build [BANK]`: check the bank, then publish it (map check, diagrams, the site).

Findings are printed once: a one-line summary (the whole report with `--verbose`), before
the engine starts; the engine's own warnings follow, one line each.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from mbtool.cli.common import add_bank_argument

ENGINES = ("mkdocs", "properdocs", "zensical")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("build", help="check the bank and build the site into site/")
    add_bank_argument(parser)
    parser.add_argument(
        "--site-dir", default=None, metavar="DIR", help="where to write the site (default: site/)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail on any warning, mbtool's findings included"
    )
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default=None,
        help="the site generator (default: the first installed of mkdocs, properdocs, zensical)",
    )
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="print every finding, not only the summary line"
    )
    parser.add_argument("--no-cache", action="store_true", help="parse every file afresh")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import analyse, build_site, check
    from mbtool.report import render_report
    from mbtool.report.text import summary_line
    from mbtool.site.runflags import verbose_links

    analysis = analyse(args.bank, cache=not args.no_cache)
    result = check(analysis)
    if args.verbose:
        report = render_report(result, "text", color=False)
    else:
        more = "; `mbtool check` lists them (or add --verbose)" if result.diagnostics else ""
        report = f"{analysis.location.bank.name}: {summary_line(result)}{more}\n"
    # The report is printed once the site folder is accepted: a refused folder is all that is said.
    with verbose_links(args.verbose):
        written = build_site(
            analysis,
            site_dir=args.site_dir,
            strict=args.strict,
            on_ready=lambda: print(report, end="", flush=True),
            engine=args.engine,
        )
    shown = os.path.relpath(written, Path.cwd())
    if shown.startswith(".."):  # outside the working folder: the path as it is
        shown = str(written)
    print(f"Site written to {shown}/ (open {shown}/index.html)")
    return result.exit_code
