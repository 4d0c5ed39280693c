"""Issue 15 item 1: `mbtool build` never deletes the project, the bank or any file it did not write.

Each refused case asserts exit 2 and that every file present before the run is still there,
byte for byte; the rebuild cases check that only files mbtool wrote last time are removed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from mbtool.cli import run
from tests.banks import document, write_project

BANK = {"projectbrief.md": document("Brief"), "progress.md": document("Progress", ["projectbrief.md"])}


def snapshot(root: Path) -> dict[str, str]:
    """Every file under `root` (the site folder's own build output excluded by the caller)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def project(tmp_path: Path, bank_folder: str = "memory-bank") -> Path:
    root = tmp_path / "project"
    root.mkdir()
    write_project(root, BANK)
    if bank_folder != "memory-bank":
        (root / "memory-bank").rename(root / bank_folder)
        (root / "mbtool.toml").write_text(f'bank = "{bank_folder}"\ncore-files = "none"\n', encoding="utf-8")
    else:
        (root / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('hello')\n", encoding="utf-8")
    (root / "README.md").write_text("# Project\n", encoding="utf-8")
    return root


def refused(
    root: Path, args: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> str:
    """Run a build that must be refused; its one-line reason (the last line of stderr)."""
    before = snapshot(root)
    monkeypatch.chdir(root)
    assert run(["build", *args]) == 2
    assert snapshot(root) == before, "a refused build must leave every file as it was"
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert err[-1].startswith("mbtool: error: "), err
    if "which mbtool did not write (or which changed since)" not in err[-1]:
        # Refused before anything was built: the reason is all that is said.
        assert (captured.out, len(err)) == ("", 1), captured
    return err[-1]


def test_item_01_site_dir_dot_is_refused_and_the_project_survives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    assert "is the project root" in refused(root, ["--site-dir", "."], monkeypatch, capsys)


def test_item_01_site_dir_bank_is_refused_and_every_document_survives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    assert "is the bank" in refused(root, ["--site-dir", "memory-bank"], monkeypatch, capsys)


def test_item_01_a_bank_named_site_is_not_the_default_site_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path, bank_folder="site")
    assert "is the bank" in refused(root, [], monkeypatch, capsys)


@pytest.mark.parametrize(
    ("site_dir", "reason"),
    [
        ("..", "contains the project root"),
        ("memory-bank/site", "lies inside the bank"),
        ("src/html", "lies inside `src/`, which holds project files"),
        ("src", "already holds files mbtool did not write"),
    ],
)
def test_item_01_folders_holding_the_project_or_sources_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    site_dir: str,
    reason: str,
) -> None:
    root = project(tmp_path)
    before_outside = snapshot(tmp_path)
    assert reason in refused(root, ["--site-dir", site_dir], monkeypatch, capsys)
    assert snapshot(tmp_path) == before_outside


def test_item_01_an_unrelated_non_empty_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "holiday.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    err = refused(root, ["--site-dir", str(photos)], monkeypatch, capsys)
    assert "holds files mbtool did not write" in err
    assert (photos / "holiday.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"


def test_item_01_the_site_folder_in_a_git_work_tree_is_judged_by_tracked_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "guide.md").write_text("# Guide\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert "lies inside `docs/`" in refused(root, ["--site-dir", "docs/site"], monkeypatch, capsys)


def test_item_01_a_rebuild_removes_only_what_mbtool_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    assert run(["build"]) == 0
    site = root / "site"
    manifest = json.loads((site / ".mbtool-site.json").read_text(encoding="utf-8"))
    assert "memory-bank/progress/index.html" in manifest["files"]
    (site / "CNAME").write_text("docs.example.org\n", encoding="utf-8")  # the user's own file
    (root / "memory-bank" / "progress.md").unlink()
    assert run(["build"]) == 0
    assert not (site / "memory-bank" / "progress").exists(), "a page mbtool wrote and no longer builds goes"
    assert (site / "CNAME").read_text(encoding="utf-8") == "docs.example.org\n"
    assert (site / "memory-bank" / "projectbrief" / "index.html").is_file()


def test_item_01_a_hand_edited_output_file_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    assert run(["build"]) == 0
    capsys.readouterr()
    page = root / "site" / "index.html"
    page.write_text("my own page\n", encoding="utf-8")
    err = refused(root, [], monkeypatch, capsys)
    assert "`index.html`, which mbtool did not write" in err
    assert page.read_text(encoding="utf-8") == "my own page\n"


def test_item_01_an_earlier_mkdocs_build_is_updated_without_deleting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("old\n", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>\n", encoding="utf-8")
    (site / "old-page.html").write_text("stale\n", encoding="utf-8")
    monkeypatch.chdir(root)
    assert run(["build"]) == 0
    assert (site / "old-page.html").read_text(encoding="utf-8") == "stale\n"
    assert (site / ".mbtool-site.json").is_file()
    assert "old" not in (site / "index.html").read_text(encoding="utf-8")[:10]
