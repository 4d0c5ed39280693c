"""Arguments and helpers shared by several commands: one grammar for every command.

- The bank is a positional `BANK` (last positional, optional), with `--bank BANK` kept as an
  alias; giving both with different values is a usage error.
- A command whose output has several formats takes `--format`, and otherwise reads the
  format from `-o`'s extension; an extension that names no format the command writes (or
  contradicts `--format`) is a usage error naming the extensions it knows.

Both are settled after parsing by `finish(args)` (called by `mbtool.cli.run`), so the
handlers only ever read `args.bank` and `args.format`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from mbtool.errors import UsageError
from mbtool.writer import write_atomic

__all__ = [
    "add_bank_argument",
    "add_finisher",
    "add_format_argument",
    "add_output_argument",
    "emit",
    "finish",
    "write_atomic",
]

BANK_HELP = "the bank folder (default: [tool.mbtool] bank, else memory-bank/)"
_FLAG = "bank_flag"
_FINISHERS = "_finishers"


def add_bank_argument(parser: argparse.ArgumentParser) -> None:
    """The bank as the last positional `BANK`, and `--bank BANK` as its alias."""
    parser.add_argument("bank", nargs="?", default=None, metavar="BANK", help=BANK_HELP)
    parser.add_argument("--bank", dest=_FLAG, default=None, metavar="BANK", help="the same as BANK")
    add_finisher(parser, _merge_bank)


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output", "-o", default=None, metavar="FILE", help="write to FILE instead of standard output"
    )


def add_format_argument(
    parser: argparse.ArgumentParser,
    formats: Mapping[str, tuple[str, ...]],
    default: str,
    *,
    strict: bool = False,
    help_text: str = "",
) -> None:
    """`--format` with the given choices (format → file extensions), defaulting to what `-o`'s
    extension names, else `default`. With `strict` (images), an `-o` whose extension names no
    format is a usage error; otherwise an unknown extension keeps the default."""
    choices = tuple(formats)
    described = help_text or f"output format (default: from -o's extension, else {default})"
    parser.add_argument("--format", choices=choices, default=None, help=described)
    add_finisher(parser, lambda args: _settle_format(args, formats, default, strict))


def finish(args: argparse.Namespace) -> None:
    """Settle what parsing leaves open (the bank alias, the format from `-o`) for the handler."""
    for finisher in getattr(args, _FINISHERS, ()):
        finisher(args)


def add_finisher(parser: argparse.ArgumentParser, finisher: Callable[[argparse.Namespace], None]) -> None:
    current = parser.get_default(_FINISHERS) or ()
    parser.set_defaults(**{_FINISHERS: (*current, finisher)})


def _merge_bank(args: argparse.Namespace) -> None:
    flag = getattr(args, _FLAG, None)
    if flag is None:
        return
    if args.bank is not None and Path(args.bank) != Path(flag):
        raise UsageError(f"the bank is given twice (`{args.bank}` and --bank `{flag}`); pass it once")
    args.bank = flag


def _settle_format(
    args: argparse.Namespace, formats: Mapping[str, tuple[str, ...]], default: str, strict: bool
) -> None:
    output: str | None = getattr(args, "output", None)
    named = _format_of(output, formats) if output else None
    if args.format is not None:
        if output and named is not None and named != args.format:
            raise UsageError(
                f"`{output}` names {named} output, but --format is {args.format}; "
                f"use a .{formats[args.format][0]} file or drop --format"
            )
        if output and named is None and strict:
            raise UsageError(_unknown_extension(output, formats))
        return
    if output and named is None and strict:
        raise UsageError(_unknown_extension(output, formats))
    args.format = named or default


def _format_of(output: str, formats: Mapping[str, tuple[str, ...]]) -> str | None:
    suffix = os.path.splitext(output)[1].lower().lstrip(".")
    for name, extensions in formats.items():
        if suffix in extensions:
            return name
    return None


def _unknown_extension(output: str, formats: Mapping[str, tuple[str, ...]]) -> str:
    known = ", ".join(f".{extension}" for extensions in formats.values() for extension in extensions)
    return f"cannot tell the output format from `{output}`: use one of {known} (or pass --format)"


def emit(content: str | bytes, output: str | None, *, mode: int | None = None) -> None:
    """Write a produced document to stdout, or atomically to `output` (`mode` sets permissions)."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
        else:
            sys.stdout.write(content if content.endswith("\n") else content + "\n")
        return
    data = content.encode("utf-8") if isinstance(content, str) else content
    write_atomic(Path(output), data, mode=mode)
