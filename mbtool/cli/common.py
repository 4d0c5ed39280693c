"""Arguments and helpers shared by several commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mbtool.writer import write_atomic

__all__ = ["add_bank_argument", "add_output_argument", "emit", "write_atomic"]


def add_bank_argument(parser: argparse.ArgumentParser, positional: bool = True) -> None:
    help_text = "the bank folder (default: [tool.mbtool] bank, else memory-bank/)"
    if positional:
        parser.add_argument("bank", nargs="?", default=None, metavar="BANK", help=help_text)
    else:
        parser.add_argument("--bank", default=None, metavar="BANK", help=help_text)


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of standard output"
    )


def emit(content: str | bytes, output: str | None) -> None:
    """Write a produced document to stdout, or atomically to `output`."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(Path(output), data)
