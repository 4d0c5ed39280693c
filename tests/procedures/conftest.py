"""Helpers for the procedure tests: a throwaway project with one bank document."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mbtool.cli import run


class Project:
    """A project root (with `mbtool.toml`) holding `memory-bank/<name>`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.bank = root / "memory-bank"
        self.bank.mkdir(parents=True, exist_ok=True)
        (root / "mbtool.toml").write_text("", encoding="utf-8")

    def document(self, text: str, name: str = "ops.md") -> Path:
        path = self.bank / name
        path.write_text(text, encoding="utf-8")
        return path

    def mbtool(self, *args: str) -> int:
        return run(["procedures", *args])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


@pytest.fixture
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is not a terminal (as in CI, or when piped)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    """A terminal on standard input; write the user's answer into it before running."""
    fake = FakeTerminal("")
    monkeypatch.setattr("sys.stdin", fake)
    return fake


def fence(body: str, info: str = "bash") -> str:
    return f"```{info}\n{body.strip()}\n```\n"
