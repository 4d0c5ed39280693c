"""`mbtool mcp [BANK]`: a read-only Model Context Protocol server over stdio (extra `mbtool[mcp]`)."""

from __future__ import annotations

import argparse
from typing import Any

from mbtool.cli.common import add_bank_argument


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "mcp",
        help="serve the bank to agents over the Model Context Protocol (stdio, read-only)",
        description="A read-only MCP server over stdin/stdout for coding agents: overview, read, "
        "depends_on, required_by, impact, check, context and search tools, and bank:// resources. "
        "It re-reads the bank when a file changes and never writes. Needs the optional extra: "
        "pip install 'mbtool[mcp]'. See docs/agents.md for client configuration.",
    )
    add_bank_argument(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from mbtool.api import serve_mcp

    serve_mcp(args.bank)
    return 0
