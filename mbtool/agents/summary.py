"""One-line summaries of documents, for an overview an agent can choose from.

A summary is the document's first paragraph of prose: the first lines after the title that
are not headings, lists, tables, code, comments, rules or `**Key:** value` metadata, joined
and cut at a word boundary. Inline Markdown (emphasis, code marks, links) is reduced to its
text. Nothing is invented: a document without such a paragraph has no summary.
"""

from __future__ import annotations

import re

MAX_CHARS = 160
_SKIP = re.compile(
    r"^\s*(?:#|[-*+]\s|\d+[.)]\s|\||```|~~~|<!--|<|---|\*\*\*|___|\*\*[^*]+:\*\*|\*\*[^*]+\*\*:)"
)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`]+")


def summary(text: str) -> str | None:
    """The first prose paragraph, on one line, at most `MAX_CHARS` characters."""
    lines = text.splitlines()
    start = _after_front_matter(lines)
    paragraph: list[str] = []
    fenced = False
    for line in lines[start:]:
        stripped = line.strip().removeprefix(">").strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            if paragraph:
                break
            continue
        if fenced:
            continue
        if not stripped or _SKIP.match(stripped):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    if not paragraph:
        return None
    return _shortened(_MARKS.sub("", _LINK.sub(r"\1", " ".join(paragraph))))


def _after_front_matter(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return index + 1
    return 0


def _shortened(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    cut = text[: MAX_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
