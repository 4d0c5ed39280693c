"""Unknown history is never an error: one `info` line says why, once per run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mbtool.api import check
from mbtool.cli import run
from tests.banks import write_project
from tests.check.helpers import TODAY
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git


def history(root: Path) -> Repo:
    repo = Repo(root)
    text = "# S\n\n- **Describes:** src/a.py, src/b.py\n\nSee `src/c.py`.\n\n**Last Reviewed:** 2026-01-10\n"
    repo.commit(
        "One",
        "2026-01-05",
        {"src/a.py": "A\n", "src/b.py": "B\n", "src/c.py": "C\n", "memory-bank/s.md": text},
    )
    repo.commit("Two", "2026-01-11", {"src/a.py": "A2\n", "src/b.py": "B2\n"})
    repo.commit("Three", "2026-01-12", {"src/c.py": "C2\n"})
    return repo


def drift_lines(bank: Path, **options: object) -> list[tuple[str, str]]:
    result = check(bank, today=TODAY, select=["MB31"], **options)  # type: ignore[arg-type]
    return [(d.severity, d.message) for d in result.diagnostics]


def test_a_shallow_clone_says_unknown_once_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = history(tmp_path / "origin")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    found = drift_lines(clone / "memory-bank")
    assert found == [
        (
            "info",
            "code drift unknown: the clone is shallow; fetch the full history "
            "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)",
        )
    ]
    assert run(["check", str(clone / "memory-bank")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def test_outside_a_repository_only_declared_code_is_worth_a_word(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    mentions = write_project(tmp_path / "a", {"s.md": "# S\n\nSee `src/c.py`.\n"})
    (tmp_path / "a" / "src").mkdir()
    (tmp_path / "a" / "src" / "c.py").write_text("C\n")
    assert drift_lines(mentions) == []
    declares = write_project(tmp_path / "b", {"s.md": "# S\n\n- **Describes:** src/c.py\n"})
    assert drift_lines(declares) == [("info", "code drift unknown: the project is not a git repository")]


def test_uncommitted_files_are_named_in_one_line(tmp_path: Path) -> None:
    repo = history(tmp_path)
    repo.write({"src/d.py": "D\n", "src/e.py": "E\n"})
    text = (repo.bank / "s.md").read_text().replace("src/b.py", "src/b.py, src/d.py, src/e.py")
    repo.commit("Describe", "2026-01-13", {"memory-bank/s.md": text})
    repo.write({"src/d.py": "D\n", "src/e.py": "E\n"})
    repo.git("rm", "-q", "--cached", "src/d.py", "src/e.py")
    repo.git("commit", "-q", "-m", "untrack", when="2026-01-14T12:00:00+00:00")
    found = drift_lines(repo.bank)
    assert ("info", "code drift unknown for `src/d.py`, `src/e.py`: not committed yet") in found
    assert sum(severity == "warning" for severity, _ in found) == 2  # a.py and b.py still reported


def test_without_git_on_path_nothing_breaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = history(tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert drift_lines(repo.bank) == [("info", "code drift unknown: git is not installed")]


def test_a_repository_without_commits_says_so_once(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.write({"src/a.py": "A\n", "memory-bank/s.md": "# S\n\n- **Describes:** src/a.py\n"})
    ((severity, message),) = drift_lines(repo.bank)
    assert severity == "info" and message.startswith("code drift unknown: `git log` failed")


def test_a_shallow_clone_with_a_range_it_holds_is_checked(tmp_path: Path) -> None:
    repo = history(tmp_path / "origin")
    newest = repo.commit("Four", "2026-01-13", {"src/a.py": "A3\n"})
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone))
    assert drift_lines(clone / "memory-bank", since="HEAD~1") == [
        (
            "warning",
            "`src/a.py` changed in 1 commit after this document's review point (Last Reviewed 2026-01-10) "
            f"in `HEAD~1..HEAD`; newest `{newest}` on 2026-01-13 (Four)",
        )
    ]
