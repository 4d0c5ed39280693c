"""What a run's result rests on, as file-system facts that are cheap to check again.

The result cache (`mbtool.reading.results`) replays a command's output only when every fact
here still holds. A fact is a path and its `stat` signature (mode, size, modification and
change times in nanoseconds, inode; None for a path that does not exist), optionally with
the sha256 of the bytes the run read:

- the bank: every folder listed and every document (with its content hash);
- where the bank and its configuration were found: the marker files (`.git`,
  `pyproject.toml`, `mbtool.toml`) of every folder from the bank and the working folder up;
- the project's files: in a git work tree, `git status` (HEAD, the index, untracked files)
  plus the files it names and git's own HEAD, index and refs; elsewhere the folders and
  `.gitignore` files the project walk read;
- anything else a rule looked at (`Bank.inputs`: instruction files, scripts a procedure runs).

Change detection is by `stat`, so a fact whose times lie within `RACY_NS` of the start of the
run that recorded it is "racy" (it may have changed again within the file system's time
granularity, as git's racily clean entries): a racy document is hashed again, any other racy
fact counts as changed. Standard library only: the fast path imports this before anything heavy.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mbtool import git

if TYPE_CHECKING:
    from mbtool.reading.bank import Bank

RACY_NS = 2_000_000_000  # coarse file systems keep times to 1–2 s
MARKERS = (".git", "pyproject.toml", "mbtool.toml")
Stat = tuple[int, int, int, int, int] | None  # (mode, size, mtime_ns, ctime_ns, inode)


def stat_of(path: str | Path) -> Stat:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_mode, status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


@dataclass(frozen=True)
class Fact:
    """One path as the recording run saw it (after the run: see `is_racy`)."""

    path: str
    stat: Stat
    racy: bool = False
    sha256: str | None = None  # set for documents: a changed stat with the same bytes still holds

    def holds(self) -> bool:
        now = stat_of(self.path)
        if now == self.stat and not self.racy:
            return True
        if self.sha256 is None or now is None or not _is_regular(now):
            return False
        try:
            with open(self.path, "rb") as stream:
                return hashlib.sha256(stream.read()).hexdigest() == self.sha256
        except OSError:
            return False

    def to_json(self) -> list[object]:
        return [self.path, list(self.stat) if self.stat else None, self.racy, self.sha256]

    @classmethod
    def from_json(cls, data: list[object]) -> Fact:
        path, stat, racy, sha = data
        if not isinstance(path, str) or not isinstance(racy, bool) or not isinstance(sha, str | None):
            raise ValueError("not a fact")
        return cls(path, _stat(stat), racy, sha)


@dataclass
class Evidence:
    """Everything a stored result rests on."""

    facts: list[Fact] = field(default_factory=list)
    git: tuple[str, str] | None = None  # (work tree top, sha256 of `git status`), in a work tree

    def holds(self) -> bool:
        if not all(fact.holds() for fact in self.facts):
            return False
        return self.git is None or git_status(Path(self.git[0])) == self.git[1]


def is_racy(stat: Stat, started: int) -> bool:
    """Modified so close to the run's start that a later edit could keep the same `stat`."""
    return stat is not None and stat[2] >= started - RACY_NS


def fact(path: str | Path, started: int, sha256: str | None = None) -> Fact:
    stat = stat_of(path)
    return Fact(str(path), stat, is_racy(stat, started), sha256)


def location_paths(cwd: Path, bank: Path, bank_given: bool) -> Iterator[Path]:
    """The marker files `locate` may look at, for the bank and the working folder and every
    folder above them; the working folder itself when the bank was not given (a bank may
    appear in it)."""
    folders = dict.fromkeys([bank, *bank.parents, cwd, *cwd.parents])
    for folder in folders:
        yield from (folder / marker for marker in MARKERS)
    if not bank_given:
        yield cwd


