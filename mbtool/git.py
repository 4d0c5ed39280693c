"""gitinfo: small read-only questions to git (which files changed since a ref).

Every call runs `git` with a fixed argument list (no shell) in the repository's top folder;
git's own output is read with `-z` so unusual file names survive. A folder outside a
repository, a missing `git` or an unknown ref is a `GitError` (a `UsageError`, exit 2).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from mbtool.errors import UsageError

TIMEOUT_SECONDS = 60


class GitError(UsageError):
    """git is missing, the folder is not in a repository, or a ref does not name a commit."""


def git(folder: Path, *args: str) -> str:
    """The standard output of `git ARGS` run in `folder`; a failure is a one-line `GitError`."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("`git` is not installed or not on PATH; install git to use --since") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git {args[0]}` took longer than {TIMEOUT_SECONDS} seconds") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1].removeprefix("fatal: ")
        raise GitError(f"`git {args[0]}` failed in `{folder.name}`: {reason}")
    return done.stdout


def repository_root(folder: Path) -> Path:
    """The top folder of the git work tree holding `folder`."""
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel").strip()).resolve()
    except GitError:
        raise GitError(f"`{folder.name}` is not inside a git repository; --since needs one") from None


def verify_ref(top: Path, ref: str) -> None:
    if not ref or ref.startswith("-"):
        raise GitError(f"`{ref}` is not a git revision; pass a commit, branch or tag such as `HEAD~1`")
    try:
        git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"`{ref}` does not name a commit in this repository; try `HEAD~1` or a branch"
        ) from None


def changed_since(folder: Path, ref: str) -> list[str]:
    """Files under `folder` that differ between `ref` and the working tree, committed or not,
    plus untracked (not ignored) files; paths relative to `folder`, POSIX, sorted.

    Deleted files are included (they changed); callers keep the ones they know.
    """
    folder = folder.resolve()
    top = repository_root(folder)
    verify_ref(top, ref)
    diffed = git(top, "diff", "--name-only", "--no-relative", "-z", ref, "--")
    untracked = git(top, "ls-files", "--others", "--exclude-standard", "--full-name", "-z")
    found = set()
    for name in (diffed + untracked).split("\0"):
        if name:
            path = top / name
            if path.is_relative_to(folder):
                found.add(path.relative_to(folder).as_posix())
    return sorted(found)
