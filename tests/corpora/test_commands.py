"""Every command on every corpus, and impact on every document: exit 0 or 1, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mbtool.api import analyse, impact
from mbtool.cli import run
from tests.conftest import CORPUS_NAMES, corpus


def _commands(bank: str, out: Path) -> list[list[str]]:
    return [
        ["check", bank, "--format", "json", "--today", "2026-06-01"],
        ["graph", bank, "--format", "json"],
        ["graph", bank, "--format", "dot"],
        ["diagram", bank, "--output", str(out / "bank.svg")],
        ["map", bank, "--check"],
        ["procedures", "list", bank],
        ["procedures", "check", bank],
    ]


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_command_exits_0_or_1(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = str(corpus(name))
    for command in _commands(bank, tmp_path):
        code = run(command)
        err = capsys.readouterr().err
        assert code in (0, 1), (command, err)
        assert "Traceback" not in err, command
    # `build` in its own process, as a user runs it (MkDocs' log handler outlives a test's stderr).
    done = subprocess.run(
        [sys.executable, "-m", "mbtool", "build", "--bank", bank, "--site-dir", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_impact_of_every_document(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    analysis = analyse(corpus(name))
    documents = sorted(analysis.bank.documents)
    for document in documents:
        for upstream in (False, True):
            found = impact(analysis, document, upstream=upstream)
            assert document not in {item.id for item in found.impacted}
    for document in documents[:: max(1, len(documents) // 5)]:  # the command itself, on a sample
        assert run(["impact", document, "--bank", str(corpus(name)), "--format", "json"]) in (0, 1)
        assert "Traceback" not in capsys.readouterr().err
