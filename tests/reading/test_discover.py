"""Locating the bank: wrong bank arguments are usage errors that say what to pass (DESIGN §6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.cli import run
from mbtool.errors import UsageError
from mbtool.reading.discover import locate


def _bank(root: Path) -> Path:
    (root / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    bank = root / "memory-bank"
    bank.mkdir()
    (bank / "progress.md").write_text("# Progress\n", encoding="utf-8")
    return bank


def test_a_file_is_a_usage_error_naming_its_folder(tmp_path: Path) -> None:
    _bank(tmp_path)
    with pytest.raises(UsageError, match=r"`memory-bank/progress.md` is a file.*`memory-bank`"):
        locate("memory-bank/progress.md", cwd=tmp_path)


def test_a_folder_without_markdown_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "sources.list").write_text("deb x\n", encoding="utf-8")
    with pytest.raises(UsageError, match="holds no Markdown"):
        locate("etc", cwd=tmp_path)


def test_a_missing_folder_suggests_a_bank_folder_nearby(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    _bank(tmp_path / "docs")
    with pytest.raises(UsageError, match=r"does not exist.*`docs/memory-bank`"):
        locate("nope", cwd=tmp_path)


def test_inside_the_bank_folder_the_default_is_dot(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    assert locate(None, cwd=bank).bank == bank.resolve()


def test_a_plain_folder_is_not_taken_for_a_bank(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    with pytest.raises(UsageError, match="`memory-bank` does not exist"):
        locate(None, cwd=tmp_path)


def test_project_found_only_with_a_marker(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    _bank(tmp_path / "real")
    assert locate("memory-bank", cwd=tmp_path / "real").project_found
    bare = tmp_path / "bare" / "bank"
    bare.mkdir(parents=True)
    (bare / "a.md").write_text("# A\n", encoding="utf-8")
    assert not locate(bare).project_found


@pytest.mark.parametrize("argument", ["memory-bank/progress.md", "empty", "missing"])
def test_cli_exits_2_with_one_line(
    argument: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _bank(tmp_path)
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    assert run(["check", argument]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "pass" in err
