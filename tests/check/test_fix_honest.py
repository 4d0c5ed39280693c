"""An honest `--fix`: no mirrored cycles, no copies from history, typos replaced, registries left alone."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import check
from tests.banks import write_files
from tests.check.helpers import TODAY


def _bank(root: Path, files: dict[str, str]) -> Path:
    write_files(root, {"mbtool.toml": 'profile = "none"\n'})
    return write_files(root / "memory-bank", files)


def _codes(result: object) -> list[str]:
    return [d.code for d in result.diagnostics]  # type: ignore[attr-defined]


def test_a_cycle_is_reported_not_mirrored(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {"a.md": "# A\n\n- **Depends On:** b.md\n", "b.md": "# B\n\n- **Depends On:** a.md\n"},
    )
    before = check(bank, today=TODAY)
    assert sorted(_codes(before)) == ["MB202", "MB202", "MB203"] and before.fixable == 0
    after = check(bank, today=TODAY, fix=True)
    assert after.fixed == {} and (bank / "a.md").read_text() == "# A\n\n- **Depends On:** b.md\n"


def test_history_is_neither_copied_nor_asked_for(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "live.md": "# Live\n\n- **Depends On:** base.md\n",
            "base.md": "# Base\n\n- **Required By:** live.md\n",
            "archive/old-live.md": "# Old live\n\n- **Depends On:** base.md\n- **Required By:** live.md\n",
            "notes-legacy-2025-01-01.md": "# Notes (legacy)\n\n- **Depends On:** live.md\n",
        },
    )
    result = check(bank, today=TODAY, fix=True)
    assert "MB202" not in _codes(result) and result.fixed == {}
    assert "archive" not in (bank / "base.md").read_text() + (bank / "live.md").read_text()


def test_a_typo_is_replaced_not_joined_by_the_right_name(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "a.md": "# A\n\n- **Depends On:** techContextt.md, b.md\n",
            "b.md": "# B\n\n- **Required By:** a.md\n",
            "techContext.md": "# Tech\n\n- **Required By:** a.md\n",
        },
    )
    before = check(bank, today=TODAY)
    [typo] = [d for d in before.diagnostics if d.code == "MB201"]
    assert typo.fix is not None and not [d for d in before.diagnostics if d.code == "MB202" and d.fix]
    result = check(bank, today=TODAY, fix=True)
    assert (bank / "a.md").read_text() == "# A\n\n- **Depends On:** techContext.md, b.md\n"
    assert result.diagnostics == [] and sum(result.fixed.values()) == before.fixable == 1


def test_a_registry_of_many_entries_is_left_to_the_user(tmp_path: Path) -> None:
    registry = "# Registry\n\n## Parser\n\n- **Depends On:** a.md\n\n## Writer\n\n- **Depends On:** b.md\n"
    bank = _bank(
        tmp_path,
        {
            "registry.md": registry,
            "a.md": "# A\n\n- **Required By:** registry.md\n",
            "b.md": "# B\n\n- **Required By:** registry.md\n",
            "c.md": "# C\n\n- **Required By:** registry.md\n",
        },
    )
    [missing] = [d for d in check(bank, today=TODAY).diagnostics if d.code == "MB202"]
    assert missing.path == "c.md" and missing.fix is None
    check(bank, today=TODAY, fix=True)
    assert (bank / "registry.md").read_text() == registry


def test_a_registry_with_its_own_relations_section_gets_the_entry_there(tmp_path: Path) -> None:
    registry = (
        "# Registry\n\n## Parser\n\n- **Depends On:** a.md\n\n"
        "## Dependencies and Relationships\n\n- **Depends On:** b.md\n"
    )
    bank = _bank(
        tmp_path,
        {
            "registry.md": registry,
            "a.md": "# A\n\n- **Required By:** registry.md\n",
            "b.md": "# B\n\n- **Required By:** registry.md\n",
            "c.md": "# C\n\n- **Required By:** registry.md\n",
        },
    )
    result = check(bank, today=TODAY, fix=True)
    assert sum(result.fixed.values()) == 1
    assert (bank / "registry.md").read_text() == registry.replace("b.md\n", "b.md, c.md\n")
