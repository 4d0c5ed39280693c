"""A bank of hostile files: every bad file is a diagnostic, nothing outside the project leaks,
nothing is written, and the whole bank is checked in bounded time (a subprocess timeout)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mbtool.api import check, load
from mbtool.cli import run
from tests.conftest import ROOT
from tests.hostile.hostile_bank import EXPECTED, READABLE, SECRET, HostileBank, fingerprint

TIMEOUT = 60  # seconds; "well under a minute" for the whole bank, enforced, never asserted as a timing
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def mbtool(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mbtool", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def expected_codes() -> dict[str, str]:
    """Per-file codes; as root, chmod 000 does not deny reading (see the monkeypatched test)."""
    return {path: code for path, code in EXPECTED.items() if path != "denied.md" or not IS_ROOT}


def assert_nothing_from_outside(hostile: HostileBank, output: str) -> None:
    assert SECRET not in output
    for outside in {str(hostile.outside), str(hostile.outside.resolve())}:
        assert outside not in output


def test_check_reports_every_hostile_file_and_leaks_nothing(hostile: HostileBank) -> None:
    before = fingerprint(hostile.project, hostile.outside)
    result = mbtool(hostile.project, "check", "memory-bank", "--format", "json", "--no-cache")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    found = {(d["path"], d["code"]) for d in report["diagnostics"]}
    for path, code in expected_codes().items():
        assert (path, code) in found, path
    for path in READABLE:
        assert not any(p == path and c.startswith("MB00") for p, c in found), path
    assert_nothing_from_outside(hostile, result.stdout)
    assert fingerprint(hostile.project, hostile.outside) == before


def test_positions_point_at_the_problem(hostile: HostileBank) -> None:
    diagnostics = check(hostile.bank).diagnostics
    where = {(d.path, d.code): (d.line, d.column) for d in diagnostics}
    assert where[("invalid-utf8.md", "MB002")] == (3, 7)
    assert where[("nul.md", "MB002")] == (3, 7)
    assert where[("latin1.md", "MB002")] == (1, 6)
    assert where[("deep-yaml.md", "MB001")] == (2, 1)
    assert where[("marker-bomb.md", "MB002")] == (3, 1)
    links = [d for d in diagnostics if d.path == "links-out.md" and d.code == "MB209"]
    assert sorted((d.line, d.column) for d in links) == [(3, 19), (5, 17)]


def test_text_output_names_the_links_but_not_their_targets(hostile: HostileBank) -> None:
    result = mbtool(hostile.project, "check", "memory-bank", "--no-cache")
    assert result.returncode == 1
    assert "memory-bank/secret.md:1:1: MB209 symbolic link leaves the project" in result.stdout
    assert "memory-bank/secret-dir:1:1: MB209" in result.stdout
    assert "memory-bank/loop.md:1:1: MB002 symbolic link is broken or loops" in result.stdout
    assert_nothing_from_outside(hostile, result.stdout + result.stderr)


def test_good_files_are_still_read(hostile: HostileBank) -> None:
    bank = load(hostile.bank)
    edges = {(e.source, e.node) for e in bank.entries}
    assert {("good.md", "other.md"), ("bom.md", "good.md"), ("crlf.md", "other.md")} <= edges
    assert {("mixed.md", "good.md"), ("mixed.md", "other.md")} <= edges
    # A form feed or U+2028 is not a line break: the relations below it are still found.
    assert {("form-feed.md", "other.md"), ("form-feed.md", "good.md")} <= edges
    assert bank.documents["anchors.md"].headings[-1].anchor == "h2999"
    assert bank.documents["headings.md"].headings[-1].anchor == "same_9999"
    assert bank.documents["bom.md"].title == "Bom"
    assert not any(path.startswith(("secret", "self-dir/")) for path in bank.documents)


@pytest.mark.parametrize(
    "argv",
    [
        ["graph", "{bank}", "--format", "json"],
        ["graph", "{bank}", "--format", "dot"],
        ["impact", "good.md", "--bank", "{bank}", "--format", "json"],
        ["map", "{bank}", "--format", "json"],
        ["map", "{bank}", "--check"],
        ["diagram", "{bank}", "--format", "dot"],
    ],
    ids=lambda argv: " ".join(argv[:3]),
)
def test_other_commands_survive_and_leak_nothing(
    hostile: HostileBank, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = fingerprint(hostile.project, hostile.outside)
    code = run([part.replace("{bank}", str(hostile.bank)) for part in argv])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err
    assert_nothing_from_outside(hostile, out + err)
    assert fingerprint(hostile.project, hostile.outside) == before


def test_fix_and_map_never_write_bad_files_or_outside(hostile_copy: HostileBank) -> None:
    bad = [hostile_copy.bank / path for path in EXPECTED if (hostile_copy.bank / path).is_file()]
    before = fingerprint(hostile_copy.outside, *bad)
    outside_links = {path: os.readlink(hostile_copy.bank / path) for path in ("secret.md", "secret-dir")}
    result = check(hostile_copy.bank, fix=True)
    assert result.fixed  # the readable documents did get their back-references
    assert run(["map", str(hostile_copy.bank)]) == 0
    assert fingerprint(hostile_copy.outside, *bad) == before
    assert {path: os.readlink(hostile_copy.bank / path) for path in outside_links} == outside_links
    assert not list(hostile_copy.bank.glob(".*.tmp"))


def test_a_permission_denied_file_is_mb002(hostile: HostileBank, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root, chmod 000 does not stop reading; the reader is patched to refuse instead."""
    import mbtool.reading.bank

    real = mbtool.reading.bank.read_file

    def refusing(path: Path) -> bytes | str:
        return "file cannot be read: permission denied" if path.name == "denied.md" else real(path)

    monkeypatch.setattr(mbtool.reading.bank, "read_file", refusing)
    diagnostics = check(hostile.bank).diagnostics
    denied = [d for d in diagnostics if d.path == "denied.md" and d.code == "MB002"]
    message = "file cannot be read: permission denied"
    assert [(d.line, d.column, d.message) for d in denied] == [(1, 1, message)]


@pytest.mark.skipif(IS_ROOT, reason="root reads a chmod 000 file; the monkeypatched test covers it")
def test_a_chmod_000_file_is_mb002(hostile: HostileBank) -> None:
    diagnostics = check(hostile.bank).diagnostics
    assert any(d.path == "denied.md" and d.code == "MB002" for d in diagnostics)
