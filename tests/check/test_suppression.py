"""Suppression comments: file-wide and next-line, prefix matching, and MB901 for unused ones."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import check
from tests.check.helpers import TODAY, lines_of

B = "# B\n\n- **Depends On:** None\n\n---\n\n**Last Updated:** 2026-01-01\n"


def bank_with(tmp_path: Path, a: str, config: str = "") -> Path:
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n' + config)
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (bank / "a.md").write_text(a)
    (bank / "b.md").write_text(B)
    return bank


def test_next_line_silences_only_the_next_line(tmp_path: Path) -> None:
    a = (
        "# A\n\n<!-- mbtool: disable-next-line=MB201 -->\n"
        "- **Depends On:** b.md, nope.md\n- **Required By:** gone.md\n"
    )
    found = lines_of(check(bank_with(tmp_path, a), today=TODAY), "MB201")
    assert found == ["a.md:5:20: MB201 `gone.md` is not a document in this memory bank"]


def test_file_wide_by_prefix(tmp_path: Path) -> None:
    a = "# A\n\n- **Depends On:** b.md, nope.md\n\n<!-- mbtool: disable=MB2 -->\n"
    result = check(bank_with(tmp_path, a), today=TODAY)
    assert [d.code for d in result.diagnostics if d.path == "a.md"] == []


def test_unused_suppressions_are_mb901(tmp_path: Path) -> None:
    a = (
        "# A\n\n<!-- mbtool: disable=MB301, MB202 -->\n"
        "<!-- mbtool: disable-next-line=MB201 -->\n- **Depends On:** b.md\n"
    )
    found = lines_of(check(bank_with(tmp_path, a), today=TODAY), "MB901")
    assert found == [
        "a.md:3:1: MB901 suppression `MB301` silences nothing",
        "a.md:4:1: MB901 suppression `MB201` silences nothing",
    ]  # MB202 silenced the one-sided b.md, so it is used


def test_no_mb901_for_rules_that_did_not_run(tmp_path: Path) -> None:
    a = "# A\n\n<!-- mbtool: disable=MB301 -->\n- **Depends On:** b.md\n"
    assert lines_of(check(bank_with(tmp_path, a), today=TODAY, ignore=["MB3"]), "MB901") == []
    (tmp_path / "off").mkdir()
    off = bank_with(tmp_path / "off", a, 'severity = { MB301 = "off" }\n')
    assert lines_of(check(off, today=TODAY), "MB901") == []


def test_mb901_can_itself_be_suppressed(tmp_path: Path) -> None:
    a = "# A\n\n<!-- mbtool: disable=MB301, MB901 -->\n- **Depends On:** b.md\n- **Required By:** b.md\n"
    assert lines_of(check(bank_with(tmp_path, a), today=TODAY), "MB901") == []


def test_suppressed_back_reference_is_not_fixed(tmp_path: Path) -> None:
    """A silenced MB202 is left alone by `--fix`, while the other findings are fixed."""
    a = "# A\n\n<!-- mbtool: disable-next-line=MB202 -->\n- **Depends On:** b.md\n- **Required By:** c.md\n"
    bank = bank_with(tmp_path, a)
    (bank / "c.md").write_text("# C\n\n- **Depends On:** None\n")
    check(bank, today=TODAY, fix=True)
    assert "a.md" not in (bank / "b.md").read_text()
    assert "- **Depends On:** [a.md](a.md)" in (bank / "c.md").read_text()
