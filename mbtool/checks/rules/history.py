"""Last commit dates of bank documents, from ONE `git log` for the whole bank.

Used by MB302 for documents without a `Last Updated` date. Only a repository whose `.git`
sits inside the project root (between the bank and the project root) is asked, so nothing
outside the project is read; no git, no repository or a failing git means no dates.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterable

from mbtool.reading.discover import Location

TIMEOUT_SECONDS = 60
_RECORD = "\x1e"


def commit_dates(location: Location, documents: Iterable[str]) -> dict[str, dt.date]:
    """Bank-relative path → date of the last commit touching it (committer's calendar day)."""
    git = shutil.which("git")
    wanted = set(documents)
    if git is None or not wanted or not repository_inside_project(location):
        return {}
    command = [
        git,
        "-c",
        "core.quotepath=off",
        "log",
        f"--format={_RECORD}%cI",
        "--name-only",
        "--relative",
        "--",
        ".",
    ]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    try:
        with subprocess.Popen(
            command,
            cwd=location.bank,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            env=environment,
        ) as process:
            assert process.stdout is not None
            found = parse_log(process.stdout, wanted)
            process.kill()
            process.wait(timeout=TIMEOUT_SECONDS)
    except (OSError, subprocess.SubprocessError):
        return {}
    return found


def parse_log(lines: Iterable[str], wanted: set[str]) -> dict[str, dt.date]:
    """Read `git log --format=<RS>%cI --name-only` newest first; stop once every file is dated."""
    found: dict[str, dt.date] = {}
    current: dt.date | None = None
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith(_RECORD):
            try:
                current = dt.datetime.fromisoformat(line[1:].strip()).date()
            except ValueError:
                current = None
        elif line and current is not None and line in wanted and line not in found:
            found[line] = current
            if len(found) == len(wanted):
                break
    return found


def repository_inside_project(location: Location) -> bool:
    for folder in (location.bank, *location.bank.parents):
        if (folder / ".git").exists():
            return True
        if folder == location.project:
            return False
    return False
