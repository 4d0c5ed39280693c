"""`docs/cli.md` is generated from the argument parser and must match it."""

from __future__ import annotations

from mbtool.cli.reference import reference_markdown
from tests.conftest import ROOT


def test_cli_reference_is_current() -> None:
    expected = reference_markdown()
    actual = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/cli.md is stale: run `uv run python -m mbtool.cli.reference > docs/cli.md`"
    )


def test_every_command_is_documented() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "check",
        "rule",
        "graph",
        "impact",
        "diagram",
        "map",
        "schema",
        "init",
        "procedures",
        "build",
        "serve",
    ):
        assert f"## `mbtool {command}`" in text
