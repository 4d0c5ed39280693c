"""The code-drift benchmark builds what it promises: a bank describing code, a real history."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from mbtool.api import check
from tests.perf.conftest import bench_module

drift = bench_module("drift")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_drift_bench_builds_a_described_bank_in_a_real_history(tmp_path: Path) -> None:
    bank = drift.build(tmp_path / "project", documents=30, commits=120)
    log = subprocess.run(
        ["git", "rev-list", "--count", "HEAD"], cwd=bank.parent, capture_output=True, text=True
    )
    assert log.stdout.strip() == "120"
    texts = [path.read_text() for path in bank.rglob("*.md") if path.name != "dependencies.md"]
    assert all("- **Describes:** `src/" in text for text in texts)
    assert any("**Last Updated:**" not in text for text in texts)  # some are undated
    codes = {d.code for d in check(bank).diagnostics}
    assert "MB311" in codes
