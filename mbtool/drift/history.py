"""The code's history since the oldest review point: ONE `git log` for every described path.

`git log --raw -M -z` over the whole project, newest first, read as it streams: each
changed path is looked up in the `Matcher` (files, folders, globs of every document), so the
cost is one pass over the log, not one git call per path. Reading stops as soon as the
commits are older than every dated review point and every undated document's last commit has
been seen. Renames are followed backwards (an older commit that changed the file under its
former name still counts), and the raw lines carry the blob ids a symbol comparison needs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from mbtool import git
from mbtool.drift.matching import Matcher

_RS, _US = "\x1e", "\x1f"
_FORMAT = f"--format={_RS}%H{_US}%cI{_US}%s"
_CHUNK = 1 << 16


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


def read_history(project: Path, query: Query) -> History:
    """The history `query` asks for (a `git.GitError` when git fails)."""
    args = ["log", "--raw", "--no-abbrev", "-M", "-z", "--root", "--no-color", _FORMAT, "--relative"]
    if query.since is not None:
        args.append(f"{query.since}..HEAD")
    with git.streamed(project, *args, "--", ".") as stream:
        return _Walk(query).run(_tokens(stream))


class _Walk:
    def __init__(self, query: Query) -> None:
        self.query = query
        self.history = History()

    def run(self, tokens: Iterator[str]) -> History:
        for token in tokens:
            if token.startswith(_RS):
                if self._enough(token):
                    self.history.complete = False
                    break
                self._commit(token)
            elif token.startswith(":"):
                fields = token[1:].split()
                if len(fields) < 5 or not self.history.commits:
                    continue
                count = 2 if fields[4][:1] in ("R", "C") else 1
                paths = [next(tokens, "") for _ in range(count)]
                self._change(fields[2], fields[3], fields[4][:1], paths)
        return self.history

    def _enough(self, header: str) -> bool:
        """Older than every dated review point, with every undated document's last commit and
        every recorded blob's commit seen."""
        query = self.query
        if query.since is not None or len(self.history.touched) < len(query.documents):
            return False
        if len(self.history.blobs) < len(query.blobs):
            return False  # a blob recorded by `ack --ref` was written by an older commit
        when = _parse_date(header[1:].split(_US)[1:2])
        return query.stop_before is None or (when is not None and when.date() < query.stop_before)

    def _commit(self, header: str) -> None:
        parts = header[1:].split(_US, 2)
        when = _parse_date(parts[1:2]) or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
        subject = parts[2] if len(parts) > 2 else ""
        self.history.commits.append(Commit(parts[0], when, " ".join(subject.split())))

    def _change(self, old_blob: str, new_blob: str, status: str, paths: list[str]) -> None:
        history, matcher = self.history, self.query.matcher
        index = len(history.commits) - 1
        path, old_path = paths[-1], (paths[0] if len(paths) == 2 else None)
        keys = matcher.keys(path)
        if old_path is not None and status == "R":
            keys |= matcher.keys(old_path)
        for key in keys:
            history.changes.setdefault(key, []).append(
                Change(index, status, path, old_path, old_blob, new_blob)
            )
        if old_path is not None and status == "R":
            matcher.follow_rename(old_path, path)
            history.renames.setdefault(old_path, (path, index))
        for touched in (path, old_path):
            if touched in self.query.documents and touched not in history.touched:
                history.touched[touched] = index
        if (path, new_blob) in self.query.blobs:
            history.blobs.setdefault((path, new_blob), index)


def _parse_date(parts: list[str]) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(parts[0].strip()) if parts else None
    except ValueError:
        return None


def _tokens(stream: IO[bytes]) -> Iterator[str]:
    """The NUL-separated fields of `git log -z`, decoded, line breaks between records dropped."""
    rest = b""
    while chunk := stream.read(_CHUNK):
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "surrogateescape").lstrip("\n")
    if rest.strip():
        yield rest.decode("utf-8", "surrogateescape").lstrip("\n")
