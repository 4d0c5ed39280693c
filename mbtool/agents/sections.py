"""A document cut to its outline: every heading, plus the sections worth reading in full.

Used when a context pack is over its budget: a long dependency is shown as its headings
and the sections that matter for the task (those a dependency entry or link points at, or
that name the target), with each left-out stretch marked by its line numbers so the
reader knows exactly what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mbtool.model import Document


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    level: int
    start: int  # 1-based line of the heading
    end: int  # last line, inclusive (before the next heading of the same or a higher level)


@dataclass(frozen=True)
class Outline:
    text: str
    kept: tuple[str, ...]  # anchors of the sections kept in full
    left_out: tuple[tuple[int, int], ...]  # 1-based inclusive line ranges left out (blank-only ones unmarked)


def sections(document: Document, line_count: int) -> list[Section]:
    """The document's heading sections, in order; a section runs to the next heading of its level or above."""
    headings = document.headings
    found = []
    for index, heading in enumerate(headings):
        following = (h.position.line for h in headings[index + 1 :] if h.level <= heading.level)
        end = next(following, line_count + 1) - 1
        found.append(Section(heading.anchor, heading.text, heading.level, heading.position.line, end))
    return found


def innermost(found: list[Section], line: int) -> Section | None:
    """The deepest section holding `line` (None before the first heading)."""
    holding = [section for section in found if section.start <= line <= section.end]
    return max(holding, key=lambda section: section.start, default=None)


def outline(text: str, document: Document, keep: Iterable[str]) -> Outline:
    """Headings and the sections whose anchors are in `keep`; the rest replaced by markers."""
    lines = text.splitlines()
    found = sections(document, len(lines))
    wanted = {anchor.lower() for anchor in keep}
    kept_lines = {section.start for section in found}
    kept = []
    for section in found:
        if section.anchor.lower() in wanted:
            kept.append(section.anchor)
            kept_lines.update(range(section.start, section.end + 1))
    out: list[str] = []
    gaps: list[tuple[int, int]] = []
    number = 1
    while number <= len(lines):
        if number in kept_lines:
            out.append(lines[number - 1])
            number += 1
            continue
        start = number
        while number <= len(lines) and number not in kept_lines:
            number += 1
        if any(line.strip() for line in lines[start - 1 : number - 1]):
            gaps.append((start, number - 1))
            out.append(f"[… lines {start}–{number - 1} left out …]")
    return Outline("\n".join(out) + "\n", tuple(kept), tuple(gaps))
