"""The command-line reference page (`docs/cli.md`), generated from the argparse definitions.

`python -m mbtool.cli.reference > docs/cli.md` regenerates it; a test fails when it is stale.
"""

from __future__ import annotations

import argparse
import os

from mbtool.cli import build_parser


def reference_markdown() -> str:
    parser = build_parser()
    lines = [
        "# Command line",
        "",
        "Generated from mbtool's argument parser (`python -m mbtool.cli.reference`).",
        "",
        "Exit codes: 0 nothing at or above `fail-on`; 1 findings (or a stale map, a failed "
        "step); 2 usage or configuration error; 3 internal error. `--debug` shows tracebacks.",
        "",
        "```text",
        _help(parser),
        "```",
        "",
    ]
    for name, sub in _subcommands(parser):
        lines += [f"## `mbtool {name}`", "", "```text", _help(sub), "```", ""]
        for nested_name, nested in _subcommands(sub):
            lines += [f"### `mbtool {name} {nested_name}`", "", "```text", _help(nested), "```", ""]
    return "\n".join(lines)


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices.items())
    return []


def _help(parser: argparse.ArgumentParser) -> str:
    # A fixed width so the page does not depend on the terminal it was generated in.
    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        return parser.format_help().rstrip()
    finally:
        if previous is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = previous


if __name__ == "__main__":
    print(reference_markdown(), end="")
