"""`mbtool rule` and the generated rule reference `docs/rules.md`."""

from __future__ import annotations

import pytest

from mbtool.checks.rules import ALL_RULES
from mbtool.checks.rules.docs import reference_markdown, summary
from mbtool.cli import run
from tests.conftest import ROOT


def test_docs_rules_md_is_current() -> None:
    """Regenerate with `uv run mbtool rule --markdown --output docs/rules.md`."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == reference_markdown(ALL_RULES)


def test_rule_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(ALL_RULES)
    assert out[0].startswith("MB001  invalid-front-matter")
    assert any(line.startswith("MB202") and "[fix]" in line for line in out)


def test_rule_prints_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule", "mb202"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# MB202 missing-back-reference\n")
    for title in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix"):
        assert f"**{title}**" in out


def test_unknown_rule_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["rule", "MB999"]) == 2
    assert "`MB999` is not a rule code" in capsys.readouterr().err


def test_summaries_are_one_sentence() -> None:
    for rule in ALL_RULES:
        text = summary(rule)
        assert text and not text.endswith("."), rule.code
