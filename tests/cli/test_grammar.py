"""One grammar for every command: a positional BANK (with `--bank` as its alias), the output
format from `-o`'s extension or a usage error, executable exported scripts, a readable rule list."""

from __future__ import annotations

import argparse
import re
import shutil
import stat
from pathlib import Path

import pytest

from mbtool.cli import build_parser, run
from tests.conftest import ROOT

# Commands that describe mbtool itself, not a bank.
NO_BANK = {("rule",), ("schema",)}


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every leaf command, e.g. ("check",), ("procedures", "run")."""
    found: list[tuple[str, ...]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*prefix, name)) or [(*prefix, name)]
    return found


COMMANDS = _commands(build_parser())


def test_the_walk_finds_every_command() -> None:
    assert len(COMMANDS) >= 18
    assert {("build",), ("serve",), ("impact",), ("procedures", "run"), ("mcp",)} <= set(COMMANDS)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in NO_BANK], ids=" ".join)
def test_every_command_takes_the_bank_as_its_last_positional(
    command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([*command, "--help"]) == 0
    help_text = capsys.readouterr().out
    assert _positionals(help_text)[-1] == "BANK", (command, help_text)
    assert re.search(r"^\s+--bank BANK\b", help_text, re.MULTILINE), command


def _positionals(help_text: str) -> list[str]:
    """The names listed under "positional arguments:", in order."""
    section = help_text.split("positional arguments:\n", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^  (\S+)", section, re.MULTILINE)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c not in NO_BANK], ids=" ".join)
def test_positional_bank_and_the_alias_parse_alike(command: tuple[str, ...]) -> None:
    parser = build_parser()
    what = {"impact": ["x.md"], "context": ["x.md"], "ack": ["x.md"], "show": ["id"], "run": ["id"]}
    what["export"] = ["id"]
    before = what.get(command[-1], [])
    positional = parser.parse_args([*command, *before, "some-bank"])
    flag = parser.parse_args([*command, *before, "--bank", "some-bank"])
    from mbtool.cli.common import finish

    finish(positional)
    finish(flag)
    assert positional.bank == flag.bank == "some-bank"


def test_a_bank_given_twice_differently_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "one", "--bank", "two"]) == 2
    assert "given twice" in capsys.readouterr().err


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    (tmp_path / "mbtool.toml").write_text('bank = "memory-bank"\nprocedures = "lists"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_impact_with_a_target_and_a_positional_bank(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["impact", "projectbrief.md", "memory-bank", "-o", "impact.json"]) == 0
    assert (project / "impact.json").read_text(encoding="utf-8").lstrip().startswith("{")


def test_diagram_with_an_unknown_extension_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["diagram", "memory-bank", "-o", "x.jpg"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert ".svg" in err and ".png" in err and ".dot" in err
    assert not (project / "x.jpg").exists()


def test_diagram_format_follows_the_extension_and_a_contradiction_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["diagram", "memory-bank", "-o", "x.dot"]) == 0
    assert (project / "x.dot").read_text(encoding="utf-8").startswith("digraph")
    assert run(["diagram", "memory-bank", "--format", "png", "-o", "y.svg"]) == 2
    assert "--format is png" in capsys.readouterr().err
    assert run(["graph", "memory-bank", "-o", "g.dot"]) == 0
    assert (project / "g.dot").read_text(encoding="utf-8").startswith("digraph")


def test_an_exported_script_is_executable(project: Path) -> None:
    script = project / "bootstrap.sh"
    ident = "dockerWorkflow.md#bootstrapping-codex-cli-environment-locally"
    assert run(["procedures", "export", ident, "memory-bank", "-o", str(script)]) == 0
    mode = stat.S_IMODE(script.stat().st_mode)
    assert mode == 0o755, oct(mode)


def test_the_rule_list_fits_a_hundred_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 30
    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith("MB202  missing-back-reference") for line in lines)


def test_a_rule_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule", "broken-link"]) == 0
    assert "MB205" in capsys.readouterr().out
