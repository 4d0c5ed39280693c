"""Bank → `Drift`: what each document describes, set against the code's history.

A fixed handful of git calls per run, whatever the bank's size: `rev-parse` (is the clone
shallow?), `status` (uncommitted and untracked files), `ls-files` (the project's files),
ONE `log` for every described path, and one `cat-file --batch` for the old versions of the
Python files whose symbols are compared. A bank that names no code runs none of them.

Unknown history (no git, no repository inside the project, a shallow clone, an untracked
file) is never an error: it becomes one `Unknown` note for the whole run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass

from mbtool import git
from mbtool.drift.history import Change, Commit, History, Query, read_history, start_log
from mbtool.drift.matching import Matcher, glob_regex
from mbtool.drift.model import Drift, Drifted, Moved, Unknown, Vanished
from mbtool.drift.references import (
    Described,
    Origin,
    TargetKind,
    candidate_count,
    described,
    explicit_documents,
)
from mbtool.drift.review import DatedReview, dated_review
from mbtool.drift.versions import Pending, SymbolVersions
from mbtool.model import RelationKind
from mbtool.reading.bank import Bank
from mbtool.reading.repofiles import ProjectFiles

SHALLOW = (
    "the clone is shallow; fetch the full history "
    "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
)
_SHOWN = 3  # untracked paths named in the note


def find_drift(bank: Bank, *, since: str | None = None) -> Drift:
    """Drift of every document (with `since`, only commits in `since..HEAD` count)."""
    if candidate_count(bank) == 0:
        return Drift()
    location = bank.location
    missing = _no_history(bank)
    if missing is not None:
        explicit = explicit_documents(bank)
        return Drift(unknown=_note(missing, bank, explicit[0])) if explicit else Drift()
    project = location.project
    files = bank.project_files
    if since is None and git.is_shallow(project):
        return _unknown(described(bank, files), SHALLOW)
    if since is not None:
        git.verify_ref(project, since)
    try:
        with start_log(project, since) as log:  # git runs while the references are read
            refs = described(bank, files)
            return _Run(bank, files, refs, since).drift(log) if refs else Drift()
    except git.GitError as error:
        return _unknown(described(bank, files), str(error))


def _unknown(refs: dict[str, list[Described]], reason: str) -> Drift:
    """No history: one note at the first reference of the bank (nothing when none describes code)."""
    if not refs:
        return Drift()
    first = min((ref for found in refs.values() for ref in found), key=lambda r: (r.document, r.line))
    note = Unknown(f"code drift unknown: {reason}", first.document, first.line, first.column)
    return Drift(described=refs, unknown=note)


def _no_history(bank: Bank) -> str | None:
    if shutil.which("git") is None:
        return "git is not installed"
    if not git.repository_inside(bank.location.bank, bank.location.project):
        return "the project is not a git repository"
    return None


def _note(reason: str, bank: Bank, document: str) -> Unknown:
    relation = next(r for r in bank.documents[document].relations if r.kind is RelationKind.DESCRIBES)
    return Unknown(
        f"code drift unknown: {reason}", document, relation.position.line, relation.position.column
    )


@dataclass(frozen=True)
class _Point:
    """Where a document's review point falls in the history read."""

    dated: DatedReview | None
    commit: int | None  # index of its last commit (undated documents)
    label: str


