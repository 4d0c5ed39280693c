"""`mbtool impact --since REF`: the union of the impacts of the bank documents changed since REF.

A real git repository is built in a temporary folder, with the bank in a subfolder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

import mbtool
from mbtool import git as gitinfo
from mbtool.cli import run
from tests.banks import document
from tests.banks import write_files as write_bank

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BANK = "docs/bank"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """core ← api ← guide, notes alone, the map over all; committed, cwd at the repository top."""
    repo = tmp_path / "repo"
    write_bank(
        repo / BANK,
        {
            "core.md": document("Core"),
            "api.md": document("API", ["core.md (the data model)"]),
            "guide.md": document("Guide", ["api.md"]),
            "notes.md": document("Notes"),
            "dependencies.md": "# Dependency Map\n",
        },
    )
    (repo / "README.md").write_text("# Project\n", encoding="utf-8")
    (repo / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    git(repo, "init", "--quiet")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "add", ".")
    git(repo, "commit", "--quiet", "-m", "bank")
    monkeypatch.chdir(repo)
    return repo


def edit(repo: Path, name: str) -> None:
    path = repo / BANK / name
    path.write_text(path.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")


def since_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert run(["impact", "--bank", BANK, "--format", "json", *argv]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def rows(data: dict[str, Any]) -> list[tuple[str, int, list[str], list[str]]]:
    return [(i["id"], i["distance"], i["path"], i["changed_by"]) for i in data["impacted"]]


def test_two_edited_documents_report_the_union_with_attributions(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "core.md")
    edit(repo, "notes.md")
    (repo / "README.md").write_text("changed outside the bank\n", encoding="utf-8")
    data = since_json(capsys, "--since", "HEAD")
    assert data["since"] == "HEAD"
    assert data["changed"] == ["core.md", "notes.md"]
    assert "target" not in data
    assert rows(data) == [
        ("api.md", 1, ["core.md", "api.md"], ["core.md"]),
        ("dependencies.md", 1, ["core.md", "dependencies.md"], ["core.md", "notes.md"]),
        ("guide.md", 2, ["core.md", "api.md", "guide.md"], ["core.md"]),
    ]


def test_committed_staged_and_untracked_changes_all_count(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "guide.md")
    git(repo, "commit", "--quiet", "-am", "guide")  # committed after the ref
    edit(repo, "notes.md")
    git(repo, "add", f"{BANK}/notes.md")  # staged only
    write_bank(repo / BANK, {"extra.md": document("Extra", ["notes.md"]), "ignored.md": "# Ignored\n"})
    data = since_json(capsys, "--since", "HEAD~1")
    assert data["changed"] == ["extra.md", "guide.md", "notes.md"]  # ignored.md is git-ignored
    assert rows(data) == [
        ("dependencies.md", 1, ["extra.md", "dependencies.md"], ["extra.md", "guide.md", "notes.md"]),
        ("extra.md", 1, ["notes.md", "extra.md"], ["notes.md"]),
    ]


def test_nothing_changed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert since_json(capsys, "--since", "HEAD") == {"since": "HEAD", "changed": [], "impacted": []}
    assert run(["impact", "--bank", BANK, "--since", "HEAD"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "changed since HEAD: no document of the bank"


def test_upstream_and_depth_apply_to_every_changed_document(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(repo, "guide.md")
    edit(repo, "notes.md")
    data = since_json(capsys, "--since", "HEAD", "--upstream", "--depth", "1")
    assert data["direction"] == "upstream"
    assert rows(data) == [("api.md", 1, ["guide.md", "api.md"], ["guide.md"])]


def test_text_and_markdown_name_the_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "core.md")
    edit(repo, "notes.md")
    assert run(["impact", "--bank", BANK, "--since", "HEAD"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "changed since HEAD: core.md, notes.md",
        "core.md",
        "├── api.md  [document, distance 1] (the data model)",
        "│   └── guide.md  [document, distance 2]",
        "└── dependencies.md  [map, distance 1] (implicit: the map lists every document)"
        "  via core.md, notes.md",
        "notes.md",
        "3 nodes impacted (2 document, 1 map)",
    ]
    assert run(["impact", "--bank", BANK, "--since", "HEAD", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "### Impact of changes since `HEAD`: `core.md`, `notes.md`"
    assert lines[2] == "| Node | Kind | Distance | Why | Changed by |"
    assert "| `dependencies.md` | map | 1 | `core.md` → `dependencies.md` | `core.md`, `notes.md` |" in lines


def test_library_call_matches_the_cli(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "api.md")
    assert mbtool.impact(BANK, since="HEAD").model_dump() == since_json(capsys, "--since", "HEAD")


def test_bad_ref_exits_2_with_one_line(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for ref in ("no-such-branch", "--output=x"):
        assert run(["impact", "--bank", BANK, f"--since={ref}"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and f"`{ref}`" in err and "Traceback" not in err


def test_outside_a_repository_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    write_bank(tmp_path / "plain" / "memory-bank", {"a.md": document("A")})
    monkeypatch.chdir(tmp_path / "plain")
    assert run(["impact", "--since", "HEAD"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not inside a git repository" in err


def test_changed_since_maps_repository_paths_to_the_folder(repo: Path) -> None:
    edit(repo, "api.md")
    (repo / "README.md").write_text("changed\n", encoding="utf-8")
    (repo / BANK / "sub").mkdir()
    (repo / BANK / "sub" / "new file.md").write_text("# New\n", encoding="utf-8")
    (repo / BANK / "notes.md").unlink()
    assert gitinfo.changed_since(repo / BANK, "HEAD") == ["api.md", "notes.md", "sub/new file.md"]
    assert gitinfo.changed_since(repo, "HEAD") == [
        "README.md",
        f"{BANK}/api.md",
        f"{BANK}/notes.md",
        f"{BANK}/sub/new file.md",
    ]
