"""A Python symbol through the commits after a review point: which commits changed it, and how.

Every version of the file in the window (the blob before the oldest change, then each
change's result) comes from ONE `git cat-file --batch` for all symbols of the run; each blob
is parsed once. A commit counts when the symbol differs from the version before it; the
finding says how the symbol differs between the review point and the file as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mbtool import git
from mbtool.drift import symbols
from mbtool.drift.history import Change, Commit, History
from mbtool.drift.model import Drifted, Vanished
from mbtool.drift.references import Described
from mbtool.drift.symbols import Snapshot, SymbolChange

MAX_VERSIONS = 30  # per reference; past it, commits are counted per file, not per symbol
_NO_BLOB = frozenset({"0" * 40, "0" * 64})


@dataclass(frozen=True)
class Pending:
    """A `.py::Symbol` reference, its file's changes after the review point (newest first) and
    the finding those changes make at file level."""

    ref: Described
    changes: list[Change]
    drifted: Drifted | None


class SymbolVersions:
    def __init__(self, project: Path, history: History, pending: list[Pending]) -> None:
        self.project, self.history, self.pending = project, history, pending
        self._trees: dict[str, symbols.Module | None] = {}
        self._snapshots: dict[tuple[str, str], Snapshot] = {}
        self._blobs: dict[str, bytes] = {}

    def judge(self) -> tuple[list[Drifted], list[Vanished]]:
        """Findings for every pending reference: drifted symbols, and symbols that name nothing."""
        wanted = [blob for item in self.pending for blob in _window(item.changes)]
        self._blobs = git.objects(self.project, wanted) if wanted else {}
        drifted: list[Drifted] = []
        vanished: list[Vanished] = []
        for item in self.pending:
            symbol = item.ref.symbol or ""
            now = self._snapshot_now(item.ref.target, symbol)
            found = self._drifted(item, symbol, now) if item.drifted is not None else None
            if found is not None:
                drifted.append(found)
            elif now.parsed and now.signature is None and item.ref.explicit:
                vanished.append(Vanished(item.ref, None, symbol_missing=True))
        return drifted, vanished

    def _drifted(self, item: Pending, symbol: str, now: Snapshot) -> Drifted | None:
        assert item.drifted is not None
        oldest = item.changes[-1]
        before = self._snapshot(None if oldest.status == "A" else oldest.old_blob, symbol)
        change = symbols.difference(before, now)
        if change is SymbolChange.UNCHANGED:
            return None
        commits = self._changing_commits(item, before, symbol)
        return replace(
            item.drifted,
            commits=commits or item.drifted.commits,
            change=change,
            symbol_line=now.line,
        )

    def _changing_commits(self, item: Pending, before: Snapshot, symbol: str) -> tuple[Commit, ...]:
        """The commits (newest first) after which the symbol differs from the version before."""
        if len(item.changes) > MAX_VERSIONS:
            return ()
        found: list[Commit] = []
        previous = before
        for change in reversed(item.changes):
            current = self._snapshot(None if change.status == "D" else change.new_blob, symbol)
            if symbols.difference(previous, current) is not SymbolChange.UNCHANGED:
                found.append(self.history.commits[change.commit])
            previous = current
        return tuple(dict.fromkeys(reversed(found)))

    def _snapshot(self, blob: str | None, symbol: str) -> Snapshot:
        if blob is None or blob in _NO_BLOB:
            return Snapshot(parsed=True)
        known = self._snapshots.get((blob, symbol))
        if known is None:
            if blob not in self._trees:
                data = self._blobs.get(blob)
                self._trees[blob] = symbols.parse(data) if data is not None else None
            known = symbols.snapshot(self._trees[blob], True, symbol)  # a blob git lacks: unknown
            self._snapshots[(blob, symbol)] = known
        return known

    def _snapshot_now(self, target: str, symbol: str) -> Snapshot:
        path = self.project / target
        try:
            data = path.read_bytes() if path.is_file() else None
        except OSError:
            data = None
        return symbols.snapshot(symbols.parse(data), data is not None, symbol)


def _window(changes: list[Change]) -> list[str]:
    """The blob ids a symbol comparison reads: the version before the oldest change, then each result."""
    if not changes:
        return []
    ids = [changes[-1].old_blob]
    if len(changes) <= MAX_VERSIONS:
        ids += [change.new_blob for change in changes]
    return [blob for blob in ids if blob not in _NO_BLOB]
