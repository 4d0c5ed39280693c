"""`mbtool map` and `mbtool schema map` through the real CLI, in-process."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from mbtool.cli import run
from tests.conftest import ROOT


def test_the_project_map_is_fresh(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["map", str(ROOT / "memory-bank"), "--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_editing_a_dependency_makes_the_map_stale(
    project_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["map", str(project_bank), "--check"]) == 0
    progress = project_bank / "progress.md"
    progress.write_text(
        progress.read_text().replace(
            "- **Depends On:** [activeContext.md](activeContext.md)",
            "- **Depends On:** [activeContext.md](activeContext.md), [techContext.md](techContext.md)",
        )
    )
    before = (project_bank / "dependencies.md").read_bytes()
    assert run(["map", str(project_bank), "--check"]) == 1
    assert "is stale; run `mbtool map`" in capsys.readouterr().out
    assert (project_bank / "dependencies.md").read_bytes() == before  # --check never writes
    assert run(["map", str(project_bank)]) == 0
    assert run(["map", str(project_bank), "--check"]) == 0


def test_check_on_a_bank_without_a_map_fails(chain: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["map", str(chain), "--check"]) == 1
    assert "does not exist" in capsys.readouterr().out
    assert not (chain / "dependencies.md").exists()


def test_json_output_validates_against_the_generated_schema(
    project_bank: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["schema", "map"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert run(["map", str(project_bank), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["layers"][0] == ["projectbrief.md"]
    data["nodes"][0]["kind"] = "planet"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_json_to_a_file_leaves_the_bank_alone(chain: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "map.json"
    assert run(["map", str(chain), "--format", "json", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["metadata"]["documents"] == 3
    assert not (chain / "dependencies.md").exists()


def test_markdown_to_a_file_is_the_document_map_would_write(chain: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview.md"
    assert run(["map", str(chain), "--output", str(out)]) == 0
    assert not (chain / "dependencies.md").exists()
    assert run(["map", str(chain)]) == 0
    assert out.read_text() == (chain / "dependencies.md").read_text()


def test_check_with_json_is_a_usage_error(chain: Path) -> None:
    assert run(["map", str(chain), "--check", "--format", "json"]) == 2


def test_unknown_bank_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["map", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err
