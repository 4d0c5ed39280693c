"""`mbtool procedures list|show|check|export` in-process, on the project's own bank and tmp ones."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from mbtool.cli import run
from tests.conftest import ROOT
from tests.procedures.conftest import Project

CODEX_ID = "dockerWorkflow.md#bootstrapping-codex-cli-environment-locally"


def test_list_json_names_the_codex_cli_bootstrap(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert run(["procedures", "list", "memory-bank", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bank"] == "memory-bank"
    [codex] = [p for p in data["procedures"] if p["id"] == CODEX_ID]
    assert codex["title"] == "Bootstrapping Codex CLI Environment Locally"
    assert codex["steps"][0]["command"] == "bash scripts/run_codex_cli.sh /path/to/your/project\n"


def test_check_of_the_project_bank_passes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert run(["procedures", "check", "memory-bank"]) == 0, capsys.readouterr().out


def test_check_exit_codes_and_json(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.document("# Ops\n\n## Procedure: Go\n\n```bash\nbash scripts/go.sh\n```\n")
    assert project.mbtool("check", str(project.bank), "--format", "json", "--no-shellcheck") == 1
    data = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"], d["column"]) for d in data["diagnostics"]] == [("MB401", 6, 6)]
    assert data["summary"] == {"error": 1, "warning": 0, "info": 0}
    (project.root / "scripts").mkdir()
    (project.root / "scripts" / "go.sh").write_text("echo go\n")
    assert project.mbtool("check", str(project.bank)) == 0


def test_check_respects_suppressions(project: Project) -> None:
    project.document("<!-- mbtool: disable=MB4 -->\n# Ops\n\n## Procedure: Go\n\n```bash\nbash x.sh\n```\n")
    assert project.mbtool("check", str(project.bank), "--no-shellcheck") == 0


def test_show_prints_steps(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.document("# Ops\n\n## Procedure: Go\n\n```bash {name=hello timeout=5}\necho hi\n```\n")
    assert project.mbtool("show", "hello", "--bank", str(project.bank)) == 0
    out = capsys.readouterr().out
    assert "[bash, name=hello, timeout=5]" in out and "    echo hi" in out


def test_show_unknown_id_is_exit_2(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project.document("# Ops\n")
    assert project.mbtool("show", "nope", "--bank", str(project.bank)) == 2
    assert "no procedure `nope`" in capsys.readouterr().err


EXPORTED = """# Ops

## Procedure: Build

```bash {env="GREETING='hello there'"}
echo "$GREETING" > greeting.txt
```

```bash {cwd=sub}
pwd > where.txt
```

```bash {skip}
touch skipped.txt
```
"""


def test_export_is_a_standalone_script_that_passes_bash_n(project: Project, tmp_path: Path) -> None:
    (project.root / "sub").mkdir()
    project.document(EXPORTED)
    script = tmp_path / "build.sh"
    assert (
        project.mbtool(
            "export", "ops.md#procedure-build", "--bank", str(project.bank), "--output", str(script)
        )
        == 0
    )
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail\n" in text
    assert "# Step 1: (untitled) (ops.md:5)" in text
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    # Run from a subfolder: the script finds the project root by the source document.
    env = {key: value for key, value in os.environ.items() if key != "MBTOOL_PROJECT_ROOT"}
    subprocess.run(["bash", str(script)], cwd=project.root / "sub", env=env, check=True)
    assert (project.root / "greeting.txt").read_text() == "hello there\n"
    assert Path((project.root / "sub" / "where.txt").read_text().strip()) == (project.root / "sub").resolve()
    assert not (project.root / "skipped.txt").exists()


def test_export_of_the_codex_bootstrap_passes_bash_n(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    assert run(["procedures", "export", CODEX_ID]) == 0
    script = capsys.readouterr().out
    assert "bash scripts/run_codex_cli.sh /path/to/your/project" in script
    result = subprocess.run(["bash", "-n"], input=script, text=True, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
