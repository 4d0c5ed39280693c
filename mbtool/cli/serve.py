"""`mbtool serve [BANK]`: the site with live reload, rebuilt when a bank file changes.

It prints the address first, then one summary line of findings per build."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import add_bank_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="preview the site with live reload")
    add_bank_argument(parser)
    parser.add_argument("--dev-addr", default=None, metavar="HOST:PORT", help="default 127.0.0.1:8000")
    parser.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs"),
        default=None,
        help="the site generator (default: mkdocs when installed, else properdocs)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import serve_site

    serve_site(args.bank, dev_addr=args.dev_addr, engine=args.engine)
    return 0
