"""Planning reference fixes: a misspelt document name (MB201), a moved path (MB205, MB207)."""

from __future__ import annotations

import posixpath

from mbtool.checks.diagnostics import TextEdit
from mbtool.checks.fix.backrefs import entry_end
from mbtool.checks.fix.source import Source
from mbtool.model import Entry
from mbtool.reading.resolve import Resolver, clean_target


def case_match(resolver: Resolver, source_path: str, target: str) -> str | None:
    """The one document that `target` names when case is ignored, if exactly one does."""
    path = clean_target(target)
    folder = posixpath.dirname(source_path)
    spellings = {
        posixpath.normpath(posixpath.join(folder, path)).lower(),
        posixpath.normpath(path.lstrip("/")).lower(),
    }
    base = posixpath.basename(path).lower()
    matches = {
        doc
        for doc in resolver.documents
        if doc.lower() in spellings or posixpath.basename(doc).lower() == base
    }
    return matches.pop() if len(matches) == 1 else None


def plan_rename(source: Source, entry: Entry, document_path: str, match: str) -> tuple[TextEdit, ...] | None:
    """Replace the path in `entry` with the spelling that resolves to `match`."""
    raw = entry.target.split("#", 1)[0].split("?", 1)[0]
    folder = posixpath.dirname(document_path)
    corrected = posixpath.relpath(match, folder or ".")
    if raw.startswith("./") and not corrected.startswith("../"):
        corrected = "./" + corrected
    if entry.via == "link":
        corrected = corrected.replace(" ", "%20")
    if not raw or corrected == raw:
        return None
    start = source.offset(entry.position.line, entry.position.column)
    end = entry_end(source, entry)
    if end is None:
        return None
    found = source.text.find(raw, start, end)
    if found < 0:
        return None
    return (source.edit(found, found + len(raw), corrected),)


def plan_replace(source: Source, line: int, column: int, old: str, new: str) -> tuple[TextEdit, ...] | None:
    """Replace the first `old` on `line` at or after `column` (1-based) with `new`: the one
    written path a finding is about, nothing else on the line."""
    if not old or old == new:
        return None
    text = source.line(line)
    found = text.find(old, max(column - 1, 0))
    if found < 0:
        return None
    start = source.offset(line, found + 1)
    return (source.edit(start, start + len(old), new),)
