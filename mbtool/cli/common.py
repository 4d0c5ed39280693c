"""Arguments and helpers shared by several commands."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path


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


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder + rename: readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
