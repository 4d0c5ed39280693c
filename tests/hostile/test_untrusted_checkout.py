"""Issue 15 items 15, 20 and 24: an untrusted checkout cannot hang mbtool or run its own programs.

Every run here is a subprocess with a timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mbtool.reading.cache import DocumentCache
from mbtool.reading.discover import locate
from tests.banks import doc, write_project
from tests.conftest import ROOT

TIMEOUT = 90
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def mbtool(cwd: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    if cache is not None:
        env["MBTOOL_CACHE_DIR"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "mbtool", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_item_15_a_fifo_named_like_a_document_is_a_finding_not_a_hang(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {"a.md": doc("A"), "b.md": doc("B")})
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    os.mkfifo(bank / "x.md")
    (tmp_path / "src").mkdir()
    os.mkfifo(tmp_path / "src" / ".gitignore")  # read when the project is walked (no git here)
    cache = tmp_path / "cache"
    report = mbtool(tmp_path, "check", "--format", "json", cache=cache)
    found = {(d["path"], d["code"]) for d in json.loads(report.stdout)["diagnostics"]}
    assert ("x.md", "MB002") in found, report.stdout
    assert mbtool(tmp_path, "map", cache=cache).returncode == 0
    built = mbtool(tmp_path, "build", "--site-dir", str(tmp_path / "site"), cache=cache)
    assert built.returncode in (0, 1), built.stderr
    assert (tmp_path / "site" / "memory-bank" / "a" / "index.html").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_item_15_a_fifo_in_the_cache_folder_is_not_read(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {"a.md": doc("A")})
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    store = DocumentCache.open(locate(bank).config, cache)
    assert store is not None
    import hashlib

    entry = store.entry_path("a.md", hashlib.sha256((bank / "a.md").read_bytes()).hexdigest())
    os.mkfifo(entry)
    result = mbtool(tmp_path, "check", cache=cache)
    assert result.returncode in (0, 1), result.stderr


def git(folder: Path, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t")
    env.update(GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=str(folder))
    done = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def repository(root: Path) -> Path:
    root.mkdir()
    write_project(root, {"a.md": doc("A", depends="b.md"), "b.md": doc("B", required="a.md")})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first")
    return root


@needs_git
def test_item_20_impact_since_never_runs_the_checkouts_own_programs(tmp_path: Path) -> None:
    root = repository(tmp_path / "repo")
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {marker}\ncat "$2" 2>/dev/null\n', encoding="utf-8")
    script.chmod(0o755)
    with (root / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(
            f"[core]\n\tfsmonitor = {script}\n\thooksPath = {tmp_path}\n"
            f'[diff]\n\texternal = {script}\n[diff "evil"]\n\ttextconv = {script}\n\tcommand = {script}\n'
        )
    (root / ".gitattributes").write_text("*.md diff=evil\n", encoding="utf-8")
    (root / "memory-bank" / "b.md").write_text(doc("B changed", required="a.md"), encoding="utf-8")
    result = mbtool(root, "impact", "--since", "HEAD", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "a.md" in result.stdout
    assert not marker.exists(), marker.read_text(encoding="utf-8")


@needs_git
def test_item_24_a_shallow_clone_says_it_is_shallow(tmp_path: Path) -> None:
    origin = repository(tmp_path / "origin")
    (origin / "memory-bank" / "a.md").write_text(doc("A2", depends="b.md"), encoding="utf-8")
    git(origin, "commit", "-q", "-am", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    result = mbtool(clone, "impact", "--since", "HEAD~1")
    assert result.returncode == 2
    assert "the clone is shallow" in result.stderr and "try `HEAD~1`" not in result.stderr
