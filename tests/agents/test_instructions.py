"""Instruction files (AGENTS.md, CLAUDE.md and its imports, .clinerules, .cursor/rules, .roo):
references to bank documents that do not exist (MB201), and a second bank folder (MB503)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import mbtool
from mbtool.cli import run
from mbtool.reading.instructions import IMPORT_DEPTH, imports, instruction_files
from tests.banks import doc, write_files, write_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_project(tmp_path, {"progress.md": doc("Progress"), "activeContext.md": doc("Active")})
    return tmp_path


def mb201(root: Path) -> list[str]:
    found = mbtool.check(root / "memory-bank", select=["MB201"]).diagnostics
    return [f"{d.path}:{d.line}:{d.column}: {d.message}" for d in found]


def test_agents_md_naming_a_missing_document(project: Path) -> None:
    write_files(
        project,
        {
            "AGENTS.md": "# Agents\n\nRead memory-bank/progress.md first.\n"
            "Then update `memory-bank/progres.md` and [the context](memory-bank/activeContext.md#focus).\n"
        },
    )
    assert mb201(project) == [
        "../AGENTS.md:4:14: `memory-bank/progres.md` is not a document in this memory bank (`memory-bank/`);"
        " did you mean `memory-bank/progress.md`"
    ]


def test_what_is_not_a_document_reference_is_left_alone(project: Path) -> None:
    write_files(
        project,
        {
            "AGENTS.md": "\n".join(
                [
                    "Archive to memory-bank/archive/activeContext-YYYY-MM-DD.md or memory-bank/notes-XXX.md.",
                    "Globs: memory-bank/**/*.md and memory-bank/*.md; folders: memory-bank/.",
                    "Upstream: https://github.com/o/r/blob/main/memory-bank/gone.md",
                    "Other files: docs/missing.md, README.md, ../elsewhere/memory-bank/x.md",
                    "Templates: memory-bank/reflection/reflection-[feature_id].md",
                ]
            )
            + "\n"
        },
    )
    assert mb201(project) == []


def test_programs_in_fences_are_templates_and_text_fences_are_pointers(project: Path) -> None:
    write_files(
        project,
        {
            ".cursor/rules/framework/verify.mdc": "# Verify\n\n"
            "```bash\ntouch memory-bank/productContext.md\n```\n\n"
            "~~~javascript\nconst files = ['memory-bank/system/systemPatterns.md'];\n~~~\n\n"
            "```\nRead memory-bank/techContext.md first.\n```\n",
        },
    )
    assert mb201(project) == [
        "../.cursor/rules/framework/verify.mdc:12:6: `memory-bank/techContext.md` is not a document in this "
        "memory bank (`memory-bank/`)"
    ]


def test_a_path_in_a_folder_named_like_a_bank_that_does_not_exist(project: Path) -> None:
    write_files(project, {".clinerules": "Keep docs/memory_bank/progress.md current.\n"})
    assert mb201(project) == [
        "../.clinerules:1:6: `docs/memory_bank/progress.md` is not a document in this memory bank"
        " (`memory-bank/`); did you mean `memory-bank/progress.md`"
    ]


def test_every_kind_of_instruction_file_is_read(project: Path) -> None:
    write_files(
        project,
        {
            ".clinerules/01-memory.md": "See memory-bank/a.md\n",
            ".cursor/rules/bank.mdc": "---\nglobs: memory-bank/**\n---\nSee memory-bank/b.md\n",
            ".roo/rules-code/rules.md": "See memory-bank/c.md\n",
            ".github/copilot-instructions.md": "See memory-bank/d.md\n",
            ".claude/CLAUDE.md": "See memory-bank/e.md\n",
            ".clinerules/ignored.json": '{"memory-bank/f.md": 1}\n',
        },
    )
    paths = sorted(line.split(":", 1)[0] for line in mb201(project))
    assert paths == [
        "../.claude/CLAUDE.md",
        "../.clinerules/01-memory.md",
        "../.cursor/rules/bank.mdc",
        "../.github/copilot-instructions.md",
        "../.roo/rules-code/rules.md",
    ]


def test_relative_links_are_read_from_the_instruction_files_folder(project: Path) -> None:
    write_files(
        project, {".clinerules/x.md": "[p](../memory-bank/progress.md) [q](../memory-bank/gone.md)\n"}
    )
    assert [line.split(": ", 1)[1] for line in mb201(project)] == [
        "`../memory-bank/gone.md` is not a document in this memory bank (`memory-bank/`)"
    ]


def test_claude_md_imports_are_followed_but_not_out_of_the_project(project: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.md"
    outside.write_text("memory-bank/from-outside.md\n", encoding="utf-8")
    chain = {
        f"docs/level{n}.md": f"@level{n + 1}.md\nmemory-bank/missing{n}.md\n"
        for n in range(1, IMPORT_DEPTH + 2)
    }
    write_files(
        project,
        {
            "CLAUDE.md": (
                f"@docs/level1.md\n@../{outside.name}\n`@docs/spanned.md`\n\n```\n@docs/fenced.md\n```\n"
            ),
            "docs/spanned.md": "memory-bank/spanned.md\n",
            "docs/fenced.md": "memory-bank/fenced.md\n",
            **chain,
        },
    )
    found = {line.split(":", 1)[0] for line in mb201(project)}
    assert found == {f"../docs/level{n}.md" for n in range(1, IMPORT_DEPTH + 1)}  # five hops, no more
    assert imports("@a.md `@b.md` mail@example.com @~/x.md @/etc/x.md @../up.md") == ["a.md", "../up.md"]


def test_a_symlinked_instruction_file_that_leaves_the_project_is_not_read(
    project: Path, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-agents.md"
    outside.write_text("memory-bank/outside.md\n", encoding="utf-8")
    os.symlink(outside, project / "AGENTS.md")
    assert instruction_files(project) == []
    assert mb201(project) == []


def test_text_output_shows_the_instruction_file_from_the_project_root(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_files(project, {"AGENTS.md": "memory-bank/gone.md\n"})
    monkeypatch.chdir(project)
    assert run(["check", "memory-bank", "--select", "MB201"]) == 1
    assert capsys.readouterr().out.startswith("AGENTS.md:1:1: MB201 `memory-bank/gone.md` is not a document")


def test_a_bank_at_the_project_root_checks_its_files_as_documents(tmp_path: Path) -> None:
    write_files(
        tmp_path, {"mbtool.toml": "", "progress.md": doc("P"), ".clinerules": "gone.md and x/gone.md\n"}
    )
    assert [d.code for d in mbtool.check(tmp_path, select=["MB201"]).diagnostics] == []


# -- MB503 -------------------------------------------------------------------------------------------


def mb503(root: Path) -> list[str]:
    return [
        f"{d.path}: {d.message}" for d in mbtool.check(root / "memory-bank", select=["MB503"]).diagnostics
    ]


def test_a_second_folder_named_like_a_bank(project: Path) -> None:
    write_files(project, {"docs/history/memory-bank/progress.md": doc("Old"), "docs/guide.md": "# Guide\n"})
    assert mb503(project) == [
        "../docs/history/memory-bank/progress.md: `docs/history/memory-bank/` also looks like a memory bank"
        " (progress.md); agents told to update the memory bank may edit it instead of `memory-bank/`"
    ]


def test_a_folder_holding_three_core_files(project: Path) -> None:
    write_files(
        project, {f"notes/{name}.md": "# x\n" for name in ("projectBrief", "active-context", "progress")}
    )
    assert [line.split(":", 1)[0] for line in mb503(project)] == ["../notes/active-context.md"]
    write_files(project, {f"two/{name}.md": "# x\n" for name in ("projectbrief", "progress")})
    assert len(mb503(project)) == 1  # two core names are not a bank


def test_test_data_the_bank_itself_and_its_subfolders_are_not_second_banks(project: Path) -> None:
    write_files(
        project,
        {
            "tests/fixtures/case/memory-bank/progress.md": "# x\n",
            "memory-bank/archive/memory-bank/progress.md": "# x\n",
            "packages/app/node_modules/lib/memory-bank/a.md": "# x\n",
        },
    )
    assert mb503(project) == []


def test_ignored_folders_are_not_second_banks(project: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    write_files(project, {".gitignore": "build/\n", "build/memory-bank/progress.md": "# x\n"})
    assert mb503(project) == []


def test_without_a_project_marker_nothing_is_searched(tmp_path: Path) -> None:
    write_files(tmp_path, {"memory-bank/progress.md": doc("P"), "old/memory-bank/progress.md": "# x\n"})
    assert mb503(tmp_path) == []
