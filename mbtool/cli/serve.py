"""`mbtool serve`: the site with live reload, rebuilt when a bank file changes."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import add_bank_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="preview the site with live reload")
    add_bank_argument(parser)
    parser.add_argument("--dev-addr", default=None, metavar="HOST:PORT", help="default 127.0.0.1:8000")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import serve_site

    serve_site(args.bank, dev_addr=args.dev_addr)
    return 0
