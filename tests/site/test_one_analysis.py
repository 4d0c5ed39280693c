"""`mbtool build` analyses the bank once: one load, one check, one graph, one read per file.

The CLI checks the bank and hands the same `Analysis` to the MkDocs plugin in-process, so
neither the plugin nor the site generator reads, parses or checks anything again.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import mbtool.analysis
import mbtool.api
import mbtool.checks.engine
import mbtool.reading.bank
import mbtool.site.plugin
from mbtool.cli import run
from tests.conftest import ROOT


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    seen: Counter[str] = Counter()

    def counting(name: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            seen[name] += 1
            return real(*args, **kwargs)

        return wrapper

    real_read = mbtool.reading.bank.read_file

    def reading(path: Path) -> bytes | str:
        seen[f"read:{path.name}"] += 1
        return real_read(path)

    monkeypatch.setattr(mbtool.reading.bank, "read_file", reading)
    monkeypatch.setattr(mbtool.api, "load_bank", counting("load", mbtool.api.load_bank))
    monkeypatch.setattr(mbtool.site.plugin, "load_bank", counting("load", mbtool.site.plugin.load_bank))
    monkeypatch.setattr(mbtool.analysis, "build_graph", counting("graph", mbtool.analysis.build_graph))
    # One SuppressionUse is made per check actually computed (a memoised result makes none).
    monkeypatch.setattr(
        mbtool.checks.engine, "SuppressionUse", counting("check", mbtool.checks.engine.SuppressionUse)
    )
    return seen


def test_build_reads_loads_checks_and_graphs_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counts: Counter[str]
) -> None:
    project = tmp_path / "project"

    def skipped(folder: str, names: list[str]) -> set[str]:
        top = {"site"} if Path(folder) == ROOT else set()
        return {
            name
            for name in names
            if name in top or name in (".git", ".venv") or "cache" in name or name == "out"
        }

    shutil.copytree(ROOT, project, ignore=skipped)
    monkeypatch.chdir(project)
    assert run(["build", "--no-cache", "--site-dir", str(tmp_path / "out")]) == 0
    documents = sorted(path.name for path in (project / "memory-bank").rglob("*.md"))
    assert counts["load"] == 1
    assert counts["check"] == 1
    assert counts["graph"] == 1
    assert {name: counts[f"read:{name}"] for name in documents} == dict.fromkeys(documents, 1)
