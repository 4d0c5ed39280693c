"""The writers (`--fix`, `map`, `--output`): atomic, mode-keeping, read-only-respecting, and safe
when a write fails half way or two runs race."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mbtool.api import check, load
from mbtool.cli import run
from mbtool.errors import MbtoolError, UsageError
from mbtool.writer import write_atomic
from tests.conftest import ROOT
from tests.hostile.strategies import lines_survive

START, END = "<!-- mbtool:map:start -->", "<!-- mbtool:map:end -->"


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def fixable_bank(root: Path) -> Path:
    """`a.md` depends on three documents that do not name it back: three files to fix."""
    (root / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    bank = root / "memory-bank"
    bank.mkdir()
    files = {
        "a.md": b"# A\n\n- **Depends On:** b.md, c.md, d.md\n",
        "b.md": b"\xef\xbb\xbf# B\r\n\r\n- **Required By:** x.md",  # BOM, CRLF, no final newline
        "c.md": b"# C\n\nProse only, no relations.",
        "d.md": b"# D\r\n\r\nText.\r\n\r\n---\r\n\r\n**Last Updated:** 2026-01-01\r\n",
        "x.md": b"# X\n\n- **Depends On:** b.md\n",
    }
    for name, data in files.items():
        (bank / name).write_bytes(data)
    return bank


def snapshot(bank: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(bank.iterdir()) if path.is_file()}


# -- write_atomic -----------------------------------------------------------------------------------
def test_replace_keeps_the_mode_and_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    write_atomic(link, b"new\n")
    assert link.is_symlink() and real.read_bytes() == b"new\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert temp_files(tmp_path) == []


def _raise_enospc(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("step", ["replace", "fsync", "chmod"])
def test_a_failure_mid_write_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = tmp_path / "doc.md"
    target.write_bytes(b"original\r\n")
    monkeypatch.setattr(f"mbtool.writer.os.{step}", _raise_enospc)
    with pytest.raises(MbtoolError, match=r"cannot write `doc\.md`"):
        write_atomic(target, b"replacement\n")
    assert target.read_bytes() == b"original\r\n"
    assert temp_files(tmp_path) == []


def test_an_interrupt_mid_write_is_re_raised_and_cleaned_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "doc.md"
    target.write_bytes(b"original\n")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("mbtool.writer.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"replacement\n")
    assert target.read_bytes() == b"original\n"
    assert temp_files(tmp_path) == []


def test_a_read_only_file_is_never_written_even_by_root(tmp_path: Path) -> None:
    target = tmp_path / "doc.md"
    target.write_bytes(b"original\n")
    target.chmod(0o444)
    with pytest.raises(UsageError, match=r"`doc\.md` is read-only"):
        write_atomic(target, b"replacement\n")
    assert target.read_bytes() == b"original\n"
    assert target.stat().st_mode & 0o777 == 0o444
    assert temp_files(tmp_path) == []


# -- --fix --------------------------------------------------------------------------------------------
def test_fix_keeps_line_endings_bom_and_final_newline(tmp_path: Path) -> None:
    bank = fixable_bank(tmp_path)
    before = snapshot(bank)
    result = check(bank, cache=False, fix=True)
    assert set(result.fixed) == {"b.md", "c.md", "d.md"}
    after = snapshot(bank)
    assert after["b.md"].startswith(b"\xef\xbb\xbf# B\r\n")
    for name in ("b.md", "d.md"):  # CRLF files stay CRLF
        assert b"\n" not in after[name].replace(b"\r\n", b"")
    assert b"\r" not in after["c.md"]
    for name in ("b.md", "c.md", "d.md"):
        assert after[name].endswith(b"\n") == before[name].endswith(b"\n"), name
        assert lines_survive(before[name].decode("utf-8-sig"), after[name].decode("utf-8-sig")), name


def test_fix_on_a_read_only_file_writes_nothing_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = fixable_bank(tmp_path)
    (bank / "c.md").chmod(0o444)
    before = snapshot(bank)
    assert run(["check", str(bank), "--fix", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "`c.md` is read-only" in err
    assert snapshot(bank) == before  # b.md and d.md were not fixed either: no half-fixed bank
    assert temp_files(bank) == []


@pytest.mark.parametrize("step", ["replace", "fsync"])
def test_fix_failing_mid_write_reports_one_line_and_keeps_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], step: str
) -> None:
    bank = fixable_bank(tmp_path)
    before = snapshot(bank)
    monkeypatch.setattr(f"mbtool.writer.os.{step}", _raise_enospc)
    assert run(["check", str(bank), "--fix", "--no-cache"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write `b.md`" in err and "Traceback" not in err
    assert snapshot(bank) == before
    assert temp_files(bank) == []


# -- map and --output ----------------------------------------------------------------------------------
def test_map_on_a_read_only_map_document_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = fixable_bank(tmp_path)
    path = bank / "dependencies.md"
    path.write_text(f"# Map\n\n{START}\nstale\n{END}\n", encoding="utf-8")
    path.chmod(0o444)
    assert run(["map", str(bank)]) == 2
    assert "`dependencies.md` is read-only" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == f"# Map\n\n{START}\nstale\n{END}\n"


def test_map_failing_mid_write_keeps_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = fixable_bank(tmp_path)
    path = bank / "dependencies.md"
    path.write_text(f"# Map\n\n{START}\nstale\n{END}\n", encoding="utf-8")
    monkeypatch.setattr("mbtool.writer.os.fsync", _raise_enospc)
    assert run(["map", str(bank)]) == 3
    assert "cannot write `dependencies.md`" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == f"# Map\n\n{START}\nstale\n{END}\n"
    assert temp_files(bank) == []


def test_map_keeps_mode_and_crlf(tmp_path: Path) -> None:
    bank = fixable_bank(tmp_path)
    path = bank / "dependencies.md"
    path.write_bytes(f"# Map\r\n\r\n{START}\r\n{END}\r\n\r\nKept.".encode())
    path.chmod(0o640)
    assert run(["map", str(bank)]) == 0
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"") and data.endswith(b"\r\n\r\nKept.")
    assert path.stat().st_mode & 0o777 == 0o640


def test_output_to_a_read_only_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = fixable_bank(tmp_path)
    output = tmp_path / "graph.json"
    output.write_text("{}\n", encoding="utf-8")
    output.chmod(0o444)
    assert run(["graph", str(bank), "--format", "json", "--output", str(output)]) == 2
    assert output.read_text(encoding="utf-8") == "{}\n"
    assert "read-only" in capsys.readouterr().err


# -- concurrency -------------------------------------------------------------------------------------
def _launch(bank: Path) -> Callable[[], subprocess.CompletedProcess[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "mbtool", "check", str(bank), "--fix", "--no-cache"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def wait() -> subprocess.CompletedProcess[str]:
        out, err = process.communicate(timeout=60)
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    return wait


def test_two_concurrent_fix_runs_never_corrupt_a_file(tmp_path: Path) -> None:
    bank = fixable_bank(tmp_path)
    before = snapshot(bank)
    waits = [_launch(bank), _launch(bank)]
    results = [wait() for wait in waits]
    for result in results:
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
    after = snapshot(bank)
    assert set(after) == set(before)
    for name, data in before.items():
        assert lines_survive(data.decode("utf-8-sig"), after[name].decode("utf-8-sig")), name
    loaded = load(bank, cache=False)
    assert not [f for doc in loaded.documents.values() for f in doc.problems if f.code.startswith("MB00")]
    assert check(bank, cache=False, fix=True).fixed == {}  # the races left a fully fixed bank
    assert temp_files(bank) == []
