"""Internal errors: one line and exit 3 without `--debug`; the traceback with it."""

from __future__ import annotations

from pathlib import Path

import pytest

import mbtool.api
import mbtool.parse
from mbtool.cli import run

# (module, attribute, command) — a library function that fails, and a command that reaches it.
FAILURES = [
    (mbtool.api, "check", ["check", "{bank}"]),
    (mbtool.api, "graph_json", ["graph", "{bank}", "--format", "json"]),
    (mbtool.parse, "parse_document", ["check", "{bank}", "--no-cache"]),
]
failures = pytest.mark.parametrize(
    ("module", "name", "argv"), FAILURES, ids=[f"{module.__name__}.{name}" for module, name, _ in FAILURES]
)


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    (tmp_path / "mbtool.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "memory-bank"
    folder.mkdir()
    (folder / "a.md").write_text("# A\n", encoding="utf-8")
    return folder


def _break(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(module, name, broken)


@failures
def test_an_internal_error_is_one_line_and_exit_3(
    bank: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: object,
    name: str,
    argv: list[str],
) -> None:
    _break(monkeypatch, module, name)
    assert run([part.replace("{bank}", str(bank)) for part in argv]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("mbtool: internal error: RuntimeError: simulated failure")
    assert err.rstrip().endswith("run with --debug for details")


@failures
def test_debug_shows_the_traceback(
    bank: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: object,
    name: str,
    argv: list[str],
) -> None:
    _break(monkeypatch, module, name)
    assert run(["--debug", *(part.replace("{bank}", str(bank)) for part in argv)]) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert "RuntimeError: simulated failure" in err
