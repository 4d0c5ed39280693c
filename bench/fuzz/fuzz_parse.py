"""Coverage-guided fuzzing of the parser with atheris (optional; see README.md beside it).

    pip install atheris
    python bench/fuzz/fuzz_parse.py -max_total_time=300 bench/fuzz/corpus

Each input is parsed as a bank document; any exception, or a position outside the input,
is a crash that atheris saves and reports. atheris is imported only when fuzzing, so the
target itself (`fuzz_one_input`) runs anywhere, and the test suite exercises it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from anywhere in the repo

from mbtool.config import Config
from mbtool.model import Document, Position
from mbtool.parse import parse_document
from mbtool.parse.decode import split_lines

CONFIG = Config()


def fuzz_one_input(data: bytes) -> None:
    """Parse `data`; raise AssertionError when a position falls outside the text."""
    document = parse_document("fuzz.md", data, CONFIG)
    text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = [line.rstrip("\r\n") for line in split_lines(text)]
    for position in _positions(document):
        assert _within(lines, position), (position, len(lines))


def _positions(document: Document) -> Iterator[Position]:
    yield from (finding.position for finding in document.problems)
    yield from (heading.position for heading in document.headings)
    yield from (link.position for link in document.links)
    yield from (relation.position for relation in document.relations)
    yield from (entry.position for relation in document.relations for entry in relation.entries)


def _within(lines: list[str], position: Position) -> bool:
    if position.line == len(lines) + 1:
        return position.column == 1
    if not 1 <= position.line <= max(len(lines), 1):
        return False
    line = lines[position.line - 1] if lines else ""
    return 1 <= position.column <= len(line) + 1


def main() -> None:
    try:
        atheris = importlib.import_module("atheris")
    except ModuleNotFoundError:
        sys.exit("atheris is not installed: `pip install atheris` (Linux or macOS, CPython), then run again")
    atheris.instrument_all()
    atheris.Setup(sys.argv, fuzz_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
