"""`mbtool init`: six core files wired both ways, dated footers, a fresh map, nothing overwritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mbtool.api import check, graph_json, load
from mbtool.cli import run
from mbtool.mapdoc.init import CORE

CORE_FILES = {
    "projectbrief.md",
    "productContext.md",
    "systemPatterns.md",
    "techContext.md",
    "activeContext.md",
    "progress.md",
}
HIERARCHY = {
    ("productContext.md", "projectbrief.md"),
    ("systemPatterns.md", "projectbrief.md"),
    ("techContext.md", "projectbrief.md"),
    ("activeContext.md", "productContext.md"),
    ("activeContext.md", "systemPatterns.md"),
    ("activeContext.md", "techContext.md"),
    ("progress.md", "activeContext.md"),
}


def init(folder: Path, *extra: str) -> int:
    return run(["init", str(folder), "--today", "2026-03-01", *extra])


def test_init_creates_the_core_files_and_a_fresh_map(tmp_path: Path) -> None:
    (tmp_path / "mbtool.toml").write_text("")
    bank = tmp_path / "memory-bank"
    assert init(bank) == 0
    assert {path.name for path in bank.iterdir()} == CORE_FILES | {"dependencies.md"}
    assert run(["map", str(bank), "--check"]) == 0
    assert {template.name for template in CORE} == CORE_FILES


def test_hierarchy_is_declared_on_both_sides(tmp_path: Path) -> None:
    init(tmp_path / "bank")
    edges = [edge for edge in graph_json(load(tmp_path / "bank"))["edges"] if edge["kind"] == "declared"]
    assert {(edge["source"], edge["target"]) for edge in edges} == HIERARCHY
    assert all(edge["declared_by"] == ["dependency", "dependent"] for edge in edges)


def test_footers_are_dated_and_reviews_are_ninety_days_ahead(tmp_path: Path) -> None:
    init(tmp_path / "bank")
    bank = load(tmp_path / "bank")
    for name in CORE_FILES:
        document = bank.documents[name]
        assert document.problems == ()
        updated, review = document.meta("Last Updated"), document.meta("Next Review")
        assert updated is not None and updated.date == dt.date(2026, 3, 1)
        assert review is not None and review.date == dt.date(2026, 5, 30)
        assert document.meta("Status") is not None
        assert document.text("Why This Order")


def test_existing_files_are_kept_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "bank"
    bank.mkdir()
    (bank / "progress.md").write_text("# My progress\n")
    assert init(bank) == 0
    assert (bank / "progress.md").read_text() == "# My progress\n"
    assert "kept bank/progress.md (it exists; pass --force to overwrite)" in capsys.readouterr().out
    assert init(bank, "--force") == 0
    assert "**Depends On:** [activeContext.md](activeContext.md)" in (bank / "progress.md").read_text()


def test_bad_today_is_a_usage_error(tmp_path: Path) -> None:
    assert run(["init", str(tmp_path / "bank"), "--today", "2026-02-30"]) == 2
    assert not (tmp_path / "bank").exists()


def test_init_defaults_to_the_configured_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mbtool.toml").write_text('bank = "docs/bank"\n')
    monkeypatch.chdir(tmp_path)
    assert run(["init", "--today", "2026-03-01"]) == 0
    assert (tmp_path / "docs" / "bank" / "projectbrief.md").is_file()


def test_init_passes_check_with_no_errors_or_warnings(tmp_path: Path) -> None:
    (tmp_path / "mbtool.toml").write_text("")
    assert run(["init", str(tmp_path / "memory-bank")]) == 0  # dated today, so nothing is overdue
    result = check(tmp_path / "memory-bank")
    assert [
        (d.code, d.path, d.message) for d in result.diagnostics if d.severity in ("error", "warning")
    ] == []
