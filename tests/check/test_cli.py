"""`mbtool check` exit codes (DESIGN §6) and the library call `mbtool.check`."""

from __future__ import annotations

from pathlib import Path

import pytest

import mbtool
from mbtool.checks import engine as checker
from mbtool.cli import run
from tests.check.helpers import RULE_FIXTURES


def clean_bank(tmp_path: Path) -> Path:
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n')
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (bank / "a.md").write_text("# A\n\n- **Depends On:** b.md\n")
    (bank / "b.md").write_text("# B\n\n- **Required By:** a.md\n")
    return bank


def test_exit_0_when_clean(tmp_path: Path) -> None:
    assert run(["check", str(clean_bank(tmp_path)), "--no-cache"]) == 0


def test_exit_1_on_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(RULE_FIXTURES / "MB201" / "memory-bank")]) == 1
    assert "MB201" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "no-such-folder"], "does not exist"),
        (["check", "--today", "2026-13-01"], "YYYY-MM-DD"),
        (["check", "--format", "xml"], "invalid choice"),
        (["check", "--select", "ZZZ1"], "not a rule code"),
    ],
)
def test_exit_2_on_usage_errors(
    args: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(clean_bank(tmp_path).parent)
    assert run(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_exit_3_on_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(checker, "run_check", broken)
    assert run(["check", str(clean_bank(tmp_path))]) == 3
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: boom" in err and "Traceback" not in err


def test_library_call(tmp_path: Path) -> None:
    result = mbtool.check(clean_bank(tmp_path))
    assert result.documents == 2 and result.diagnostics == [] and result.exit_code == 0
    assert result.summary == {"error": 0, "warning": 0, "info": 0}
    assert result.to_json("memory-bank")["bank"] == "memory-bank"


def test_library_accepts_a_loaded_bank(tmp_path: Path) -> None:
    bank = mbtool.load(RULE_FIXTURES / "MB202" / "memory-bank")
    result = mbtool.check(bank, select=["MB202"])
    assert [d.code for d in result.diagnostics] == ["MB202", "MB202"]
