"""Written paths → project files: exact, by name or suffix, ignored, not paths, moved, unverified."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mbtool.reading.discover import locate
from mbtool.reading.paths import PathFinder, PathStatus, bank_tail, leaves_project, not_a_path
from tests.banks import write_files

PROJECT = {
    ".gitignore": "local/\n*.secret\n",
    "scripts/lint-ci.mjs": "",
    ".github/workflows/build-images.yml": "",
    "src/config/proxyRegistry.ts": "",
    "packages/core/extraction/llm_client.py": "",
    "packages/a/conftest.py": "",
    "packages/b/conftest.py": "",
    "vitest.integration.config.ts": "",
    "docs/reference/architecture.md": "",
    "memory-bank/progress.md": "# Progress\n",
    "memory-bank/notes/plan.md": "# Plan\n",
}


@pytest.fixture(params=["git", "walk"])
def finder(request: pytest.FixtureRequest, tmp_path: Path) -> PathFinder:
    write_files(tmp_path, PROJECT)
    (tmp_path / "mbtool.toml").write_text("", encoding="utf-8")
    if request.param == "git":
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return PathFinder(locate(tmp_path / "memory-bank"))


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("scripts/lint-ci.mjs", "scripts/lint-ci.mjs"),
        ("lint-ci.mjs", "scripts/lint-ci.mjs"),
        ("build-images.yml", ".github/workflows/build-images.yml"),
        ("extraction/llm_client.py", "packages/core/extraction/llm_client.py"),
        ("./config/proxyRegistry", "src/config/proxyRegistry.ts"),
        ("vitest.integration.config.ts", "vitest.integration.config.ts"),
        ("src/config/", "src/config"),
        ("src/config/proxyRegistry.ts:42", "src/config/proxyRegistry.ts"),
    ],
)
def test_found(finder: PathFinder, written: str, found: str) -> None:
    lookup = finder.lookup("", written)
    assert (lookup.status, lookup.path) == (PathStatus.FOUND, found)


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("conftest.py", PathStatus.AMBIGUOUS),
        ("dist/bundle.js", PathStatus.IGNORED),
        ("local/notes.txt", PathStatus.IGNORED),
        ("key.secret", PathStatus.IGNORED),
        ("packages/web/node_modules/x/index.js", PathStatus.IGNORED),
        ("process.env", PathStatus.NOT_A_PATH),
        ("java.util.List", PathStatus.NOT_A_PATH),
        ("activeContext-history-XXX.md", PathStatus.NOT_A_PATH),
        ("<name>.md", PathStatus.NOT_A_PATH),
        ("data/{id}.json", PathStatus.NOT_A_PATH),
        ("systemPatterns-001/002/003.md", PathStatus.NOT_A_PATH),
        ("Node.js", PathStatus.NOT_A_PATH),
        ("never/was/here.ts", PathStatus.MISSING),
        ("mermaid.min.js", PathStatus.MISSING),
        ("../../outside.md", PathStatus.OUTSIDE),
    ],
)
def test_status(finder: PathFinder, written: str, status: PathStatus) -> None:
    assert finder.lookup("", written).status is status


def test_a_moved_path_suggests_its_new_place(finder: PathFinder) -> None:
    lookup = finder.lookup("", "docs/developer/architecture.md")
    assert lookup.status is PathStatus.MOVED and lookup.suggestion == "docs/reference/architecture.md"


def test_links_resolve_beside_the_document_only(finder: PathFinder) -> None:
    assert finder.lookup("notes", "../progress.md", mode="link").status is PathStatus.FOUND
    assert finder.lookup("notes", "lint-ci.mjs", mode="link").status is PathStatus.MISSING
    assert finder.lookup("", "./scripts/lint-ci.mjs", mode="span").status is PathStatus.FOUND
    moved = finder.lookup("", "./scripts/lint-ci.mjs", mode="link")
    assert moved.status is PathStatus.MOVED and moved.suggestion == "scripts/lint-ci.mjs"


def test_without_a_project_root_only_the_bank_is_checked(tmp_path: Path) -> None:
    bank = write_files(tmp_path / "corpus" / "some-bank", {"a.md": "# A\n", "img/d.svg": ""})
    finder = PathFinder(locate(bank))
    assert not finder.location.project_found
    assert finder.lookup("", "scripts/run.sh").status is PathStatus.UNVERIFIED
    assert finder.lookup("", "../AGENTS.md", mode="link").status is PathStatus.UNVERIFIED
    assert finder.lookup("", "../../far.md", mode="link").status is PathStatus.UNVERIFIED
    assert finder.lookup("", "./img/missing.svg", mode="link").status is PathStatus.MISSING
    assert finder.lookup("", "memory-bank/img/d.svg").status is PathStatus.FOUND
    assert finder.lookup("", "d.svg").status is PathStatus.FOUND


def test_a_symlink_leaving_the_project_is_outside_whether_or_not_its_target_exists(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.txt": ""})
    project = write_files(tmp_path / "project", {"memory-bank/a.md": "# A\n", "mbtool.toml": ""})
    (project / "memory-bank" / "out").symlink_to(outside, target_is_directory=True)
    (project / "memory-bank" / "gone").symlink_to(tmp_path / "nowhere")
    finder = PathFinder(locate(project / "memory-bank"))
    assert finder.lookup("", "./out/secret.txt", mode="link").status is PathStatus.OUTSIDE
    assert finder.lookup("", "./out/none.txt", mode="link").status is PathStatus.OUTSIDE
    assert finder.lookup("", "./gone/x.md", mode="link").status is PathStatus.OUTSIDE
    assert leaves_project(project, "memory-bank/out") and not leaves_project(project, "memory-bank/a.md")


def test_not_a_path_keeps_real_multi_dot_names() -> None:
    for name in ("vitest.integration.config.ts", "eslint.config.cjs", "tsconfig.typedoc.json", "Button.js"):
        assert not not_a_path(name)
    assert not not_a_path("mermaid.min.js")


def test_bank_tail() -> None:
    assert bank_tail("memory-bank/x.md") == "x.md"
    assert bank_tail("../memory_bank/a/b.md") == "a/b.md"
    assert bank_tail("docs/x.md") is None
