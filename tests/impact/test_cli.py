"""`mbtool impact` through the real CLI, in-process: targets, formats, depth, upstream, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import mbtool
from mbtool.cli import run
from tests.banks import document
from tests.banks import write_files as write_bank

DOCKER_DEPENDENTS = {
    "dependencies.md",
    "Development environment setup",
    "Production deployment procedures",
    "CI/CD pipeline configuration",
}


def impact_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert run(["impact", *argv, "--format", "json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data["impacted"]}


def test_project_bank_docker_workflow_from_project_root(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = impact_json(capsys, "dockerWorkflow.md")
    assert data["target"] == "dockerWorkflow.md"
    assert "direction" not in data
    impacted = by_id(data)
    assert set(impacted) >= DOCKER_DEPENDENTS
    for name in DOCKER_DEPENDENTS:
        assert impacted[name]["distance"] == 1
        assert impacted[name]["path"] == ["dockerWorkflow.md", name]
    assert impacted["dependencies.md"]["kind"] == "map"
    assert impacted["CI/CD pipeline configuration"]["kind"] == "concept"


def test_project_bank_text_tree(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["impact", "dockerWorkflow.md"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "dockerWorkflow.md"
    assert "└── dependencies.md  [map, distance 1] (dependency map)" in lines
    for name in DOCKER_DEPENDENTS - {"dependencies.md"}:
        assert any(line.endswith(f"── {name}  [concept, distance 1]") for line in lines)


def test_text_tree_nests_each_node_under_its_why_path_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bank(
        tmp_path / "memory-bank",
        {
            "base.md": document("Base", required_by=["mid.md (builds on base)"]),
            "mid.md": document("Mid", ["base.md"]),
            "top.md": document("Top", ["mid.md (needs the middle)"]),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert run(["impact", "base.md"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "base.md",
        "└── mid.md  [document, distance 1] (builds on base)",
        "    └── top.md  [document, distance 2] (needs the middle)",
        "2 nodes impacted (2 document)",
    ]


@pytest.mark.parametrize(
    ("cwd", "target"),
    [
        (".", "memory-bank/dockerWorkflow.md"),  # relative to the current directory
        ("memory-bank", "./dockerWorkflow.md"),
        ("memory-bank", "../memory-bank/dockerWorkflow.md"),
        (".", "dockerWorkflow.md"),  # bank-relative
    ],
)
def test_target_spellings(
    project_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    cwd: str,
    target: str,
) -> None:
    monkeypatch.chdir(project_copy / cwd)
    assert impact_json(capsys, target)["target"] == "dockerWorkflow.md"


def test_unique_basename_and_concepts_and_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "run.sh").write_text("echo hi\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.mbtool]\nbank = "memory-bank"\n', encoding="utf-8")
    write_bank(
        tmp_path / "memory-bank",
        {
            "topics/deep.md": document("Deep", ["scripts/run.sh", "Build System"]),
            "other.md": document("Other", ["topics/deep.md"]),
        },
    )
    monkeypatch.chdir(tmp_path)
    assert impact_json(capsys, "deep.md")["target"] == "topics/deep.md"
    concept = impact_json(capsys, "build system")
    assert concept["target"] == "Build System"
    assert [item["id"] for item in concept["impacted"]] == ["topics/deep.md", "other.md"]
    path = impact_json(capsys, "scripts/run.sh")
    assert path["target"] == "scripts/run.sh"
    assert by_id(path)["other.md"]["path"] == ["scripts/run.sh", "topics/deep.md", "other.md"]
    monkeypatch.chdir(tmp_path / "scripts")
    assert impact_json(capsys, "run.sh")["target"] == "scripts/run.sh"


def test_unknown_target_exits_2_with_did_you_mean(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["impact", "dockerWorkflo.md"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "`dockerWorkflo.md`" in err
    assert "did you mean `dockerWorkflow.md`?" in err


def test_ambiguous_basename_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_bank(tmp_path / "memory-bank", {"a/notes.md": document("A"), "b/notes.md": document("B")})
    monkeypatch.chdir(tmp_path)
    assert run(["impact", "notes.md"]) == 2
    assert "a/notes.md, b/notes.md" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["impact"],
        ["impact", "progress.md", "--since", "HEAD"],
        ["impact", "progress.md", "--depth", "0"],
        ["impact", "progress.md", "--depth", "x"],
        ["impact", "progress.md", "--bank", "no-such-bank"],
    ],
)
def test_usage_errors_exit_2(project_copy: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert run(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_depth_and_upstream(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    everything = impact_json(capsys, "projectbrief.md")
    assert max(item["distance"] for item in everything["impacted"]) > 1
    near = impact_json(capsys, "projectbrief.md", "--depth", "1")
    assert near["impacted"] == [item for item in everything["impacted"] if item["distance"] == 1]
    upstream = impact_json(capsys, "dockerWorkflow.md", "--upstream")
    assert upstream["direction"] == "upstream"
    assert by_id(upstream)["projectbrief.md"]["distance"] == 1
    assert not DOCKER_DEPENDENTS & set(by_id(upstream))


def test_the_map_is_impacted_by_every_document(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("progress.md", "techContext.md", "activeContext.md"):
        assert by_id(impact_json(capsys, name))["dependencies.md"]["distance"] == 1
    upstream = by_id(impact_json(capsys, "dependencies.md", "--upstream", "--depth", "1"))
    assert {"progress.md", "projectbrief.md", "dockerWorkflow.md"} <= set(upstream)


def test_library_call_returns_what_the_cli_prints(
    project_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = impact_json(capsys, "projectbrief.md", "--upstream")
    assert mbtool.impact(None, "projectbrief.md", upstream=True).model_dump() == printed
    printed = impact_json(capsys, "systemPatterns.md")
    assert mbtool.impact("memory-bank", "systemPatterns.md").model_dump() == printed


def test_markdown_table(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["impact", "dockerWorkflow.md", "--format", "markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "### Impact of `dockerWorkflow.md`"
    assert lines[2] == "| Node | Kind | Distance | Why |"
    assert "| `dependencies.md` | map | 1 | `dockerWorkflow.md` → `dependencies.md` |" in lines


def test_output_file(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["impact", "dockerWorkflow.md", "--format", "json", "--output", "out/impact.json"]) == 0
    assert capsys.readouterr().out == ""
    written = json.loads((project_copy / "out" / "impact.json").read_text(encoding="utf-8"))
    assert set(by_id(written)) >= DOCKER_DEPENDENTS


def test_impact_never_modifies_the_bank(project_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in (project_copy / "memory-bank").rglob("*") if p.is_file()}
    for fmt in ("text", "json", "markdown"):
        assert run(["impact", "projectbrief.md", "--format", fmt]) == 0
    assert {p: p.read_bytes() for p in (project_copy / "memory-bank").rglob("*") if p.is_file()} == before
