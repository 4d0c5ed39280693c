"""Real git repositories for the drift tests, built in temporary folders with fixed dates.

Every commit sets `GIT_AUTHOR_DATE` and `GIT_COMMITTER_DATE`, so the history (and therefore
every MB311 message) is the same on every run. The project is marked by `mbtool.toml`
(`core-files = "none"`, so only the rules under test speak) and its bank is `memory-bank/`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


class Repo:
    """A git repository at `root`; `config` (None: keep the folder's own) is `mbtool.toml`."""

    def __init__(self, root: Path, config: str | None = 'core-files = "none"\n') -> None:
        self.root = root
        self.bank = root / "memory-bank"
        self.bank.mkdir(parents=True, exist_ok=True)
        if config is not None:
            (root / "mbtool.toml").write_text(config, encoding="utf-8")
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "2026-01-01T12:00:00+00:00") -> str:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
        environment.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        done = subprocess.run(
            [
                "git",
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.org",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            cwd=self.root,
            check=True,
            capture_output=True,
            text=True,
            env=environment,
        )
        return done.stdout

    def write(self, files: dict[str, str]) -> None:
        """Write project files (paths relative to the project root)."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    def commit(self, message: str, when: str, files: dict[str, str] | None = None) -> str:
        """Write `files`, commit everything on day `when` (`YYYY-MM-DD`), return the short id."""
        self.write(files or {})
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, when=f"{when}T12:00:00+00:00")
        return self.git("rev-parse", "--short=7", "HEAD").strip()

    def move(self, old: str, new: str, when: str, message: str = "move") -> str:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)
        return self.commit(message, when)
