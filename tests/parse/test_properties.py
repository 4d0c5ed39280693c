"""Property tests: parsing arbitrary text never raises, and positions stay inside the file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mbtool.config import Config
from mbtool.parse import parse_document
from mbtool.parse.decode import split_lines

CONFIG = Config()

KEYS = st.sampled_from(
    [
        "**Depends On:**",
        "**Required By**:",
        "Depends On:",
        "__Informs:__",
        "### Depends On",
        "**Last Updated:**",
        "**Next Review:**",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "```bash",
        "```",
        "---",
        "# T",
        "<!-- mbtool: disable=MB2 -->",
    ]
)
VALUES = st.sampled_from(
    [
        "a.md",
        "[b](./b.md)",
        "`scripts/x.sh`",
        "None",
        "(a.md, b.md)",
        "concept text",
        "2025-13-45",
        "2025-01-02",
        ",",
        "|",
        "(",
        "]",
        "`",
    ]
)
LINES = st.lists(st.tuples(KEYS, VALUES, st.text(max_size=12)).map(" ".join), max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    parse_document("x.md", raw, CONFIG)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_never_raises(text: str) -> None:
    parse_document("x.md", text.encode("utf-8", "replace"), CONFIG)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_declaration_soup_positions_are_in_the_file(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    document = parse_document("x.md", text.encode(), CONFIG)
    file_lines = [line.rstrip("\r\n") for line in split_lines(text)]  # only CR/LF end a line
    line_count = max(len(file_lines), 1)
    for relation in document.relations:
        for entry in relation.entries:
            assert 1 <= entry.position.line <= line_count
            line = file_lines[entry.position.line - 1]
            assert 1 <= entry.position.column <= len(line) + 1
