"""Acceptance on real banks: the seed's origin bank, every corpus, and the project's own bank."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.api import check
from mbtool.cli import run
from tests.check.helpers import TODAY, copy_case, snapshot
from tests.conftest import CORPUS_NAMES, ROOT, corpus

LUXCIUM = "Luxcium__vigilant-codex-k3a"
# The one-sided document pairs of the seed's bank. Its `dependencies.md` is hand-written
# (no generated region), so it is an ordinary document and its pairs count too.
ONE_SIDED = {
    ("activeContext.md", "productContext.md"),
    ("dependencies.md", "productContext.md"),
    ("dependencies.md", "systemPatterns.md"),
    ("activeContext.md", "systemPatterns.md"),
    ("docker-workflow.md", "activeContext.md"),
    ("docker-workflow.md", "progress.md"),
    ("docker-workflow.md", "systemPatterns.md"),
    ("productContext.md", "systemPatterns.md"),
    ("productContext.md", "techContext.md"),
    ("progress.md", "productContext.md"),
    ("progress.md", "systemPatterns.md"),
    ("systemPatterns.md", "projectbrief.md"),
    ("techContext.md", "systemPatterns.md"),
}


def _pair(message: str) -> tuple[str, str]:
    names = message.split("`")
    return (names[1], names[3]) if "depends on" in message else (names[3], names[1])


def test_seed_bank_one_sided_pairs_and_missing_section() -> None:
    result = check(corpus(LUXCIUM), today=TODAY)
    pairs = [_pair(d.message) for d in result.diagnostics if d.code == "MB202"]
    assert sorted(pairs) == sorted(ONE_SIDED)
    assert len(pairs) >= 12
    # systemPatterns.md declares nothing, but Cline's convention places it: MB202 reports what
    # its missing Required By block costs, MB102 does not (DESIGN §5).
    assert {d.path for d in result.diagnostics if d.code == "MB102"} == {
        "activeContext.log.md",
        "testing-guide.md",
    }


def test_seed_bank_fix(tmp_path: Path) -> None:
    work = copy_case(corpus(LUXCIUM), tmp_path / "bank")
    originals = snapshot(work)
    first = check(work, today=TODAY, fix=True)
    assert not [d for d in first.diagnostics if d.code == "MB202"]
    assert sum(first.fixed.values()) == len(ONE_SIDED)
    for name, raw in originals.items():
        new = (work / name).read_text(encoding="utf-8")
        new_lines = new.splitlines()
        for line in raw.decode("utf-8").splitlines():
            assert line in new_lines or any(_kept_in(line.rstrip(), n) for n in new_lines), (name, line)
    after_first = snapshot(work)
    second = check(work, today=TODAY, fix=True)
    assert second.fixed == {} and snapshot(work) == after_first


def _kept_in(old: str, new: str) -> bool:
    remaining = iter(new)
    return all(char in remaining for char in old)


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_corpus_checks_without_traceback(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in ("text", "json", "github", "sarif"):
        assert run(["check", str(corpus(name)), "--format", fmt, "--today", "2026-06-01"]) in (0, 1)
        assert "Traceback" not in capsys.readouterr().err


def test_project_bank_is_clean(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """DESIGN §2: the project's own bank passes `mbtool check` with no errors and no warnings."""
    monkeypatch.chdir(ROOT)
    code = run(["check", "memory-bank"])
    out = capsys.readouterr().out
    assert code == 0, out
    result = check(ROOT / "memory-bank")
    assert result.summary["error"] == 0 and result.summary["warning"] == 0, out


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_fix_on_every_corpus_adds_no_cycle_and_touches_only_its_own_lines(name: str, tmp_path: Path) -> None:
    """`--fix` on a copy never raises MB203/MB212, changes only the lines its fixes name (an
    original line survives unless an announced fix edits it), and adds only relation text."""
    work = copy_case(corpus(name), tmp_path / name)
    before = check(work, today=TODAY)
    owned = {
        (edit.path, line)
        for d in before.diagnostics
        if d.fix is not None
        for edit in d.fix.edits
        for line in range(edit.start_line, edit.end_line + 1)
    }
    originals = snapshot(work)
    after = check(work, today=TODAY, fix=True)
    assert _cycles(after) <= _cycles(before)
    assert sum(after.fixed.values()) == before.fixable
    for path, raw in originals.items():
        old_lines = raw.decode("utf-8").splitlines()
        new_lines = (work / path).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(old_lines, 1):
            if line not in new_lines and (path, number) not in owned:
                assert any(_kept_in(line.rstrip(), new) for new in new_lines), (path, number, line)
        added = [
            line
            for line in new_lines
            if line not in old_lines and not any(_kept_in(o, line) for o in old_lines)
        ]
        assert all(_relation_text(line) for line in added), (path, added)


def _cycles(result: object) -> int:
    return sum(d.code in ("MB203", "MB212") for d in result.diagnostics)  # type: ignore[attr-defined]


def _relation_text(line: str) -> bool:
    """A line a back-reference fix writes: blank, the section heading, a key, or a list entry."""
    text = line.strip()
    keys = ("Depends On", "Required By", "Dependencies and Relationships")
    return not text or any(key in text for key in keys) or text.startswith(("- ", "* ", "+ "))
