"""One fixture bank per rule: it must fire exactly as pinned, and every rule must have one.

`tests/fixtures/rules/<CODE>/` holds `memory-bank/` (plus `mbtool.toml` and any project
files) and `expected.txt`: the findings of that code, one `path:line:col: CODE message`
per line. A rule that stops firing, fires twice or moves fails here.

A rule about git history (MB311–MB313) cannot be a static folder: git does not store a
repository inside another one. Its fixture adds a `build.py` whose `build(root)` turns a
copy of the folder into a repository with fixed commit dates (and returns extra `check`
arguments, such as `since`); the test runs it in a temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from mbtool.api import check
from mbtool.checks.rules import ALL_RULES
from mbtool.checks.rules.docs import SECTIONS, sections
from tests.check.helpers import RULE_FIXTURES, TODAY, copy_case, expect_lines, lines_of

CODES = sorted(rule.code for rule in ALL_RULES)


@pytest.mark.parametrize("code", CODES)
def test_rule_fixture_fires_as_pinned(code: str, tmp_path: Path) -> None:
    case = RULE_FIXTURES / code
    assert (case / "memory-bank").is_dir(), f"rule {code} has no fixture bank in tests/fixtures/rules/{code}/"
    bank, options = built(case, tmp_path)
    found = lines_of(check(bank, today=TODAY, **options), code)
    assert found, f"rule {code} does not fire on its own fixture"
    expect_lines(case / "expected.txt", found)


def built(case: Path, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The fixture's bank, and extra `check` arguments: as it is, or built by its `build.py`."""
    recipe = case / "build.py"
    if not recipe.is_file():
        return case / "memory-bank", {}
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    work = copy_case(case, tmp_path / case.name)
    (work / "build.py").unlink()
    (work / "expected.txt").unlink(missing_ok=True)
    namespace: dict[str, Any] = {"__name__": f"fixture_{case.name}"}
    exec(compile(recipe.read_text(encoding="utf-8"), str(recipe), "exec"), namespace)  # no bytecode left
    options: dict[str, Any] = namespace["build"](work) or {}
    return work / "memory-bank", options


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
