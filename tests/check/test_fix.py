"""`--fix`: golden before/after per writing style, idempotence, safety of the writes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mbtool.api import check, load
from mbtool.checks.diagnostics import TextEdit
from mbtool.checks.fix.apply import apply_to_text
from mbtool.checks.fix.source import Source
from mbtool.cli import run
from tests.check.helpers import CHECK_FIXTURES, TODAY, copy_case, snapshot

FIX = CHECK_FIXTURES / "fix"


def test_fix_writes_each_style_as_pinned(tmp_path: Path) -> None:
    """Nested, inline, heading and front-matter lists; a new key; a new section; CRLF; no EOL."""
    work = copy_case(FIX / "before", tmp_path / "case")
    result = check(work / "memory-bank", today=TODAY, fix=True)
    assert snapshot(work) == snapshot(FIX / "after")
    assert [d.code for d in result.diagnostics] == ["MB001"]  # broken.md: reported, never written
    # 15 announced (MB201 ./Other.md, 14 MB202); renaming Other.md uncovers typo.md's MB202.
    assert sum(result.fixed.values()) == 15 and result.uncovered == 1


def test_second_fix_changes_nothing(tmp_path: Path) -> None:
    work = copy_case(FIX / "after", tmp_path / "case")
    before = snapshot(work)
    result = check(work / "memory-bank", today=TODAY, fix=True)
    assert result.fixed == {} and snapshot(work) == before


def test_fix_keeps_crlf_and_missing_final_newline(tmp_path: Path) -> None:
    work = copy_case(FIX / "before", tmp_path / "case")
    check(work / "memory-bank", today=TODAY, fix=True)
    crlf = (work / "memory-bank" / "crlf.md").read_bytes()
    assert crlf.count(b"\r\n") == crlf.count(b"\n") == 3
    assert not (work / "memory-bank" / "noeol.md").read_bytes().endswith(b"\n")


def test_fix_loses_no_original_line(tmp_path: Path) -> None:
    work = copy_case(FIX / "before", tmp_path / "case")
    originals = snapshot(work)
    check(work / "memory-bank", today=TODAY, fix=True)
    for name, raw in originals.items():
        if name.endswith("sentinel.md"):
            continue  # `Depends On: None — …` is replaced by design
        new_lines = (work / name).read_bytes().decode().splitlines()
        for line in raw.decode().splitlines():
            assert any(_kept_in(line.rstrip().lower(), new.lower()) for new in new_lines), (name, line)


def _kept_in(old: str, new: str) -> bool:
    """`old` survives in `new` with only insertions (MB201 may change letter case)."""
    remaining = iter(new)
    return all(char in remaining for char in old)


def test_fix_via_cli_reports_what_it_fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = copy_case(FIX / "before", tmp_path / "case")
    assert run(["check", str(work / "memory-bank"), "--fix", "--today", "2026-06-01"]) == 1
    out = capsys.readouterr().out
    assert check(FIX / "before" / "memory-bank", today=TODAY).fixable == 15  # as announced
    assert (
        "Fixed 15 problems in 15 files, and 1 more that those fixes uncovered" in out and "MB202" not in out
    )


def test_rename_only_with_a_single_case_insensitive_match(tmp_path: Path) -> None:
    bank = tmp_path / "memory-bank"
    (bank / "notes").mkdir(parents=True)
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n')
    (bank / "a.md").write_text("# A\n\n- **Depends On:** PLAN.md, Progress.md\n")
    (bank / "plan.md").write_text("# P\n")
    (bank / "notes" / "plan.md").write_text("# P2\n")
    (bank / "progress.md").write_text("# Progress\n\n- **Required By:** a.md\n")
    found = {
        d.message.split("`")[1]: d.fix for d in check(bank, today=TODAY).diagnostics if d.code == "MB201"
    }
    assert found["PLAN.md"] is None  # two documents match
    fix = found["Progress.md"]
    assert fix is not None and fix.edits[0].new_text == "progress.md"
    check(bank, today=TODAY, fix=True)
    assert (bank / "a.md").read_text() == "# A\n\n- **Depends On:** PLAN.md, progress.md\n"


def test_fix_keeps_permissions(tmp_path: Path) -> None:
    work = copy_case(FIX / "before", tmp_path / "case")
    target = work / "memory-bank" / "inline.md"
    target.chmod(0o640)
    check(work / "memory-bank", today=TODAY, fix=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_fix_skips_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    from mbtool.analysis import Analysis
    from mbtool.checks.engine import run_check
    from mbtool.checks.fix.apply import apply_fixes

    work = copy_case(FIX / "before", tmp_path / "case")
    bank = load(work / "memory-bank")
    result = run_check(Analysis(bank, today=TODAY))
    (work / "memory-bank" / "inline.md").write_text("# Edited meanwhile\n")
    applied = apply_fixes(bank, result.diagnostics)
    assert "inline.md" not in applied.files and "inline.md" in applied.skipped
    assert (work / "memory-bank" / "inline.md").read_text() == "# Edited meanwhile\n"


def test_check_without_fix_writes_nothing(tmp_path: Path) -> None:
    work = copy_case(FIX / "before", tmp_path / "case")
    before = snapshot(work)
    check(work / "memory-bank", today=TODAY)
    assert snapshot(work) == before


def edit(line: int, column: int, end_line: int, end_column: int, text: str) -> TextEdit:
    return TextEdit(
        path="x.md",
        start_line=line,
        start_column=column,
        end_line=end_line,
        end_column=end_column,
        new_text=text,
    )


def test_apply_merges_identical_edits_and_refuses_overlaps() -> None:
    source = Source("x.md", "one\ntwo\nthree\n")
    same = [edit(2, 3, 2, 3, "!")]
    overlapping = [edit(2, 1, 2, 4, "TWO")]
    touching = [edit(1, 1, 1, 4, "ONE")]
    text, count = apply_to_text(source, [same, same, overlapping, touching])
    assert (text, count) == ("ONE\ntw!o\nthree\n", 3)
    point_conflict = apply_to_text(source, [[edit(3, 1, 3, 1, "a")], [edit(3, 1, 3, 1, "b")]])
    assert point_conflict == ("one\ntwo\nathree\n", 1)


def test_apply_line_edits_and_crlf() -> None:
    source = Source("x.md", "one\r\ntwo\r\nthree\r\n")
    replace = TextEdit(path="x.md", start_line=2, end_line=2, new_text="2\n")
    insert = TextEdit(path="x.md", start_line=4, end_line=3, new_text="four\n")
    text, count = apply_to_text(source, [[replace], [insert]])
    assert (text, count) == ("one\r\n2\r\nthree\r\nfour\r\n", 2)
    outside = TextEdit(path="x.md", start_line=9, start_column=5, end_line=9, end_column=5, new_text="x")
    assert apply_to_text(source, [[outside]])[1] == 1  # past the end clamps to the end of text
