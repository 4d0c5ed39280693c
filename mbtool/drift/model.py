"""What the drift computation found: values the rules, the site, the map and `impact` read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mbtool.drift.history import Commit
from mbtool.drift.references import Described
from mbtool.drift.symbols import SymbolChange


@dataclass(frozen=True)
class Drifted:
    """Described code with commits after the document's review point (MB311)."""

    ref: Described
    commits: tuple[Commit, ...]  # newest first
    review: str  # how the review point is shown: "Last Reviewed 2026-01-01", "its last commit ..."
    reviewed: dt.date | None  # the review point's day, when there is one
    change: SymbolChange | None = None  # for `.py::Symbol` references
    symbol_line: int | None = None  # where the symbol is now
    paths: tuple[str, ...] = ()  # the files that changed, newest first (a folder or glob has many)


@dataclass(frozen=True)
class Moved:
    """A described path that git shows renamed (MB312)."""

    ref: Described
    new_target: str  # project-relative
    commit: Commit


@dataclass(frozen=True)
class Vanished:
    """A `Describes:` entry (or a `::Symbol`) that names nothing in the project now (MB311)."""

    ref: Described
    deleted_in: Commit | None  # the commit that deleted it, when the history shows one
    symbol_missing: bool = False  # the file is there, the `::Symbol` is not


@dataclass(frozen=True)
class Unknown:
    """Why history could not be read (said once per run, never an error), and where to say it."""

    message: str
    document: str
    line: int = 1
    column: int = 1


@dataclass
class Drift:
    described: dict[str, list[Described]] = field(default_factory=dict)  # document → what it describes
    drifted: list[Drifted] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    vanished: list[Vanished] = field(default_factory=list)
    unknown: Unknown | None = None

    def by_document(self) -> dict[str, list[Drifted]]:
        """Drifted references per document, in reading order."""
        found: dict[str, list[Drifted]] = {}
        for item in sorted(self.drifted, key=lambda d: (d.ref.document, d.ref.line, d.ref.column)):
            found.setdefault(item.ref.document, []).append(item)
        return found

    def drifted_documents(self, *, explicit_only: bool = False) -> list[str]:
        """Documents with drifted references (only declared ones with `explicit_only`), sorted."""
        return sorted({d.ref.document for d in self.drifted if d.ref.explicit or not explicit_only})
