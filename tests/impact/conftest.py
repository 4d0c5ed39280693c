"""Fixtures for the impact tests: a copy of the project's own bank as the current directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture
def project_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's own memory-bank plus a pyproject naming it; the cwd is its root."""
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    (tmp_path / "pyproject.toml").write_text('[tool.mbtool]\nbank = "memory-bank"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path
