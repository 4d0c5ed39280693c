"""The generated region of the dependency map: the lines between mbtool's two markers.

One rule, used by the parser and by `mbtool map`: the first start marker on a line of its
own, then the next end marker; marker lines inside fenced or indented code are text (a
document may show the markers as an example), so they never open or close the region.
"""

from __future__ import annotations

from collections.abc import Container

from mbtool.parse.blocks import parse_blocks

MAP_START = "<!-- mbtool:map:start -->"
MAP_END = "<!-- mbtool:map:end -->"


def find_region(lines: list[str], code: Container[int] = ()) -> tuple[int, int] | None:
    """0-based indices of the start and end marker lines, skipping the lines in `code`."""
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped not in (MAP_START, MAP_END) or index in code:
            continue
        if stripped == MAP_START and start is None:
            start = index
        elif stripped == MAP_END and start is not None:
            return start, index
    return None


def region_of(lines: list[str]) -> tuple[int, int] | None:
    """`find_region` for text that has not been parsed yet (the map document being rewritten).

    Parsing a 1,000-document map takes most of a second, so it is skipped when no marker line
    can lie in code: indented code needs four columns of indentation on the line itself, and
    fenced code an opening ``` or ~~~ on a line before it."""
    candidates = [index for index, line in enumerate(lines) if line.strip() in (MAP_START, MAP_END)]
    if not candidates:
        return None
    fence = next((index for index, line in enumerate(lines) if "```" in line or "~~~" in line), len(lines))
    if not any(index > fence or _indented(lines[index]) for index in candidates):
        return find_region(lines)
    return find_region(lines, code_lines("".join(lines)))


def _indented(line: str) -> bool:
    indent = line[: len(line) - len(line.lstrip())]
    return "\t" in indent or len(indent) >= 4


def code_lines(text: str) -> set[int]:
    """0-based lines inside fenced or indented code blocks."""
    found: set[int] = set()
    for token in parse_blocks(text):
        if token.type in ("fence", "code_block") and token.map:
            found.update(range(*token.map))
    return found
