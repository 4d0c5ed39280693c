"""Bank conventions: which documents are history rather than live context.

An archived, superseded or redirected document records what was true once. Rules that
compare or copy relations (MB302, the MB202 fix) and rules that check paths it narrates
(MB207) treat it as history: its dates are not "changed after" anything, its one-sided
declarations are not copied into live documents, and the files it names may be long gone.
"""

from __future__ import annotations

import posixpath
import re

from mbtool.model import Document

# Folders that hold history (`archive/`, `archives/`, `history/`, `legacy/`...).
ARCHIVE_FOLDERS = frozenset({"archive", "archives", "archived", "history", "legacy", "deprecated", "old"})
# Names that say so: `x-history-001.md`, `x-legacy-2025-10-16.md`, `x-deprecated.md`, `x-archive.md`.
_ARCHIVE_NAME = re.compile(
    r"(?:^|[-_.])(?:history|legacy|deprecated|archived?|superseded|obsolete)(?:[-_.]|$)", re.IGNORECASE
)
# A `Status` or title saying the document is no longer live.
_ARCHIVE_STATUS = re.compile(
    r"^\W*(?:archived?|superseded|deprecated|obsolete|historical|frozen|retired|redirect)", re.IGNORECASE
)
_STUB_TITLE = re.compile(
    r"\b(?:redirect(?:ed)?|moved|superseded|deprecated|archived?|obsolete)\b", re.IGNORECASE
)


def is_archived(document: Document) -> bool:
    """History, by folder (`archive/`), name (`x-history-001.md`, `x-legacy-…`), `Status`
    (`Archived`, `Superseded`, `Deprecated`) or a title saying it was moved or redirected."""
    folders = document.path.split("/")[:-1]
    if any(folder.lower() in ARCHIVE_FOLDERS for folder in folders):
        return True
    if _ARCHIVE_NAME.search(posixpath.basename(document.path).removesuffix(".md")):
        return True
    status = document.meta("Status")
    if status is not None and _ARCHIVE_STATUS.match(status.value):
        return True
    return _STUB_TITLE.search(document.title) is not None
