"""The map document on disk: created when missing, only the region rewritten, idempotent, atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mbtool.cli import run
from mbtool.mapdoc import write_map
from mbtool.mapdoc.document import splice
from mbtool.reading.discover import locate

START, END = "<!-- mbtool:map:start -->", "<!-- mbtool:map:end -->"


def test_missing_map_is_created_with_title_and_markers(chain: Path) -> None:
    outcome, status = write_map(locate(chain))
    text = (chain / "dependencies.md").read_text()
    assert outcome == "created"
    assert status.expected == text
    assert text.startswith("# Dependency Map\n")
    assert text.index(START) < text.index("## Layer 0") < text.index(END)


def test_second_run_does_not_touch_the_file(chain: Path) -> None:
    write_map(locate(chain))
    path = chain / "dependencies.md"
    os.utime(path, (1_000_000, 1_000_000))
    inode = path.stat().st_ino
    outcome, _ = write_map(locate(chain))
    assert outcome == "unchanged"
    assert path.stat().st_mtime == 1_000_000
    assert path.stat().st_ino == inode


def test_text_outside_the_markers_is_kept_byte_for_byte(chain: Path) -> None:
    before, after = "\ufeff# My map\r\n\r\nIntro kept.\r\n\r\n", "\r\nFooter kept.  \r\n"
    (chain / "dependencies.md").write_bytes(f"{before}{START}\r\nold text\r\n{END}{after}".encode())
    assert write_map(locate(chain))[0] == "updated"
    data = (chain / "dependencies.md").read_bytes().decode()
    assert data.startswith(before + START + "\r\n")
    assert data.endswith(END + after)
    assert "old text" not in data
    assert "\n" not in data.replace("\r\n", "")


def test_markers_are_inserted_before_the_footer(chain: Path) -> None:
    footer = "---\n\n**Last Updated:** 2026-01-01\n"
    (chain / "dependencies.md").write_text(f"# Map\n\nHand-written text.\n\n{footer}")
    write_map(locate(chain))
    text = (chain / "dependencies.md").read_text()
    assert text.startswith("# Map\n\nHand-written text.\n\n" + START)
    assert text.endswith(END + "\n\n" + footer)


def test_markers_are_appended_when_there_is_no_footer() -> None:
    assert splice("# Map\nno newline", ["", "x", ""]) == f"# Map\nno newline\n\n{START}\n\nx\n\n{END}\n"


def test_a_start_marker_without_an_end_is_a_usage_error(
    chain: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (chain / "dependencies.md").write_text(f"# Map\n\n{START}\n")
    assert run(["map", str(chain)]) == 2
    assert "no `<!-- mbtool:map:end -->`" in capsys.readouterr().err


def test_a_map_setting_outside_the_bank_is_a_usage_error(chain: Path) -> None:
    (chain.parent / "mbtool.toml").write_text('map = "../outside.md"\n')
    assert run(["map", str(chain)]) == 2
    assert not (chain.parent / "outside.md").exists()


def test_permissions_are_kept(chain: Path) -> None:
    path = chain / "dependencies.md"
    path.write_text(f"# Map\n{START}\n{END}\n")
    path.chmod(0o640)
    write_map(locate(chain))
    assert path.stat().st_mode & 0o777 == 0o640