def collect(bank: Bank, cwd: Path, bank_given: bool, started: int) -> Evidence:
    """The evidence of a finished run over `bank` that started at `started` (`time.time_ns`)."""
    location = bank.location
    facts = [fact(folder, started) for folder in dict.fromkeys(bank.folders)]
    for rel in bank.documents:
        facts.append(fact(location.bank / rel, started, bank.digests.get(rel)))
    facts += [fact(path, started) for path in location_paths(cwd, location.bank, bank_given)]
    facts += [fact(path, started) for path in sorted(bank.inputs)]
    top = _work_tree(location.project)
    output = _status(top) if top is not None else None
    if top is None or output is None:
        facts += [fact(path, started) for path in _walked(bank)]
        return Evidence(facts)
    facts += [fact(path, started) for path in _git_files(top)]
    facts += [fact(top / path, started) for path in status_paths(output)]
    return Evidence(facts, (str(top), hashlib.sha256(output).hexdigest()))


def _walked(bank: Bank) -> Iterable[Path]:
    """The folders and `.gitignore` files the project walks read, if any walk ran."""
    finder = bank.resolver.paths
    for name in ("project_files", "files"):
        listing = finder.__dict__.get(name)  # only a listing that was made (cached_property)
        if listing is not None:
            yield from listing.walked


def _work_tree(project: Path) -> Path | None:
    """The top of the git work tree holding the project (where `.git` is), if any."""
    for folder in (project, *project.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def git_status(top: Path) -> str | None:
    """The sha256 of `git status` in porcelain v2 (HEAD's commit, staged, unstaged and untracked
    paths), or None when git cannot tell."""
    output = _status(top)
    return hashlib.sha256(output).hexdigest() if output is not None else None


def _status(top: Path) -> bytes | None:
    """`git status --porcelain=v2 -z --branch --untracked-files=all`, optional locks off (it
    never rewrites the index), hardened as every git call is (`mbtool.git`)."""
    argv = git.command("status", "--porcelain=v2", "-z", "--branch", "--untracked-files=all")
    argv.insert(1, "--no-optional-locks")
    try:
        done = subprocess.run(
            argv,
            cwd=top,
            capture_output=True,
            timeout=git.TIMEOUT_SECONDS,
            check=False,
            env=git.environment(),
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def status_paths(output: bytes) -> list[str]:
    """The paths a `git status` output names (changed or untracked, relative to the work tree's
    top): their content is not in git, so their stat is part of the evidence."""
    found: list[str] = []
    skip = False
    for item in output.decode("utf-8", "surrogateescape").split("\0"):
        if skip:  # the original path of a rename
            skip = False
            continue
        kind = item[:2]
        if kind == "1 ":
            found.append(item.split(" ", 8)[-1])
        elif kind == "u ":
            found.append(item.split(" ", 10)[-1])
        elif kind == "2 ":
            found.append(item.split(" ", 9)[-1])
            skip = True
        elif kind == "? ":
            found.append(item[2:])
    return found


def _git_files(top: Path) -> list[Path]:
    """git's own HEAD, index and refs: a commit, checkout or `git add` during the recording
    run makes them racy, so the result is not trusted."""
    dot = top / ".git"
    folder = dot
    if dot.is_file():
        text = dot.read_text(encoding="utf-8", errors="replace").strip()
        if not text.startswith("gitdir:"):
            return [dot]
        folder = (top / text.removeprefix("gitdir:").strip()).resolve()
    common = folder
    if (folder / "commondir").is_file():
        common = (folder / (folder / "commondir").read_text(encoding="utf-8").strip()).resolve()
    paths = [dot, folder / "HEAD", folder / "index", common / "packed-refs"]
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return paths
    if head.startswith("ref:"):
        ref = head.removeprefix("ref:").strip()
        paths += [common / ref, folder / ref]
    return paths


def _is_regular(stat: tuple[int, int, int, int, int]) -> bool:
    return (stat[0] & 0o170000) == 0o100000


def _stat(value: object) -> Stat:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 5 or not all(isinstance(item, int) for item in value):
        raise ValueError("not a stat")
    return (value[0], value[1], value[2], value[3], value[4])
