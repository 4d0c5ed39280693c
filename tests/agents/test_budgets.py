"""Size budgets (MB501, MB502) and the sizes shown to agents (the map, `llms.txt`)."""

from __future__ import annotations

from pathlib import Path

import pytest

import mbtool
from mbtool.checks.rules.budgets import core_files, glob_match, session_start_files
from mbtool.cli import run
from mbtool.reading.tokens import approx, estimate_tokens
from mbtool.site.generate import generate
from tests.banks import doc, write_project
from tests.conftest import ROOT


def findings(bank: Path, code: str) -> list[str]:
    return [f"{d.path}:{d.line}: {d.message}" for d in mbtool.check(bank, select=[code]).diagnostics]


def configure(root: Path, text: str) -> None:
    (root / "mbtool.toml").write_text(text, encoding="utf-8")


def test_the_estimate_is_characters_over_four_rounded_up() -> None:
    assert [estimate_tokens("x" * n) for n in (0, 1, 4, 5, 8)] == [0, 1, 1, 2, 2]
    assert estimate_tokens("é" * 8) == 2  # code points, not bytes
    assert [approx(n) for n in (7, 45, 349, 350, 2323, 9501, 21505)] == [
        "7", "50", "300", "400", "2,000", "10,000", "20,000",
    ]  # fmt: skip


def test_defaults_leave_the_project_bank_alone() -> None:
    assert findings(ROOT / "memory-bank", "MB5") == []


def test_document_budget_counts_estimated_tokens_and_names_the_line(tmp_path: Path) -> None:
    bank = write_project(
        tmp_path, {"long.md": "# Long\n" + "word " * 30 + "\nend\n", "short.md": "# Short\n"}
    )
    configure(tmp_path, 'core-files = "none"\ndocument-budget = 30\n')
    text = (bank / "long.md").read_text(encoding="utf-8")
    assert findings(bank, "MB501") == [
        f"long.md:1: `long.md` is about {estimate_tokens(text)} tokens, over the document budget of 30"
        " (`document-budget`); the budget runs out at line 2"
    ]
    configure(tmp_path, 'core-files = "none"\ndocument-budget = 100\n')
    assert findings(bank, "MB501") == []


def test_the_generated_map_is_exempt_from_the_document_budget(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {f"d{n}.md": doc(f"D{n}") for n in range(12)})
    configure(tmp_path, 'core-files = "none"\ndocument-budget = 200\n')
    assert run(["map", str(bank)]) == 0
    assert estimate_tokens((bank / "dependencies.md").read_text(encoding="utf-8")) > 200
    assert findings(bank, "MB501") == []


def test_session_start_files_are_the_core_files_then_always_read(tmp_path: Path) -> None:
    bank = write_project(
        tmp_path,
        {
            "project-brief.md": doc("Brief"),
            "archive/projectbrief.md": doc("Old brief"),
            "progress.md": doc("Progress"),
            "topics/deploy.md": doc("Deploy"),
            "topics/deep/old.md": doc("Old"),
            "rules/a/b/c.md": doc("C"),
        },
    )
    configure(tmp_path, 'always-read = ["topics/*.md", "rules/**/*.md", "progress.md"]\n')
    analysis = mbtool.analyse(bank)
    assert core_files(analysis) == ["project-brief.md", "progress.md"]  # the shallowest variant wins
    assert session_start_files(analysis) == [
        "project-brief.md",
        "progress.md",
        "topics/deploy.md",
        "rules/a/b/c.md",
    ]


def test_glob_match_keeps_star_inside_a_folder() -> None:
    assert glob_match(["topics", "a.md"], ["topics", "*.md"])
    assert not glob_match(["topics", "x", "a.md"], ["topics", "*.md"])
    assert glob_match(["topics", "x", "y", "a.md"], ["topics", "**", "*.md"])
    assert glob_match(["topics", "a.md"], ["topics", "**", "*.md"])


def test_bank_budget_adds_up_the_session_start_files(tmp_path: Path) -> None:
    big = doc("Active", extra="Notes. " * 200)
    bank = write_project(tmp_path, {"activeContext.md": big, "progress.md": doc("Progress"), "other.md": big})
    configure(tmp_path, "bank-budget = 300\n")
    sizes = {
        name: estimate_tokens((bank / name).read_text(encoding="utf-8"))
        for name in ("activeContext.md", "progress.md")
    }
    total = sum(sizes.values())
    assert findings(bank, "MB502") == [
        f"activeContext.md:1: the 2 files agents read at session start total about {total:,} tokens,"
        f" over the bank budget of 300 (`bank-budget`): `activeContext.md` {sizes['activeContext.md']:,},"
        f" `progress.md` {sizes['progress.md']:,}"
    ]
    configure(tmp_path, "bank-budget = 5000\n")
    assert findings(bank, "MB502") == []


@pytest.mark.parametrize("setting", ["document-budget = 0", "bank-budget = -1", 'always-read = "x.md"'])
def test_bad_budget_settings_are_configuration_errors(tmp_path: Path, setting: str) -> None:
    bank = write_project(tmp_path, {"a.md": doc("A")})
    configure(tmp_path, setting + "\n")
    assert run(["check", str(bank)]) == 2


def test_the_map_shows_each_documents_size(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {"a.md": doc("A", extra="Text. " * 100), "b.md": doc("B", depends="a.md")})
    data = mbtool.map_json(bank)
    nodes = {node["id"]: node for node in data["nodes"]}
    size = estimate_tokens((bank / "a.md").read_text(encoding="utf-8"))
    assert nodes["a.md"]["tokens"] == size
    region = mbtool.map_status(bank).expected
    assert f"- Size — about {approx(size)} tokens" in region
    assert "Size is what reading a document costs" in region


def test_llms_txt_shows_each_documents_size(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {"a.md": doc("Alpha")})
    generated = generate(mbtool.analyse(bank), prefix="memory-bank", site_name="t")
    generated.finalise({"memory-bank/a.md": "memory-bank/a/"})
    size = estimate_tokens((bank / "a.md").read_text(encoding="utf-8"))
    assert f"- [Alpha](memory-bank/a/): `a.md`, about {size} tokens" in generated.late["llms.txt"]
