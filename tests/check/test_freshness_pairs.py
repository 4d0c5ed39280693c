"""MB302 compares like with like and leaves history alone; MB301 skips archived documents."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import check
from tests.banks import write_files
from tests.check.helpers import TODAY


def _bank(root: Path, files: dict[str, str]) -> Path:
    write_files(root, {"mbtool.toml": 'profile = "none"\n'})
    return write_files(root / "memory-bank", files)


def _doc(title: str, relations: str, footer: str) -> str:
    return f"# {title}\n\n{relations}\n\n---\n\n{footer}\n"


def _suspects(bank: Path) -> list[str]:
    return [d.path for d in check(bank, today=TODAY).diagnostics if d.code == "MB302"]


def test_dates_are_compared_with_dates(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "a.md": _doc("A", "- **Depends On:** b.md", "**Last Updated:** 2026-01-01"),
            "b.md": _doc("B", "- **Required By:** a.md", "**Last Updated:** 2026-02-01"),
        },
    )
    assert _suspects(bank) == ["a.md"]


def test_a_date_is_not_compared_with_a_commit(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "a.md": _doc("A", "- **Depends On:** b.md", "**Status:** Active"),
            "b.md": _doc("B", "- **Required By:** a.md", "**Last Updated:** 2026-02-01"),
        },
    )
    assert _suspects(bank) == []


def test_history_is_neither_side_of_a_pair(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "archive/a-2025.md": _doc("A", "- **Depends On:** ../b.md", "**Last Updated:** 2025-01-01"),
            "c.md": _doc(
                "C", "- **Depends On:** b.md", "**Last Updated:** 2025-01-01\n**Status:** Superseded by d.md"
            ),
            "b.md": _doc(
                "B", "- **Required By:** c.md", "**Last Updated:** 2026-02-01\n**Next Review:** 2026-03-01"
            ),
            "old-notes-legacy.md": _doc("Old", "- **Depends On:** b.md", "**Next Review:** 2025-01-01"),
        },
    )
    result = check(bank, today=TODAY)
    assert not [d for d in result.diagnostics if d.code == "MB302"]
    assert [d.path for d in result.diagnostics if d.code == "MB301"] == ["b.md"]
