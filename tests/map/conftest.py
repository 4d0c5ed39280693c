"""Fixtures for the map, init and integration tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.banks import doc
from tests.banks import write_project as write_bank
from tests.conftest import ROOT


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """a ← b ← c (c depends on b depends on a), declared on both sides."""
    return write_bank(
        tmp_path,
        {
            "a.md": doc("Alpha", required="[b.md](b.md)", extra="- **Why This Order:** it is first\n"),
            "b.md": doc("Beta", depends="[a.md](a.md) (the base)", required="[c.md](c.md)"),
            "c.md": doc(
                "c",
                depends="[b.md](b.md)",
                extra="\n---\n\n**Last Updated:** 2026-01-02\n**Status:** Active\n",
            ),
        },
    )


@pytest.fixture
def project_bank(tmp_path: Path) -> Path:
    """A copy of the project's own bank, in a project of its own."""
    (tmp_path / "mbtool.toml").write_text("", encoding="utf-8")
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    return tmp_path / "memory-bank"