class _Run:
    def __init__(
        self, bank: Bank, files: ProjectFiles, refs: dict[str, list[Described]], since: str | None
    ) -> None:
        self.bank, self.files, self.refs, self.since = bank, files, refs, since
        self.prefix = "" if bank.prefix == "." else bank.prefix + "/"
        changes = git.status(bank.location.project)
        self.untracked = {path for code, path in changes if code == "??"}
        self.dirty = {path for code, path in changes if code != "??"}
        self.result = Drift(described=refs)
        self.unknown: list[Described] = []
        self._day_list: list[dt.date] = []
        self._latest: list[dt.date] = []

    def drift(self, log: git.Background) -> Drift:
        history = read_history(log, self._query())
        pending: list[Pending] = []
        for document, refs in sorted(self.refs.items()):
            point = self._point(document, history)
            if point is None:
                continue
            for ref in refs:
                self._judge(ref, history, point, pending)
        drifted, vanished = SymbolVersions(self.bank.location.project, history, pending).judge()
        self.result.drifted.extend(drifted)
        self.result.vanished.extend(vanished)
        self._say_unknown()
        return self.result

    # -- the query -------------------------------------------------------------------------------
    def _query(self) -> Query:
        documents: set[str] = set()
        dates: list[dt.date] = []
        blobs: set[tuple[str, str]] = set()
        for document in self.refs:
            dated = dated_review(self.bank.documents[document])
            if dated is not None:
                dates.append(dated.date)
            elif self.prefix + document not in self.dirty:
                documents.add(self.prefix + document)
            blobs.update((ref.target, blob) for ref, blob in self._recorded(document).items())
        matcher = Matcher(ref for refs in self.refs.values() for ref in refs)
        return Query(matcher, frozenset(documents), frozenset(blobs), min(dates, default=None), self.since)

    def _recorded(self, document: str) -> dict[Described, str]:
        """References with a blob recorded by `mbtool ack --ref` (matched as written or by target)."""
        found = {}
        for mark in self.bank.documents[document].reviewed:
            for ref in self.refs.get(document, []):
                if ref.kind is TargetKind.FILE and mark.path in (ref.written, ref.target):
                    found[ref] = mark.blob
        return found

    # -- per document and reference ----------------------------------------------------------------
    def _point(self, document: str, history: History) -> _Point | None:
        dated = dated_review(self.bank.documents[document])
        if dated is not None:
            return _Point(dated, None, f"after this document's review point ({dated.describe()})")
        path = self.prefix + document
        if path in self.dirty:
            return None  # being edited now: reviewed as we speak
        index = history.touched.get(path)
        if index is not None:
            commit = history.commits[index]
            return _Point(None, index, f"after this document's last commit (`{commit.short}`, {commit.day})")
        if self.since is not None:
            return _Point(None, None, f"since `{self.since}`")
        if path in self.untracked:
            self.unknown.extend(self.refs[document][:1])
        return None

    def _judge(
        self,
        ref: Described,
        history: History,
        point: _Point,
        pending: list[Pending],
    ) -> None:
        if ref.kind is TargetKind.MISSING or (ref.kind is TargetKind.PATTERN and not self._matches_any(ref)):
            self._missing(ref, history)
            return
        if ref.kind is TargetKind.FILE and ref.target in self.untracked:
            self.unknown.append(ref)
            return
        point = self._recorded_point(ref, history) or point
        changes = self._after(ref, history, point)
        drifted = self._drifted(ref, changes, history, point) if changes else None
        if ref.symbol is not None and ref.kind is TargetKind.FILE:
            pending.append(Pending(ref, changes, drifted))
        elif drifted is not None:
            self.result.drifted.append(drifted)

    def _recorded_point(self, ref: Described, history: History) -> _Point | None:
        """A blob recorded by `ack --ref` is an exact review point for its file: the commit that
        wrote it (or "reviewed as it is now" when the file still holds it)."""
        recorded = self._recorded(ref.document).get(ref)
        if recorded is None:
            return None
        if self._current_blob(ref.target, recorded) == recorded:
            return _Point(None, -1, "")  # nothing after it
        written = history.blobs.get((ref.target, recorded))
        if written is None:
            return None
        label = f"after the version reviewed with `mbtool ack --ref` (`{history.commits[written].short}`)"
        return _Point(None, written, label)

    def _after(self, ref: Described, history: History, point: _Point) -> list[Change]:
        changes = history.changes.get(ref.key, [])
        if point.dated is not None:
            days, latest = self._days(history)
            reviewed = point.dated.date
            found = []
            for change in changes:  # newest first: past the last commit dated after it, none is
                if latest[change.commit] <= reviewed:
                    break
                if days[change.commit] > reviewed:
                    found.append(change)
            return found
        if point.commit is not None:
            return [change for change in changes if change.commit < point.commit]
        return changes  # `since` mode, document untouched in the range: every change counts

    def _days(self, history: History) -> tuple[list[dt.date], list[dt.date]]:
        """Each commit's day, and the latest day of it and every older commit (log order is only
        mostly by date), computed once: every reference with a dated review point asks."""
        if len(self._day_list) != len(history.commits):
            self._day_list = [commit.day for commit in history.commits]
            latest: list[dt.date] = []
            for day in reversed(self._day_list):
                latest.append(max(day, latest[-1]) if latest else day)
            self._latest = latest[::-1]
        return self._day_list, self._latest

    def _drifted(self, ref: Described, changes: list[Change], history: History, point: _Point) -> Drifted:
        commits = tuple(history.commits[index] for index in sorted({change.commit for change in changes}))
        reviewed = (
            point.dated.date
            if point.dated
            else (
                history.commits[point.commit].day if point.commit is not None and point.commit >= 0 else None
            )
        )
        paths = tuple(dict.fromkeys(change.path for change in changes))
        return Drifted(ref, commits, point.label, reviewed, paths=paths)

    # -- missing paths: moved (MB312) or gone ------------------------------------------------------------
    def _missing(self, ref: Described, history: History) -> None:
        moved = self._moved_to(self._renamed_name(ref, history), history)
        if moved is not None:
            target, index = moved
            self.result.moved.append(Moved(ref, target, history.commits[index]))
        elif ref.origin is Origin.DESCRIBES:
            deleted = next((c for c in history.changes.get(ref.key, []) if c.status == "D"), None)
            commit = history.commits[deleted.commit] if deleted is not None else None
            self.result.vanished.append(Vanished(ref, commit))

    def _renamed_name(self, ref: Described, history: History) -> str:
        """The old path a missing reference means: its target, or the one renamed path that ends
        with what the document wrote (`graph/builder.py` for `src/graph/builder.py`)."""
        written = ref.written.strip("/").removeprefix("./")
        if ref.target in history.renames or "/" not in written or written.startswith("../"):
            return ref.target
        matches = [old for old in history.renames if old.endswith("/" + written)]
        return matches[0] if len(matches) == 1 else ref.target

    def _moved_to(self, target: str, history: History) -> tuple[str, int] | None:
        """Where a renamed file (or a folder whose files all moved together) is now."""
        seen, current, newest = {target}, target, None
        while current in history.renames:
            current, index = history.renames[current]
            newest = index if newest is None else min(newest, index)
            if current in seen:
                return None
            seen.add(current)
        if newest is not None and current in self.files.files:
            return current, newest
        return self._folder_moved_to(target, history)

    def _folder_moved_to(self, folder: str, history: History) -> tuple[str, int] | None:
        destinations: set[str] = set()
        newest: int | None = None
        for old, (new, index) in history.renames.items():
            if old.startswith(folder + "/") and new.endswith(old[len(folder) :]):
                destinations.add(new[: len(new) - len(old) + len(folder)])
                newest = index if newest is None else min(newest, index)
        if len(destinations) == 1 and newest is not None:
            destination = destinations.pop()
            if destination in self.files.folders:
                return destination, newest
        return None

    # -- helpers ---------------------------------------------------------------------------------------------
    def _matches_any(self, ref: Described) -> bool:
        pattern = glob_regex(ref.target)
        return any(pattern.fullmatch(path) for path in self.files.files)

    def _read(self, target: str) -> bytes | None:
        path = self.bank.location.project / target
        try:
            return path.read_bytes() if path.is_file() else None
        except OSError:
            return None

    def _current_blob(self, target: str, recorded: str) -> str | None:
        data = self._read(target)
        return git.blob_id(data, len(recorded)) if data is not None else None

    def _say_unknown(self) -> None:
        if not self.unknown:
            return
        refs = sorted(set(self.unknown), key=lambda r: (r.document, r.line, r.column))
        names = sorted({ref.target if ref.target in self.untracked else ref.document for ref in refs})
        shown = ", ".join(f"`{name}`" for name in names[:_SHOWN])
        more = f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else ""
        first = refs[0]
        message = f"code drift unknown for {shown}{more}: not committed yet"
        self.result.unknown = Unknown(message, first.document, first.line, first.column)


__all__ = ["Commit", "find_drift"]
