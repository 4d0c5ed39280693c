"""Findings a bank's author would not defend: what the rules leave out, and the hints instead."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import analyse, check
from mbtool.graph import EdgeKind
from tests.banks import write_files
from tests.check.helpers import TODAY


def _bank(root: Path, files: dict[str, str], config: str = 'profile = "none"\n') -> Path:
    write_files(root, {"mbtool.toml": config})
    return write_files(root / "memory-bank", files)


def test_names_in_text_are_reference_edges(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "index.md": "# Index\n\n### seg-001.md\n\n- Notes (seg-002.md)\n- Run `tool show seg-003.md`\n",
            "seg-001.md": "# One\n",
            "seg-002.md": "# Two\n",
            "seg-003.md": "# Three\n",
        },
    )
    graph = analyse(bank).graph
    references = {(e.source, e.target) for e in graph.edges() if EdgeKind.REFERENCE in e.kinds}
    assert references == {("index.md", "seg-001.md"), ("index.md", "seg-002.md")}  # a command is an example
    assert [d.path for d in check(bank, today=TODAY).diagnostics if d.code == "MB210"] == ["seg-003.md"]


def test_status_inside_a_log_entry_is_not_metadata(tmp_path: Path) -> None:
    log = (
        "# Active\n\n## Focus\n\nText.\n\n---\n\n[2026-01-01 10:00] - Done\n- item\n**Status:** shipped\n\n"
        "[2026-01-02 10:00] - Next\n- item\n**Status:** planned\n"
    )
    bank = _bank(tmp_path, {"a.md": log})
    assert analyse(bank).bank.documents["a.md"].metadata == ()


def test_the_same_value_twice_is_not_a_duplicate(tmp_path: Path) -> None:
    text = "---\nLast Updated: 2026-01-01\n---\n# A\n\n## Body\n\nx\n\n---\n\n**Last Updated:** 2026-01-01\n"
    bank = _bank(tmp_path, {"a.md": text})
    assert not [d for d in check(bank, today=TODAY).diagnostics if d.code == "MB104"]


def test_a_bank_that_declares_nothing_gets_one_mb102_hint(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "a.md": "# A\n\n- **Dependencies:** TASK-12\n",
            "b.md": "# B\n\nSee a.md.\n",
            "c.md": "# C\n\nSee b.md.\n",
        },
    )
    result = check(bank, today=TODAY)
    assert not [d for d in result.diagnostics if d.code == "MB102"]
    [hint] = [message for code, message in result.hints if code == "MB102"]
    assert hint.startswith("no document in this bank declares a relation to another document")
    assert len([d for d in check(bank, today=TODAY, select=["MB102"]).diagnostics if d.code == "MB102"]) == 2


def test_templates_and_agent_files_are_not_memory_documents(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path,
        {
            "a.md": "# A\n\n- **Depends On:** None\n",
            "templates/issue.md": "# Issue template\n\nPaths like `src/<module>/x.py`.\n",
            "review.prompt.md": "---\nmode: agent\n---\n# Review\n\nCheck `next.config.js`.\n",
        },
        config='profile = "none"\n',
    )
    (tmp_path / ".git").mkdir()
    assert {d.path for d in check(bank, today=TODAY).diagnostics} == {"a.md"}  # an orphan itself


def test_a_cursor_code_citation_fence_is_not_malformed(tmp_path: Path) -> None:
    bank = _bank(
        tmp_path, {"a.md": "# A\n\n```12:30:src/app.ts\nconst x = 1;\n```\n\n```bash notest\nls\n```\n"}
    )
    assert [d.line for d in check(bank, today=TODAY).diagnostics if d.code == "MB403"] == [7]


def test_a_suppression_of_a_collapsed_finding_is_used(tmp_path: Path) -> None:
    files = {f"d{n}.md": f"# D{n}\n" for n in range(5)}
    files["d0.md"] = "<!-- mbtool: disable=MB102 -->\n# D0\n"
    result = check(_bank(tmp_path, files), today=TODAY)
    assert [code for code, _ in result.hints] == ["MB102", "MB210"]
    assert not [d for d in result.diagnostics if d.code in ("MB102", "MB901")]
