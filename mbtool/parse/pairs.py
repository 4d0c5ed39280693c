"""`Key: value` pairs in the original lines of one paragraph, with exact columns.

Handles bold keys with the colon inside or outside (`**Depends On:**`, `**Depends On**:`,
`__Depends On:__`), plain known keys (`Depends On:`), several pairs on one line with or
without ` | `, and values that wrap onto following lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Blockquote markers, a list bullet or number, a task checkbox.
_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))?(?:\[[ xX]\][ \t]+)?")
_CONTINUATION_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
_BOLD_KEY = re.compile(
    r"(\*\*|__)[ \t]*(?P<key>[^*_\n:]{1,60}?)[ \t]*(?P<inner>:?)[ \t]*\1(?P<outer>[ \t]*:)?"
)


@dataclass
class Segment:
    """A piece of a value: its text and where it starts (0-based line, 0-based column)."""

    line: int
    column: int
    text: str


@dataclass
class Pair:
    key: str  # as written
    bold: bool
    line: int
    column: int  # 0-based column of the key
    segments: list[Segment] = field(default_factory=list)

    @property
    def value(self) -> str:
        return " ".join(segment.text for segment in self.segments).strip()


def normalise_key(key: str) -> str:
    return " ".join(key.replace("_", " ").replace("-", " ").split()).lower()


def scan(lines: list[str], start: int, end: int, plain_keys: frozenset[str]) -> list[Pair]:
    """All pairs in lines[start:end]; `plain_keys` are the normalised keys read without bold."""
    if not any(":" in lines[number] for number in range(start, end)):
        return []  # every key form needs a colon; most prose paragraphs have none
    pairs: list[Pair] = []
    open_pair: Pair | None = None
    for number in range(start, end):
        line = lines[number].rstrip("\r\n")
        prefix = (_PREFIX if number == start else _CONTINUATION_PREFIX).match(line)
        offset = prefix.end() if prefix else 0
        found = _pairs_on_line(line, offset, number, plain_keys)
        if found:
            pairs.extend(found)
            open_pair = found[-1]
        elif open_pair is not None and line.strip():
            stripped = line[offset:].rstrip()
            open_pair.segments.append(Segment(number, offset, stripped))
    return pairs


def _pairs_on_line(line: str, offset: int, number: int, plain_keys: frozenset[str]) -> list[Pair]:
    first = _key_at(line, offset, plain_keys)
    if first is None:
        return []
    keys = [first]
    position = first[2]
    while (match := _BOLD_KEY.search(line, position)) is not None:
        if match.group("inner") or match.group("outer"):
            keys.append((match.group("key"), match.start(), match.end(), True))
        position = match.end()
    pairs = []
    for index, (key, key_start, value_start, bold) in enumerate(keys):
        value_end = keys[index + 1][1] if index + 1 < len(keys) else len(line)
        raw = line[value_start:value_end]
        text = raw.rstrip().removesuffix("|").rstrip()
        leading = len(raw) - len(raw.lstrip())
        pair = Pair(key.strip(), bold, number, key_start)
        if text.strip():
            pair.segments.append(Segment(number, value_start + leading, text.strip()))
        pairs.append(pair)
    return pairs


def _key_at(line: str, offset: int, plain_keys: frozenset[str]) -> tuple[str, int, int, bool] | None:
    match = _BOLD_KEY.match(line, offset)
    if match is not None and (match.group("inner") or match.group("outer")):
        return match.group("key"), offset, match.end(), True
    colon = line.find(":", offset)
    if colon > offset and normalise_key(line[offset:colon]) in plain_keys:
        return line[offset:colon].strip(), offset, colon + 1, False
    return None


def segments_of(lines: list[str], start: int, end: int) -> list[Segment]:
    """The text of lines[start:end] with list and quote prefixes removed, as value segments."""
    segments = []
    for number in range(start, end):
        line = lines[number].rstrip("\r\n")
        prefix = (_PREFIX if number == start else _CONTINUATION_PREFIX).match(line)
        offset = prefix.end() if prefix else 0
        text = line[offset:].rstrip()
        if text:
            segments.append(Segment(number, offset, text))
    return segments
