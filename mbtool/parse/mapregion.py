"""The generated region of the dependency map: the lines between mbtool's two markers.

One rule, used by the parser and by `mbtool map`: the first start marker on a line of its
own, then the next end marker; marker lines inside fenced or indented code are text (a
document may show the markers as an example), so they never open or close the region.
"""

from __future__ import annotations

from collections.abc import Container

from mbtool.parse.blocks import parse_markdown

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
    """`find_region` for text that has not been parsed yet (the map document being rewritten)."""
    if not any(line.strip() in (MAP_START, MAP_END) for line in lines):
        return None
    return find_region(lines, code_lines("".join(lines)))


def code_lines(text: str) -> set[int]:
    """0-based lines inside fenced or indented code blocks."""
    found: set[int] = set()
    for token in parse_markdown(text):
        if token.type in ("fence", "code_block") and token.map:
            found.update(range(*token.map))
    return found
