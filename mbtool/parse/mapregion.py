"""The generated region of the dependency map: the lines between mbtool's two markers.

One rule, used by the parser and by `mbtool map`: the first start marker on a line of its
own outside fenced or indented code (a document may show the markers as an example), then
the next end marker. Between the markers the lines are mbtool's own, so nothing in them (not
even a line that looks like a fence) can hide the end marker. A fence left open at the end
of the document hides nothing either: `mbtool map` appends the region after it.
"""

from __future__ import annotations

from mbtool.parse.blocks import parse_blocks

MAP_START = "<!-- mbtool:map:start -->"
MAP_END = "<!-- mbtool:map:end -->"


def region_of(lines: list[str]) -> tuple[int, int] | None:
    """The region of text that has not been parsed yet (the map document being rewritten).

    Each start marker is tried in turn with the lines up to its end marker blanked, so what
    mbtool wrote inside a region can never decide whether the region's own marker is code.
    Parsing a 1,000-document map takes most of a second, so it is skipped when the first start
    marker cannot lie in code: indented code needs four columns of indentation on the line
    itself, and fenced code an opening ``` or ~~~ on a line before it."""
    starts = [index for index, line in enumerate(lines) if line.strip() == MAP_START]
    if starts and not _indented(lines[starts[0]]):
        first = starts[0]
        if not any("```" in line or "~~~" in line for line in lines[:first]):
            end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == MAP_END), None)
            return (first, end) if end is not None else None
    return region_by_parse(lines)


def region_by_parse(lines: list[str]) -> tuple[int, int] | None:
    """`region_of` the long way: every start marker tried with the document parsed."""
    starts = [index for index, line in enumerate(lines) if line.strip() == MAP_START]
    for start in starts:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == MAP_END), None)
        if end is None:
            return None
        masked = [*lines[: start + 1], *("\n" for _ in range(start + 1, end)), *lines[end:]]
        if start not in code_lines("".join(masked)):
            return start, end
    return None


def _indented(line: str) -> bool:
    indent = line[: len(line) - len(line.lstrip())]
    return "\t" in indent or len(indent) >= 4


def code_lines(text: str) -> set[int]:
    """0-based lines inside closed fenced code blocks and indented code blocks."""
    lines = text.splitlines()
    found: set[int] = set()
    for token in parse_blocks(text):
        if token.map and (
            token.type == "code_block" or _closed_fence(token.type, token.markup, lines, token.map)
        ):
            found.update(range(*token.map))
    return found


def _closed_fence(kind: str, markup: str, lines: list[str], span: list[int]) -> bool:
    """A fence whose last line closes it (an unclosed fence runs to the end of the document)."""
    last = span[1] - 1
    if kind != "fence" or not markup or last >= len(lines) or last <= span[0]:
        return False
    closing = lines[last].strip()
    return closing.startswith(markup[0] * len(markup)) and not closing.strip(markup[0])
