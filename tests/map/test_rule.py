"""MB303 stale-map: fires only for a map document that has the markers and a stale region."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from mbtool.analysis import Analysis
from mbtool.api import load
from mbtool.checks.diagnostics import TextEdit
from mbtool.checks.rules import ALL_RULES, Violation, rule_by_code
from mbtool.checks.rules.map import stale_map
from mbtool.mapdoc import write_map
from mbtool.reading.discover import locate
from tests.conftest import FIXTURES

FIXTURE = FIXTURES / "rules" / "MB303"


def violations(bank: Path) -> list[Violation]:
    loaded = load(bank)
    return list(stale_map(Analysis(loaded, today=dt.date(2026, 1, 1))))


def apply(path: Path, edit: TextEdit) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[edit.start_line - 1 : edit.end_line] = [edit.new_text]
    path.write_text("".join(lines))


def test_registered_with_code_name_and_default() -> None:
    rule = rule_by_code("mb303")
    assert rule is not None and rule in ALL_RULES
    assert (rule.name, rule.default) == ("stale-map", "error")
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix"):
        assert section in rule.doc


def test_fixture_map_is_reported_at_its_start_marker(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "case")
    bank = tmp_path / "case" / "memory-bank"
    [found] = violations(bank)
    lines = (bank / "dependencies.md").read_text().splitlines()
    assert (found.path, found.column) == ("dependencies.md", 1)
    assert lines[found.line - 1] == "<!-- mbtool:map:start -->"
    assert found.message == (
        "the generated region of `dependencies.md` is stale; run `mbtool map` to regenerate it"
    )


def test_applying_the_fix_makes_the_map_fresh(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "case")
    bank = tmp_path / "case" / "memory-bank"
    [found] = violations(bank)
    assert found.fix is not None
    [edit] = found.fix.edits
    apply(bank / edit.path, edit)
    assert violations(bank) == []
    assert write_map(locate(bank))[0] == "unchanged"


def test_empty_region_fix_is_an_insertion(chain: Path) -> None:
    (chain / "dependencies.md").write_text("# Map\n\n<!-- mbtool:map:start -->\n<!-- mbtool:map:end -->\n")
    [found] = violations(chain)
    assert found.fix is not None
    [edit] = found.fix.edits
    assert (edit.start_line, edit.end_line) == (4, 3)


def test_fresh_map_and_missing_markers_are_not_findings(chain: Path) -> None:
    assert violations(chain) == []  # no map document at all
    (chain / "dependencies.md").write_text("# Map\n\nHand-written, no markers.\n")
    assert violations(chain) == []
    write_map(locate(chain))
    assert violations(chain) == []
