"""Bank profiles (DESIGN §3): detection, convention edges, impact, workflow keys, configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mbtool.api import analyse, check, impact
from mbtool.cli import run
from mbtool.errors import ConfigError
from mbtool.graph import EdgeKind
from mbtool.model import RelationKind
from mbtool.profiles import orient, stage
from tests.banks import write_files
from tests.conftest import FIXTURES

PROFILES = FIXTURES / "profiles"

CLINE_CONVENTIONS = {
    ("activeContext.md", "productContext.md"),
    ("activeContext.md", "systemPatterns.md"),
    ("activeContext.md", "techContext.md"),
    ("productContext.md", "projectbrief.md"),
    ("progress.md", "activeContext.md"),
    ("systemPatterns.md", "projectbrief.md"),
    ("techContext.md", "projectbrief.md"),
}


def _bank(name: str) -> Path:
    return PROFILES / name / "memory-bank"


def _edges(name: str, kind: EdgeKind) -> set[tuple[str, str]]:
    graph = analyse(_bank(name)).graph
    return {(edge.source, edge.target) for edge in graph.edges() if kind in edge.kinds}


def _impacted(name: str, target: str) -> set[str]:
    return {item.id for item in impact(_bank(name), target).impacted}


@pytest.mark.parametrize("name", ["cline", "roo", "cursor"])
def test_each_fixture_is_detected_and_clean(name: str) -> None:
    result = check(_bank(name))
    assert result.profile == name and result.profile_origin.startswith("detected")
    assert result.diagnostics == [] and result.hints == ()


def test_plain_cline_bank_has_the_hierarchy_as_convention_edges() -> None:
    assert _edges("cline", EdgeKind.CONVENTION) == CLINE_CONVENTIONS
    assert _edges("cline", EdgeKind.DECLARED) == set()
    assert _impacted("cline", "projectbrief.md") == {
        "productContext.md",
        "systemPatterns.md",
        "techContext.md",
        "activeContext.md",
        "progress.md",
    }
    assert _impacted("cline", "activeContext.md") == {"progress.md"}


def test_roo_bank() -> None:
    assert _edges("roo", EdgeKind.CONVENTION) == {
        ("activeContext.md", "productContext.md"),
        ("decisionLog.md", "productContext.md"),
        ("systemPatterns.md", "productContext.md"),
        ("progress.md", "activeContext.md"),
        ("sessionLog.md", "activeContext.md"),
    }
    assert _impacted("roo", "productContext.md") == {
        "activeContext.md",
        "decisionLog.md",
        "systemPatterns.md",
        "progress.md",
        "sessionLog.md",
    }


def test_cursor_bank_reads_metadata_keys_in_the_direction_of_the_workflow() -> None:
    declared = _edges("cursor", EdgeKind.DECLARED)
    assert declared == {
        ("activeContext.md", "alerts-plan.md"),  # Related Plan: the focus follows the plan
        ("creative/creative-alert-rules.md", "alerts-plan.md"),
        ("reflection/reflection-sensor-read.md", "creative/creative-alert-rules.md"),
        ("archive/archive-sensor-read.md", "reflection/reflection-sensor-read.md"),  # Related Reflection
        ("archive/archive-sensor-read.md", "archive/archive-board-setup.md"),  # Predecessor Archive
        ("archive/archive-board-setup.md", "archive/archive-first-wiring.md"),  # Supersedes
        # tasks.md and progress.md point at the records made from them: required by them.
        ("archive/archive-sensor-read.md", "tasks.md"),
        ("reflection/reflection-sensor-read.md", "tasks.md"),
        ("archive/archive-sensor-read.md", "progress.md"),
        ("reflection/reflection-sensor-read.md", "progress.md"),
    }
    # `Archive Document` naming the record itself is no self-dependency (MB204)
    assert not [d for d in check(PROFILES / "cursor" / "memory-bank").diagnostics if d.code == "MB204"]
    conventions = _edges("cursor", EdgeKind.CONVENTION)
    assert conventions >= CLINE_CONVENTIONS
    assert {
        ("creative/creative-alert-rules.md", "tasks.md"),
        ("archive/archive-first-wiring.md", "tasks.md"),
    } <= (conventions)
    assert _impacted("cursor", "tasks.md") == {
        "progress.md",
        "creative/creative-alert-rules.md",
        "reflection/reflection-sensor-read.md",
        "archive/archive-sensor-read.md",
        "archive/archive-board-setup.md",
        "archive/archive-first-wiring.md",
    }


def test_related_tasks_stays_text_and_plain_keys_are_not_relations(tmp_path: Path) -> None:
    bank = analyse(_bank("cursor")).bank
    keys = {relation.key for document in bank.documents.values() for relation in document.relations}
    assert "Related Tasks" not in keys and "Task ID" not in keys


def test_a_cursor_bank_with_only_workflow_relations_gets_the_mb102_hint(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "mbtool.toml": 'profile = "cursor"\n',
            "memory-bank/tasks.md": "# Tasks\n\n- [x] board\n",
            "memory-bank/best-practices.md": "# Best practices\n\nKeep it short.\n",
            "memory-bank/reflection/reflection-board.md": "# Reflection: board\n",
            "memory-bank/archive/archive-board.md": "# Archive: board\n\n## METADATA\n\n"
            "- **Related Reflection**: `memory-bank/reflection/reflection-board.md`\n",
        },
    )
    result = check(tmp_path / "memory-bank")
    assert not [d for d in result.diagnostics if d.code == "MB102"]
    assert any(code == "MB102" for code, _ in result.hints)


@pytest.mark.parametrize(
    ("source", "target", "kind"),
    [
        ("archive/archive-a.md", "reflection/reflection-a.md", RelationKind.DEPENDS_ON),
        ("archive/archive-b.md", "archive/archive-a.md", RelationKind.DEPENDS_ON),
        ("reflection/reflection-a.md", "archive/archive-a.md", RelationKind.REQUIRED_BY),
        ("tasks.md", "archive/archive-a.md", RelationKind.REQUIRED_BY),
        ("activeContext.md", "feature-plan.md", RelationKind.DEPENDS_ON),
        ("feature-plan.md", "creative/creative-a.md", RelationKind.REQUIRED_BY),
        ("reflection/reflection-a.md", "tasks.md", RelationKind.DEPENDS_ON),
    ],
)
def test_orient(source: str, target: str, kind: RelationKind) -> None:
    assert orient(source, target) is kind
    assert stage("creative-x.md") == 2 and stage("notes/x.md") == 0


def _project(root: Path, config: str, files: dict[str, str]) -> Path:
    write_files(root, {"mbtool.toml": config, **{f"memory-bank/{k}": v for k, v in files.items()}})
    return root / "memory-bank"


CLINE_FILES = {name: f"# {name}\n" for name in ("projectbrief.md", "productContext.md", "progress.md")}


def test_profile_none_and_the_deprecated_core_files_alias(tmp_path: Path) -> None:
    none = check(_project(tmp_path / "a", 'profile = "none"\n', CLINE_FILES))
    assert none.profile == "none" and none.profile_origin == "configured"
    assert {d.code for d in none.diagnostics} == {"MB210"}  # no conventions: three orphans
    assert [code for code, _ in none.hints] == ["MB102"]  # and no declarations at all
    alias = check(_project(tmp_path / "b", 'core-files = "roo"\n', CLINE_FILES))
    assert alias.profile == "roo"
    assert [d.path for d in alias.diagnostics if d.code == "MB101"] == ["activeContext.md", "decisionLog.md"]


def test_a_custom_profile(tmp_path: Path) -> None:
    config = (
        'profile = "studio"\n[profiles.studio]\nextends = "cline"\ncore-files = ["overview.md"]\n'
        'depends-on = ["Builds On"]\n[profiles.studio.conventions]\n"notes/*" = ["overview.md"]\n'
    )
    bank = _project(
        tmp_path,
        config,
        {
            "overview.md": "# Overview\n",
            "notes/a.md": "# A\n",
            "notes/b.md": "# B\n\n- **Builds On:** ../overview.md\n- **Required By:** ../notes/a.md\n",
        },
    )
    graph = analyse(bank).graph
    assert {(e.source, e.target) for e in graph.edges() if EdgeKind.CONVENTION in e.kinds} == {
        ("notes/a.md", "overview.md"),
        ("notes/b.md", "overview.md"),
    }
    assert graph.edge("notes/b.md", "overview.md").declared
    result = check(bank)
    assert result.profile == "studio" and not [d for d in result.diagnostics if d.code == "MB101"]


def test_an_unknown_profile_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = _project(tmp_path, 'profile = "clien"\n', CLINE_FILES)
    with pytest.raises(ConfigError, match=r"unknown profile `clien`.*cline"):
        analyse(bank)
    assert run(["check", str(bank)]) == 2
    assert "known profiles" in capsys.readouterr().err


def test_the_profile_is_named_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(_bank("roo"))]) == 0
    assert "Profile: roo (detected: decisionLog.md and no projectbrief.md)" in capsys.readouterr().out
    assert run(["check", str(_bank("cursor")), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "cursor"


def test_a_folder_without_core_files_gets_no_profile(tmp_path: Path) -> None:
    bank = _project(tmp_path, "", {"notes.md": "# Notes\n"})
    result = check(bank)
    assert result.profile == "none" and not [d for d in result.diagnostics if d.code == "MB101"]
