"""One fixture bank per rule: it must fire exactly as pinned, and every rule must have one.

`tests/fixtures/rules/<CODE>/` holds `memory-bank/` (plus `mbtool.toml` and any project
files) and `expected.txt`: the findings of that code, one `path:line:col: CODE message`
per line. A rule that stops firing, fires twice or moves fails here.
"""

from __future__ import annotations

import pytest

from mbtool.api import check
from mbtool.checks.rules import ALL_RULES
from mbtool.checks.rules.docs import SECTIONS, sections
from tests.check.helpers import RULE_FIXTURES, TODAY, expect_lines, lines_of

CODES = sorted(rule.code for rule in ALL_RULES)


@pytest.mark.parametrize("code", CODES)
def test_rule_fixture_fires_as_pinned(code: str) -> None:
    case = RULE_FIXTURES / code
    assert (case / "memory-bank").is_dir(), f"rule {code} has no fixture bank in tests/fixtures/rules/{code}/"
    found = lines_of(check(case / "memory-bank", today=TODAY), code)
    assert found, f"rule {code} does not fire on its own fixture"
    expect_lines(case / "expected.txt", found)


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented(code: str) -> None:
    rule = next(rule for rule in ALL_RULES if rule.code == code)
    found = sections(rule)
    missing = [title for title in SECTIONS if not found.get(title)]
    assert not missing, f"{code} docstring lacks sections: {missing}"
    assert rule.name == rule.name.lower() and " " not in rule.name and "_" not in rule.name
    assert rule.default in ("error", "warning", "info")


def test_codes_are_unique_and_every_fixture_folder_is_a_rule() -> None:
    assert len(CODES) == len(set(CODES))
    folders = sorted(path.name for path in RULE_FIXTURES.iterdir() if path.is_dir())
    assert [name for name in folders if name not in CODES] == []


def test_a_rule_that_stops_firing_is_caught() -> None:
    """The fixture check really compares: a selection that drops the rule yields nothing."""
    result = check(RULE_FIXTURES / "MB202" / "memory-bank", today=TODAY, ignore=["MB202"])
    assert lines_of(result, "MB202") == []
