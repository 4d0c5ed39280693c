"""The command line: `run(argv) -> int`; `main()` is the only place that calls `sys.exit`.

Each command lives in its own module under `mbtool.cli` with `register(subparsers)`; the
handler parses nothing itself beyond argparse, calls the library, prints, returns an int.
Exceptions become exit codes here and only here (DESIGN §6). Every command module is
imported to build the parser, so handlers import the library inside the function: the
imports inside functions keep start-up fast (`mbtool --help` loads no pydantic or networkx).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from collections.abc import Sequence

from mbtool.cli.common import finish
from mbtool.errors import MbtoolError

# One module per command (or command group); order is the order of `mbtool --help`.
COMMAND_MODULES = (
    "check",
    "rule",
    "graph",
    "impact",
    "diagram",
    "map",
    "schema",
    "init",
    "procedures",
    "build",
    "serve",
    "context",
    "mcp",
    "ack",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mbtool", description="Compiler and dependency tracker for Memory Banks."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"mbtool.cli.{name}").register(subparsers)
    return parser


def run(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args_list
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(args_list)
        except SystemExit as exit_:  # argparse reports usage errors by exiting
            return int(exit_.code or 0) if exit_.code in (0, None) else 2
        finish(args)
        return int(args.handler(args))
    except MbtoolError as error:
        print(f"mbtool: error: {error}", file=sys.stderr)
        if debug:
            traceback.print_exc()
        return error.exit_code
    except KeyboardInterrupt:
        print("mbtool: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: one line, exit 3
        if debug:
            traceback.print_exc()
        print(
            f"mbtool: internal error: {error.__class__.__name__}: {error}; run with --debug for details",
            file=sys.stderr,
        )
        return 3


def main() -> None:
    sys.exit(run())


class _Version(argparse.Action):
    """`--version`, reading the package metadata only when asked (it costs ~40 ms at start-up)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        from mbtool.version import VERSION

        parser.exit(message=f"{parser.prog} {VERSION}\n")
