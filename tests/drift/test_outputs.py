"""Drift findings in every format: JSON evidence, SARIF `relatedLocations` into the code, and
`impact --since` listing the documents whose described code changed in the range."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mbtool.cli import run
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git

SCHEMA = json.loads((Path(__file__).parents[1] / "check" / "sarif-2.1.0-subset.schema.json").read_text())


def project(root: Path) -> tuple[Repo, str]:
    repo = Repo(root)
    repo.commit(
        "Start",
        "2026-01-05",
        {
            "src/calc.py": "def add(a, b):\n    return a + b\n",
            "memory-bank/system.md": "# System\n\n- **Describes:** `src/calc.py::add`\n"
            "- **Required By:** active.md\n\n**Last Reviewed:** 2026-01-10\n",
            "memory-bank/active.md": "# Active\n\n- **Depends On:** system.md\n",
        },
    )
    changed = repo.commit(
        "Add three", "2026-01-11", {"src/calc.py": "def add(a, b, c=0):\n    return a + b + c\n"}
    )
    return repo, changed


def test_json_carries_the_evidence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, changed = project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(["check", "memory-bank", "--format", "json", "--select", "MB311"]) == 0
    data = json.loads(capsys.readouterr().out)
    drifted = next(d for d in data["diagnostics"] if d["path"] == "system.md")
    assert drifted["related"] == [{"path": "src/calc.py", "line": 1, "message": "`add`"}]
    evidence = drifted["evidence"]
    assert evidence["review_point"] == "after this document's review point (Last Reviewed 2026-01-10)"
    assert evidence["reviewed"] == "2026-01-10"
    (code,) = evidence["code"]
    assert code["reference"] == "src/calc.py::add" and code["change"] == "signature"
    assert [c["id"][:7] for c in code["commits"]] == [changed]
    assert (
        code["commits"][0]["date"] == "2026-01-11T12:00:00+00:00"
        and code["commits"][0]["subject"] == "Add three"
    )
    other = next(d for d in data["diagnostics"] if d["path"] == "active.md")
    assert "related" not in other and "evidence" not in other  # the §6 shape for everything else


def test_sarif_points_into_the_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    run(["check", "memory-bank", "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    jsonschema.validate(log, SCHEMA)
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "MB311" and r["level"] == "warning"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "memory-bank/system.md"
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {"artifactLocation": {"uri": "src/calc.py"}, "region": {"startLine": 1}},
            "message": {"text": "`add`"},
        }
    ]
    assert result["properties"]["evidence"]["code"][0]["change"] == "signature"


def test_impact_since_lists_documents_whose_code_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert run(["impact", "--since", "HEAD~1", "--bank", "memory-bank", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code_changed"] == {"system.md": ["src/calc.py::add"]}
    assert data["changed"] == ["system.md"]
    assert [item["id"] for item in data["impacted"]] == ["active.md"]
    assert run(["impact", "--since", "HEAD~1", "--bank", "memory-bank"]) == 0
    assert "system.md: described code changed (src/calc.py::add)" in capsys.readouterr().out
    assert run(["impact", "--since", "HEAD", "--bank", "memory-bank", "--format", "json"]) == 0
    assert "code_changed" not in json.loads(capsys.readouterr().out)
