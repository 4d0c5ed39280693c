"""MB401, MB402, MB403: registered, documented, and each fixture bank triggers its rule once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from mbtool.analysis import Analysis
from mbtool.api import load
from mbtool.checks.rules import ALL_RULES, Violation, rule_by_code
from tests.conftest import FIXTURES
from tests.procedures.conftest import Project

CODES = {
    "MB401": ("procedure-missing-script", "error"),
    "MB402": ("procedure-syntax-error", "error"),
    "MB403": ("malformed-fence", "warning"),
}


def violations(bank: Path, code: str) -> list[Violation]:
    loaded = load(bank)
    rule = rule_by_code(code)
    assert rule is not None
    return list(rule.function(Analysis(loaded, today=dt.date(2026, 1, 1))))


@pytest.mark.parametrize("code", sorted(CODES))
def test_registered_and_documented(code: str) -> None:
    rule = rule_by_code(code)
    assert rule is not None and rule in ALL_RULES
    assert (rule.name, rule.default) == CODES[code]
    for section in ("What it does", "Why is this bad?", "Example", "Use instead", "Fix"):
        assert section in rule.doc


@pytest.mark.parametrize("code", sorted(CODES))
def test_fixture_triggers_only_its_rule_once(code: str, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules" / code, tmp_path / "case")
    bank = tmp_path / "case" / "memory-bank"
    found = {other: violations(bank, other) for other in CODES}
    assert len(found.pop(code)) == 1
    assert found == {other: [] for other in found}


def test_missing_script_points_at_the_script_path(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules" / "MB401", tmp_path / "case")
    bank = tmp_path / "case" / "memory-bank"
    [found] = violations(bank, "MB401")
    line = (bank / "setup.md").read_text().splitlines()[found.line - 1]
    assert line[found.column - 1 :].startswith("scripts/install_tools.sh")
    assert found.message == "procedure step runs `scripts/install_tools.sh`, which does not exist"
    (tmp_path / "case" / "scripts" / "install_tools.sh").write_text("echo hi\n")
    assert violations(bank, "MB401") == []


def test_missing_script_honours_cwd_and_earlier_steps(project: Project) -> None:
    (project.root / "tools").mkdir()
    (project.root / "tools" / "here.sh").write_text("echo\n")
    project.document(
        "# Ops\n\n## Procedure: Go\n\n```bash {cwd=tools}\nbash here.sh\n```\n\n"
        "```bash\ncurl -o get.sh https://example.org/get.sh\n```\n\n"
        "```bash\nbash get.sh\n```\n"
    )
    assert violations(project.bank, "MB401") == []


def test_syntax_error_is_placed_on_the_document_line(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules" / "MB402", tmp_path / "case")
    bank = tmp_path / "case" / "memory-bank"
    [found] = violations(bank, "MB402")
    lines = (bank / "setup.md").read_text().splitlines()
    assert lines[found.line - 1].strip() == "```"  # bash reports the missing `fi` at end of input
    assert found.message == "procedure step fails `bash -n`: syntax error: unexpected end of file"


def test_malformed_fence_message(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "rules" / "MB403", tmp_path / "case")
    [found] = violations(tmp_path / "case" / "memory-bank", "MB403")
    assert (found.line, found.column) == (7, 1)
    assert found.message.startswith("fence info `bash notest` has the bare word `notest` outside braces")
