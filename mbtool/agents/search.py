"""The `search` tool: plain text search over the bank, with document and heading hits.

A query is split into words; a line matches when it holds every word (case ignored), a
heading when its text does, a document when its path or title does. Documents are ranked
by those hits (path/title first, then headings, then lines), ties by path, so the same
query always gives the same answer. Each hit names the section it sits in, so an agent can
`read` just that section.
"""

from __future__ import annotations

from typing import Any

from mbtool.agents.sections import innermost, sections
from mbtool.analysis import Analysis
from mbtool.errors import UsageError

LINES_PER_DOCUMENT = 5
SNIPPET = 160


def search(analysis: Analysis, query: str, limit: int = 10) -> dict[str, Any]:
    words = query.casefold().split()
    if not words:
        raise UsageError("pass some words to search for, e.g. `container health check`")
    results = [hit for path in sorted(analysis.bank.documents) if (hit := _document(analysis, path, words))]
    results.sort(key=lambda hit: (-hit["score"], hit["path"]))
    return {"query": query, "total": len(results), "results": results[:limit]}


def _document(analysis: Analysis, path: str, words: list[str]) -> dict[str, Any] | None:
    text = analysis.bank.text(path)
    if text is None:
        return None
    document = analysis.bank.documents[path]
    lines = text.splitlines()
    found = sections(document, len(lines))
    named = _holds(f"{path} {document.title}", words)
    headings = [h for h in document.headings if _holds(h.text, words)]
    hits = [(number, line) for number, line in enumerate(lines, start=1) if _holds(line, words)]
    if not (named or headings or hits):
        return None
    return {
        "path": path,
        "title": " ".join(document.title.split()),
        "score": 100 * named + 10 * len(headings) + len(hits),
        "headings": [{"anchor": h.anchor, "text": h.text, "line": h.position.line} for h in headings],
        "matches": len(hits),
        "lines": [
            {"line": number, "section": _anchor(found, number), "text": _snippet(line)}
            for number, line in hits[:LINES_PER_DOCUMENT]
        ],
    }


def _holds(text: str, words: list[str]) -> bool:
    folded = text.casefold()
    return all(word in folded for word in words)


def _anchor(found: list[Any], line: int) -> str | None:
    section = innermost(found, line)
    return section.anchor if section is not None else None


def _snippet(line: str) -> str:
    text = " ".join(line.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
