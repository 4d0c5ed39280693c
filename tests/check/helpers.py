"""Helpers for the check tests: fixture banks, copies, a fixed "today"."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from mbtool.checks.engine import CheckResult
from tests.conftest import FIXTURES

TODAY = dt.date(2026, 6, 1)
RULE_FIXTURES = FIXTURES / "rules"
CHECK_FIXTURES = FIXTURES / "check"


def lines_of(result: CheckResult, code: str | None = None) -> list[str]:
    """Diagnostics as `path:line:col: CODE message` with bank-relative paths."""
    return [
        f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
        for d in result.diagnostics
        if code is None or d.code == code
    ]


def expect_lines(path: Path, actual: list[str]) -> None:
    """Compare with a golden file of lines; never writes one unless MBTOOL_UPDATE_GOLDEN=1."""
    text = "".join(line + "\n" for line in actual)
    if os.environ.get("MBTOOL_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(
            f"{path.relative_to(FIXTURES)} is missing; write it with MBTOOL_UPDATE_GOLDEN=1 and review it"
        )
    assert text == path.read_text(encoding="utf-8")


def copy_case(source: Path, destination: Path) -> Path:
    """A writable copy of a fixture or corpus folder."""
    shutil.copytree(source, destination, symlinks=True)
    for folder, _, files in os.walk(destination):
        os.chmod(folder, 0o755)
        for name in files:
            target = Path(folder) / name
            if not target.is_symlink():
                os.chmod(target, 0o644)
    return destination


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
