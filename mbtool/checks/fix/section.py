"""Planning a new relations section for a document that declares none (part of MB202's fix).

It goes under an existing `## Dependencies and Relationships` (or `## Dependencies`)
heading when there is one, else before a trailing `---` footer rule, else at the end of
the document (keeping a missing final newline missing).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mbtool.checks.fix.source import Source
from mbtool.model import Document, Heading, RelationKind

KEY_NAMES = {RelationKind.DEPENDS_ON: "Depends On", RelationKind.REQUIRED_BY: "Required By"}
SECTION_TITLE = "Dependencies and Relationships"

_THEMATIC = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_HEADING = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$)")

Insertion = tuple[int, int, str]
Link = Callable[[str, str], str]  # (owner, target) -> how the owner writes a link to target


def section_insertion(
    source: Source, document: Document, kinds: dict[RelationKind, list[str]], link: Link
) -> Insertion:
    lines = [f"## {SECTION_TITLE}", ""]
    for kind, targets in kinds.items():
        values = ", ".join(link(document.path, target) for target in targets)
        lines.append(f"- **{KEY_NAMES[kind]}:** {values}")
    existing = _section_heading(document)
    if existing is not None:
        last = _section_last_line(source, document, existing)
        return (source.line_end(last), source.line_end(last), "\n\n" + "\n".join(lines[2:]))
    body = "\n".join(lines)
    footer = _footer(source, document)
    if footer is not None:
        return (source.offset(footer), source.offset(footer), body + "\n\n")
    end = len(source.text)
    if not source.text.strip():
        return (end, end, body + "\n")
    if source.text.endswith(("\n", "\r")):
        return (end, end, ("" if not source.line(source.line_count).strip() else "\n") + body + "\n")
    return (end, end, "\n\n" + body)


# Headings under which a document declares its own relations.
OWN_SECTIONS = frozenset(
    {SECTION_TITLE.lower(), "dependencies", "relationships", "dependencies & relationships", "relations"}
)


def _section_heading(document: Document) -> Heading | None:
    """An existing `## Dependencies and Relationships` (or `## Dependencies`) heading to write under."""
    return next((h for h in document.headings if " ".join(h.text.lower().split()) in OWN_SECTIONS), None)


def _section_last_line(source: Source, document: Document, heading: Heading) -> int:
    """The last non-blank line of the heading's section (before the next heading or footer rule)."""
    following = [h.position.line for h in document.headings if h.position.line > heading.position.line]
    end = min(following, default=source.line_count + 1) - 1
    footer = _footer(source, document)
    if footer is not None and heading.position.line < footer <= end:
        end = footer - 1
    while end > heading.position.line and not source.line(end).strip():
        end -= 1
    return end


def _footer(source: Source, document: Document) -> int | None:
    """The line of a trailing `---` footer rule: no heading after it, a blank line before it."""
    first_body_line = (front_matter_close(source) or 0) + 1
    for number in range(source.line_count, first_body_line - 1, -1):
        if any(f.position.line <= number <= max(f.end_line, f.position.line) for f in document.fences):
            continue
        text = source.line(number)
        if _HEADING.match(text):
            return None
        if _THEMATIC.match(text):
            previous = source.line(number - 1) if number > first_body_line else ""
            return number if not previous.strip() else None
    return None


def front_matter_close(source: Source) -> int | None:
    if source.line(1) != "---":
        return None
    for number in range(2, source.line_count + 1):
        if source.line(number).rstrip() in ("---", "..."):
            return number
    return None
