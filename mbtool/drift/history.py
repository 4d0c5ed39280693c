"""The code's history since the oldest review point: ONE `git log` for every described path.

`git log --raw -M -z` over the whole project, newest first, read as it streams (started
early, in the background, see `start_log`): each
changed path is looked up in the `Matcher` (files, folders, globs of every document), so the
cost is one pass over the log, not one git call per path. Reading stops as soon as the
commits are older than every dated review point and every undated document's last commit has
been seen. Renames are followed backwards (an older commit that changed the file under its
former name still counts), and the raw lines carry the blob ids a symbol comparison needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mbtool import git
from mbtool.drift.matching import Matcher

_RS, _US = "\x1e", "\x1f"
_FORMAT = f"--format={_RS}%H{_US}%cI{_US}%s"


@dataclass(frozen=True)
class Commit:
    id: str
    when: dt.datetime  # committer date, in the committer's own offset
    subject: str

    @property
    def short(self) -> str:
        return self.id[:7]

    @property
    def day(self) -> dt.date:
        return self.when.date()


@dataclass(frozen=True)
class Change:
    """One commit's change to a path a target covers."""

    commit: int  # index into `History.commits` (0 is the newest)
    status: str  # A, M, D, R, C or T
    path: str  # the path after the change
    old_path: str | None  # before a rename or copy
    old_blob: str
    new_blob: str


@dataclass(frozen=True)
class Query:
    matcher: Matcher
    documents: frozenset[str]  # project paths of documents whose last commit is wanted
    blobs: frozenset[tuple[str, str]]  # (path, blob) recorded by `ack --ref`: which commit wrote it?
    stop_before: dt.date | None  # no dated review point is older than this day
    since: str | None = None  # read only `since..HEAD`


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(default_factory=dict)  # target key → newest first
    touched: dict[str, int] = field(default_factory=dict)  # document → its newest commit
    renames: dict[str, tuple[str, int]] = field(default_factory=dict)  # old path → (new, commit)
    blobs: dict[tuple[str, str], int] = field(default_factory=dict)  # (path, blob) → commit
    complete: bool = True  # False when reading stopped before the first commit


def start_log(project: Path, since: str | None) -> git.Background:
    """The one `git log` of the run, started before the query is known (its arguments do not
    depend on it): git works on the second core while the bank's references are read."""
    args = ["log", "--raw", "--no-abbrev", "-M", "-z", "--root", "--no-color", _FORMAT, "--relative"]
    if since is not None:
        args.append(f"{since}..HEAD")
    return git.Background(project, *args, "--", ".")


def read_history(log: git.Background, query: Query) -> History:
    """The history `query` asks for, read from `log` until nothing older matters (a
    `git.GitError` when git fails)."""
    walk = _Walk(query)
    for record in _records(log.chunks()):
        if not walk.commit(record):
            walk.history.complete = False
            break
    return walk.history


class _Walk:
    """Reads one commit record at a time; a tight loop, since a large history has many changes."""

    def __init__(self, query: Query) -> None:
        self.query = query
        self.history = History()
        self.stop_day = query.stop_before.isoformat() if query.stop_before is not None else None

    def commit(self, record: bytes) -> bool:
        """Take in one commit (`<id>US<date>US<subject>NUL` then its raw changes); False once
        the history is older than anything the query needs."""
        header, _, body = record.partition(b"\0")
        ident, _, rest = header.decode("utf-8", "surrogateescape").partition(_US)
        date, _, subject = rest.partition(_US)
        if self._enough(date):
            return False
        when = _parse_date(date)
        self.history.commits.append(Commit(ident, when, " ".join(subject.split())))
        fields = body.split(b"\0")
        index, count = 0, len(fields)
        while index < count:
            meta = fields[index].lstrip(b"\n")
            parts = meta.split()
            if not meta.startswith(b":") or len(parts) < 5:
                index += 1
                continue
            status = chr(parts[4][0])
            paths: tuple[str, ...]
            if status in "RC" and index + 2 < count:
                paths = (_text(fields[index + 1]), _text(fields[index + 2]))
                index += 3
            else:
                paths = (_text(fields[index + 1]) if index + 1 < count else "",)
                index += 2
            self._change(parts[2].decode("ascii"), parts[3].decode("ascii"), status, paths)
        return True

    def _enough(self, date: str) -> bool:
        """Older than every dated review point, with every undated document's last commit and
        every recorded blob's commit seen."""
        query, history = self.query, self.history
        if query.since is not None or len(history.touched) < len(query.documents):
            return False
        if len(history.blobs) < len(query.blobs):
            return False  # a blob recorded by `ack --ref` was written by an older commit
        return self.stop_day is None or date.strip()[:10] < self.stop_day

    def _change(self, old_blob: str, new_blob: str, status: str, paths: tuple[str, ...]) -> None:
        history, matcher = self.history, self.query.matcher
        index = len(history.commits) - 1
        path, old_path = paths[-1], (paths[0] if len(paths) == 2 else None)
        keys = matcher.keys(path)
        if old_path is not None and status == "R":
            keys = keys | matcher.keys(old_path)
        if keys:
            change = Change(index, status, path, old_path, old_blob, new_blob)
            for key in keys:
                history.changes.setdefault(key, []).append(change)
        if old_path is not None and status == "R":
            matcher.follow_rename(old_path, path)
            history.renames.setdefault(old_path, (path, index))
        documents = self.query.documents
        if path in documents and path not in history.touched:
            history.touched[path] = index
        if old_path is not None and old_path in documents and old_path not in history.touched:
            history.touched[old_path] = index
        if self.query.blobs and (path, new_blob) in self.query.blobs:
            history.blobs.setdefault((path, new_blob), index)


def _parse_date(date: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(date.strip())
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _records(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The commit records of `git log -z --format=<RS>...`, as they stream in."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(_RS.encode())
        rest = parts.pop()
        yield from (part for part in parts if part)
    if rest:
        yield rest
