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
    # One line per rule, its summary wrapped and indented beneath it.
    assert len([line for line in out if line.startswith("MB")]) == len(ALL_RULES)
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


# Rules documented before the sixth section existed all say when they mislead; a new rule
# should too (add its code here).
NOISE_DOCUMENTED = [
    "MB001",
    "MB002",
    "MB003",
    "MB101",
    "MB102",
    "MB103",
    "MB104",
    "MB201",
    "MB202",
    "MB203",
    "MB204",
    "MB205",
    "MB206",
    "MB207",
    "MB208",
    "MB209",
    "MB210",
    "MB211",
    "MB212",
    "MB301",
    "MB302",
    "MB303",
    "MB401",
    "MB402",
    "MB403",
    "MB901",
]


def test_rules_say_when_they_are_noise() -> None:
    from mbtool.checks.rules.docs import NOISE, sections

    for rule in ALL_RULES:
        if rule.code in NOISE_DOCUMENTED:
            assert sections(rule).get(NOISE), f"{rule.code} has no 'When is it noise?' section"
