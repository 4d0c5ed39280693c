"""MB302 by git history: one `git log` for the whole bank, used only for undated documents."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mbtool import git as history
from mbtool.api import check
from tests.check.helpers import TODAY, lines_of

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

A = "# A\n\n- **Depends On:** b.md\n"
B = "# B\n\n- **Required By:** a.md\n"


def git(folder: Path, *args: str, when: str = "2026-01-01T12:00:00+00:00") -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    environment.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        check=True,
        capture_output=True,
        env=environment,
    )


def repository(root: Path, b_text: str = B) -> Path:
    bank = root / "memory-bank"
    bank.mkdir(parents=True)
    (root / "mbtool.toml").write_text('core-files = "none"\n')
    git(root, "init", "-q")
    (bank / "a.md").write_text(A)
    (bank / "b.md").write_text(b_text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one", when="2026-01-01T12:00:00+00:00")
    (bank / "b.md").write_text(b_text + "\nMore.\n")
    git(root, "commit", "-q", "-am", "two", when="2026-02-01T09:30:00+00:00")
    return bank


def test_undated_documents_use_last_commit(tmp_path: Path) -> None:
    found = lines_of(check(repository(tmp_path), today=TODAY, select=["MB302"]))
    assert found == [
        "a.md:3:19: MB302 dependency `b.md` changed on 2026-02-01 (last commit), "
        "after this document (2026-01-01)"
    ]


def test_dates_win_over_history(tmp_path: Path) -> None:
    bank = repository(tmp_path, B + "\n**Last Updated:** 2025-12-01\n")
    (bank / "a.md").write_text(A + "\n**Last Updated:** 2025-12-15\n")
    git(tmp_path, "commit", "-q", "-am", "dates", when="2026-03-01T00:00:00+00:00")
    assert lines_of(check(bank, today=TODAY), "MB302") == []


def test_one_git_process_for_the_whole_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bank = repository(tmp_path)
    for name in ("c.md", "d.md", "e.md"):
        (bank / name).write_text(f"# {name}\n\n- **Depends On:** b.md\n")
    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(command: list[str], *args: object, **kwargs: object) -> subprocess.Popen[str]:
        calls.append(command)
        return real(command, *args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(history.subprocess, "Popen", counting)
    check(bank, today=TODAY)
    history_calls = [command for command in calls if "log" in command]  # MB503 lists files once, too
    assert len(history_calls) == 1


def test_a_repository_above_the_project_is_not_read(tmp_path: Path) -> None:
    bank = repository(tmp_path / "inner")
    (tmp_path / "inner" / ".git").rename(tmp_path / ".git")  # now outside the project root
    assert lines_of(check(bank, today=TODAY), "MB302") == []


def test_parse_log_takes_the_newest_commit_and_stops() -> None:
    log = [
        "\x1e2026-03-02T10:00:00+01:00\n",
        "\n",
        "b.md\n",
        "\x1e2026-01-01T00:00:00+00:00\n",
        "a.md\n",
        "b.md\n",
    ]
    assert history.parse_log(iter(log), {"a.md", "b.md"}) == {
        "b.md": dt.date(2026, 3, 2),
        "a.md": dt.date(2026, 1, 1),
    }
