"""Issue 15 items 2, 3, 4 and 22: writers keep the user's edits, owner and mode, stay inside the
project, and leave a fenced example of the map markers alone."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

import mbtool.writer
from mbtool.cli import run
from tests.banks import doc, write_project

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# `a.md` depends on `b.md`, which does not say so: `--fix` rewrites `b.md`.
ONE_SIDED = {"a.md": doc("A", depends="b.md"), "b.md": doc("B")}


def test_item_02_fix_keeps_an_edit_saved_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = write_project(tmp_path, ONE_SIDED)
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    target = bank / "b.md"
    edited = target.read_text(encoding="utf-8") + "\nA line the user saved while --fix ran.\n"
    real_mkstemp = tempfile.mkstemp

    def editor_saves_first(*args: object, **kwargs: object) -> tuple[int, str]:
        # The fix is planned; the writer is about to write. The user's editor saves now.
        if target.read_text(encoding="utf-8") != edited:
            target.write_text(edited, encoding="utf-8")
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(mbtool.writer.tempfile, "mkstemp", editor_saves_first)
    monkeypatch.chdir(tmp_path)
    run(["check", "--fix", "--select", "MB202"])
    assert target.read_text(encoding="utf-8") == edited, "the edit saved meanwhile must win"
    out = capsys.readouterr().out
    assert "Skipped memory-bank/b.md: it changed while mbtool was fixing it" in out


def outside_project(tmp_path: Path) -> tuple[Path, Path]:
    """A project and a folder beside it that nothing may write into."""
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    return root, elsewhere


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_item_03_map_never_writes_through_a_symlinked_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, elsewhere = outside_project(tmp_path)
    bank = write_project(root, ONE_SIDED)
    (root / "mbtool.toml").write_text('core-files = "none"\nmap = "out/dependencies.md"\n', encoding="utf-8")
    (bank / "out").symlink_to(Path("..") / ".." / "elsewhere")
    monkeypatch.chdir(root)
    assert run(["map"]) == 2
    assert listing(elsewhere) == {}
    assert "leads outside the project" in capsys.readouterr().err


def test_item_03_init_force_never_overwrites_the_target_of_a_symlinked_core_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, elsewhere = outside_project(tmp_path)
    (elsewhere / "brief.md").write_text("# Someone else's brief\n", encoding="utf-8")
    bank = root / "memory-bank"
    bank.mkdir()
    (root / "mbtool.toml").write_text("", encoding="utf-8")
    (bank / "projectbrief.md").symlink_to(elsewhere / "brief.md")
    monkeypatch.chdir(root)
    assert run(["init", "--force"]) == 2
    assert listing(elsewhere) == {"brief.md": b"# Someone else's brief\n"}
    assert "outside the project" in capsys.readouterr().err


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another user; run as root to test it")
def test_item_04_fix_and_map_run_as_root_keep_owner_and_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = write_project(tmp_path, ONE_SIDED)
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    fixed, the_map = bank / "b.md", bank / "dependencies.md"
    the_map.write_text("# Map\n", encoding="utf-8")
    for path in (fixed, the_map):
        os.chown(path, 4242, 4343)
        path.chmod(0o640)
    monkeypatch.chdir(tmp_path)
    run(["check", "--fix", "--select", "MB202"])
    assert run(["map"]) == 0
    assert "Required By" in fixed.read_text(encoding="utf-8") and "a.md" in fixed.read_text(encoding="utf-8")
    assert "mbtool:map:start" in the_map.read_text(encoding="utf-8")
    for path in (fixed, the_map):
        status = path.stat()
        assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (4242, 4343, 0o640), path.name


FENCED_EXAMPLE = """# Dependency map

How the generated region looks:

```markdown
<!-- mbtool:map:start -->
an example, not the region
<!-- mbtool:map:end -->
```
"""


def test_item_22_map_leaves_marker_lines_inside_a_code_fence_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = write_project(tmp_path, {**ONE_SIDED, "dependencies.md": FENCED_EXAMPLE})
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(["map"]) == 0
    text = (bank / "dependencies.md").read_text(encoding="utf-8")
    assert text.startswith(FENCED_EXAMPLE), "the fenced example is kept as written"
    region = text[len(FENCED_EXAMPLE) :]
    assert "<!-- mbtool:map:start -->" in region and "a.md" in region
    assert run(["map"]) == 0 and (bank / "dependencies.md").read_text(encoding="utf-8") == text
