"""Output formats: text, json (DESIGN §6 exactly), github (golden) and sarif (schema-valid)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mbtool.api import check
from mbtool.cli import run
from mbtool.report import Display, render
from tests.check.helpers import CHECK_FIXTURES, TODAY
from tests.conftest import ROOT

SAMPLE = CHECK_FIXTURES / "sample"
SAMPLE_BANK = "tests/fixtures/check/sample/memory-bank"
SCHEMA = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def run_check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(["check", SAMPLE_BANK, "--today", "2026-06-01", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out


def test_text_lines_and_summary(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run_check(capsys)
    lines = out.splitlines()
    assert code == 1  # MB201 is an error
    assert lines[0] == (
        "tests/fixtures/check/sample/memory-bank/a.md:7:19: MB202 "
        "`a.md` depends on `b.md`, but `b.md` does not list it under Required By"
    )
    assert (
        lines[-1] == "Found 5 problems (1 error, 3 warnings, 1 info) in 3 documents; 1 fixable with `--fix`"
    )
    assert "\x1b[" not in out  # not a terminal: no colour


def test_text_colour_only_when_asked() -> None:
    result = check(SAMPLE / "memory-bank", today=TODAY)
    coloured = render(result, "text", Display(cwd=ROOT, color=True))
    plain = render(result, "text", Display(cwd=ROOT, color=False))
    assert "\x1b[31mMB201\x1b[0m" in coloured
    assert "\x1b[" not in plain


def test_text_when_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n')
    (bank / "a.md").write_text("# A\n\n- **Depends On:** b.md\n")
    (bank / "b.md").write_text("# B\n\n- **Required By:** a.md\n")
    assert run(["check", str(bank)]) == 0
    assert capsys.readouterr().out == "Profile: none (configured)\nAll checks passed (2 documents)\n"


def test_json_is_design_shape(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run_check(capsys, "--format", "json")
    data = json.loads(out)
    assert list(data) == ["version", "bank", "profile", "documents", "diagnostics", "summary", "hints"]
    assert data["version"] == 1 and data["bank"] == SAMPLE_BANK and data["documents"] == 3
    assert data["summary"] == {"error": 1, "warning": 3, "info": 1}
    for item in data["diagnostics"]:
        assert list(item) == ["code", "name", "severity", "path", "line", "column", "message", "fix"]
        assert "/" not in item["path"] or not item["path"].startswith(("tests", "/"))
        assert item["line"] >= 1 and item["column"] >= 1
        assert item["fix"] is None or set(item["fix"]) == {"description", "edits"}
    fixed = next(item for item in data["diagnostics"] if item["code"] == "MB202")
    assert fixed["fix"]["edits"][0]["path"] == "b.md"


def test_github_annotations_are_pinned(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run_check(capsys, "--format", "github")
    assert out == (CHECK_FIXTURES / "github.golden").read_text(encoding="utf-8")


def test_github_escapes_properties_and_data() -> None:
    from mbtool.report.github import _data, _property

    assert _property("a,b:c%") == "a%2Cb%3Ac%25"
    assert _data("50%\nnext") == "50%25%0Anext"


def test_sarif_validates_against_schema(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = run_check(capsys, "--format", "sarif")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {"MB202", "MB901"} <= {rule["id"] for rule in rules}
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    levels = {result["ruleId"]: result["level"] for result in run_["results"]}
    assert levels["MB201"] == "error" and levels["MB210"] == "note"
    uri = run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"{SAMPLE_BANK}/a.md"


def test_hints_reach_sarif_and_github(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n')
    (bank / "a.md").write_text("# A\n\nNotes.\n")
    (bank / "b.md").write_text("# B\n\nMore notes.\n")
    run(["check", str(bank), "--format", "sarif"])
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA, format_checker=jsonschema.FormatChecker())
    (invocation,) = data["runs"][0]["invocations"]
    (note,) = invocation["toolConfigurationNotifications"]
    assert note["associatedRule"]["id"] == "MB102" and "declares a relation" in note["message"]["text"]
    run(["check", str(bank), "--format", "github"])
    assert "::notice title=MB102 hint::no document in this bank declares" in capsys.readouterr().out


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The schema is strict enough to catch a missing field or a wrong version."""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.0.0", "runs": []}, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}, SCHEMA)


def test_output_file(tmp_path: Path, at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.sarif"
    code, out = run_check(capsys, "--format", "sarif", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
