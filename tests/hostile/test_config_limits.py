"""Issue 15 item 19: configuration values out of range, unknown rule codes and a bank outside
the project are usage errors (exit 2) with one line, never a traceback or a silent no-op."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.cli import run
from tests.banks import document, write_files


def project(tmp_path: Path, config: str) -> Path:
    root = tmp_path / "project"
    write_files(root / "memory-bank", {"projectbrief.md": document("Brief")})
    (root / "mbtool.toml").write_text(config, encoding="utf-8")
    return root


def refused(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> str:
    monkeypatch.chdir(root)
    assert run(["check", *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1, captured.err
    return captured.err


@pytest.mark.parametrize(
    "config",
    [
        "review-grace-days = 1000000000000000000000000000000",
        "suspect-grace-days = 99999999",
        "diagram-fold-threshold = 0",
        "max-findings-per-rule = -1",
    ],
)
def test_item_19_numbers_out_of_range_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    key = config.split(" ", 1)[0]
    assert f"invalid value for `{key}`" in refused(project(tmp_path, config + "\n"), monkeypatch, capsys)


@pytest.mark.parametrize(
    ("config", "args", "shown"),
    [
        ('select = ["MB999"]', (), "`MB999` in select"),
        ('ignore = ["MB7"]', (), "`MB7` in ignore"),
        ('[severity]\nMB299 = "off"', (), "`MB299` in severity"),
        ("", ("--select", "MB99"), "`MB99` in --select"),
        ("", ("--ignore", "MB201,MB777"), "`MB777` in --ignore"),
    ],
)
def test_item_19_codes_must_name_rules(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    config: str,
    args: tuple[str, ...],
    shown: str,
) -> None:
    err = refused(project(tmp_path, config + "\n"), monkeypatch, capsys, *args)
    assert shown in err and "matches no rule" in err


def test_item_19_prefixes_of_real_codes_are_accepted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, 'core-files = "none"\nselect = ["MB2", "MB901"]\nignore = ["MB21"]\n')
    monkeypatch.chdir(root)
    assert run(["check"]) == 0


@pytest.mark.parametrize("bank", ["../elsewhere", "/tmp", "memory-bank/../../elsewhere"])
def test_item_19_a_bank_outside_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], bank: str
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text("# X\n", encoding="utf-8")
    err = refused(project(tmp_path, f'bank = "{bank}"\n'), monkeypatch, capsys)
    assert "invalid value for `bank`" in err


def test_item_19_a_bank_reached_through_a_link_out_of_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text("# X\n", encoding="utf-8")
    root = project(tmp_path, 'bank = "linked"\n')
    (root / "linked").symlink_to(tmp_path / "elsewhere")
    assert "leads outside the project" in refused(root, monkeypatch, capsys)
