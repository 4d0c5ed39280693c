"""`ProjectFiles`: the files a document's path can name, from git or a walk honouring .gitignore."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mbtool.reading.repofiles import ProjectFiles
from tests.banks import write_files

FILES = {
    ".gitignore": "dist/\n*.log\n!keep.log\n",
    "src/config/proxyRegistry.ts": "",
    "src/myconfig/proxyRegistry.ts": "",
    "scripts/lint-ci.mjs": "",
    "dist/bundle.js": "",
    "debug.log": "",
    "keep.log": "",
    "docs/.gitignore": "draft.md\n",
    "docs/draft.md": "",
    "docs/guide.md": "",
}


@pytest.fixture(params=["git", "walk"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    write_files(tmp_path, FILES)
    if request.param == "git":
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def test_ignored_files_are_not_listed(project: Path) -> None:
    files = ProjectFiles.scan(project)
    assert files.source == ("git" if (project / ".git").exists() else "walk")
    assert "dist/bundle.js" not in files.files and "debug.log" not in files.files
    assert "docs/draft.md" not in files.files
    assert {"keep.log", "docs/guide.md", "scripts/lint-ci.mjs"} <= files.files
    assert files.exists("src/config") and files.exists("src/config/") and not files.exists("dist")


def test_names_and_suffixes_resolve_at_folder_boundaries(project: Path) -> None:
    files = ProjectFiles.scan(project)
    assert files.by_name("lint-ci.mjs") == ["scripts/lint-ci.mjs"]
    assert files.by_suffix("config/proxyRegistry.ts") == ["src/config/proxyRegistry.ts"]
    assert files.by_suffix("./proxyRegistry.ts") == [
        "src/config/proxyRegistry.ts",
        "src/myconfig/proxyRegistry.ts",
    ]
    assert files.by_suffix("") == []


def test_a_symlink_out_of_the_project_is_not_followed(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"secret.txt": ""})
    project = write_files(tmp_path / "project", {"a.txt": ""})
    (project / "link").symlink_to(outside, target_is_directory=True)
    assert ProjectFiles.scan(project).files == {"a.txt"}


def test_ignored_covers_gitignore_and_build_output(project: Path) -> None:
    files = ProjectFiles.scan(project)
    assert files.ignored("dist/other.js") and files.ignored("debug2.log")
    assert files.ignored("docs/draft.md") and files.ignored("packages/web/node_modules/x/index.js")
    assert not files.ignored("keep.log") and not files.ignored("src/config/new.ts")


def test_an_invalid_gitignore_pattern_is_skipped(tmp_path: Path) -> None:
    write_files(tmp_path, {".gitignore": "**/*\\\n*.tmp\n", "a.tmp": "", "b.txt": ""})
    files = ProjectFiles.scan(tmp_path)
    assert "b.txt" in files.files and "a.tmp" not in files.files
    assert files.ignored("c.tmp")


def test_stems_and_folder_suffixes(project: Path) -> None:
    files = ProjectFiles.scan(project)
    assert files.by_stem("./config/proxyRegistry") == ["src/config/proxyRegistry.ts"]
    assert files.folders_by_suffix("config/") == ["src/config"]
