"""Property tests on generated documents and banks: parsing never raises and stays inside the
file; `check --fix` never raises, is idempotent and never loses a line of the original."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mbtool.api import check
from mbtool.config import Config
from mbtool.model import Position
from mbtool.parse import parse_document
from mbtool.parse.decode import split_lines
from tests.hostile.strategies import banks, documents, lines_survive

CONFIG = Config()
PARSE = settings(max_examples=150, deadline=None)
FIX = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def within(lines: list[str], line: int, column: int) -> bool:
    """A 1-based position on a line of the file, or at the very end of it."""
    if line == len(lines) + 1:
        return column == 1
    return 1 <= line <= max(len(lines), 1) and 1 <= column <= len(lines[line - 1] if lines else "") + 1


def lines_of(text: str) -> list[str]:
    """The file's lines as the parser counts them (only CR, LF and CRLF end a line)."""
    return [line.rstrip("\r\n") for line in split_lines(text.removeprefix("\ufeff"))]


def positions(text: str) -> Iterable[Position]:
    document = parse_document("d0.md", text.encode("utf-8"), CONFIG)
    yield from (finding.position for finding in document.problems)
    yield from (heading.position for heading in document.headings)
    yield from (link.position for link in document.links)
    yield from (span.position for span in document.code_spans)
    yield from (relation.position for relation in document.relations)
    yield from (entry.position for relation in document.relations for entry in relation.entries)
    yield from (field.position for field in document.metadata)


@PARSE
@given(documents())
def test_parse_never_raises_and_positions_are_in_the_file(text: str) -> None:
    lines = lines_of(text)
    for position in positions(text):
        assert within(lines, position.line, position.column), (position, text)


@PARSE
@given(documents(), st.binary(max_size=40), st.integers(min_value=0, max_value=400))
def test_parse_never_raises_on_corrupted_documents(text: str, noise: bytes, at: int) -> None:
    raw = text.encode("utf-8")
    parse_document("d0.md", raw[:at] + noise + raw[at:], CONFIG)


def write(folder: Path, files: dict[str, str]) -> Path:
    (folder / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    bank = folder / "memory-bank"
    bank.mkdir()
    for name, text in files.items():
        (bank / name).write_bytes(text.encode("utf-8"))
    return bank


def contents(bank: Path) -> dict[str, str]:
    return {path.name: path.read_bytes().decode("utf-8") for path in sorted(bank.iterdir())}


@FIX
@given(banks())
def test_fix_never_raises_is_idempotent_and_keeps_every_line(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        bank = write(Path(folder), files)
        result = check(bank, cache=False, fix=True)
        fixed = contents(bank)
        for name, text in files.items():
            assert lines_survive(text.removeprefix("\ufeff"), fixed[name].removeprefix("\ufeff")), name
            assert fixed[name].startswith("\ufeff") == text.startswith("\ufeff"), name
        for diagnostic in result.diagnostics:
            lines = lines_of(fixed[diagnostic.path])
            assert within(lines, diagnostic.line, diagnostic.column), diagnostic
        again = check(bank, cache=False, fix=True)
        assert again.fixed == {}
        assert contents(bank) == fixed
