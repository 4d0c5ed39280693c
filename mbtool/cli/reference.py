"""The command-line reference page (`docs/cli.md`), generated from the argparse definitions.

`python -m mbtool.cli.reference > docs/cli.md` regenerates it; a test fails when it is stale.
"""

from __future__ import annotations

import argparse
import os

from mbtool.cli import build_parser

GRAMMAR = [
    "## Grammar",
    "",
    "Every command reads the same way:",
    "",
    "```text",
    "mbtool COMMAND [WHAT] [BANK] [options]",
    "```",
    "",
    "- `WHAT` is what the command is about, when it is about one thing: the document of "
    "`impact`, `context` and `ack`, the procedure of `procedures show|run|export`, the rule of "
    "`rule`.",
    "- `BANK` is the bank folder, always the last positional argument and always optional "
    "(default: `[tool.mbtool] bank` in `pyproject.toml` or `mbtool.toml`, else `memory-bank/`). "
    "`--bank BANK` means the same, for scripts that prefer a flag; giving both with different "
    "folders is an error. `mbtool build memory-bank`, `mbtool impact progress.md memory-bank` "
    "and `mbtool procedures run ID memory-bank` all name the bank the same way.",
    "- A command that produces a document writes it to standard output, or to `-o FILE`. The "
    "format comes from `--format`, else from `FILE`'s extension (`.json`, `.md`, `.svg`, "
    "`.png`, `.dot`, `.sarif`…), else the command's default. For images and graph data an "
    "extension that names no format the command writes is an error (`mbtool diagram -o x.jpg` "
    "exits 2 and lists `.svg`, `.png`, `.dot`, `.gv`), as is an extension that contradicts "
    "`--format`. A procedure exported with `-o` is executable.",
    "- `rule` and `schema` take no bank: they describe mbtool itself.",
    "",
]


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
        *GRAMMAR,
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
