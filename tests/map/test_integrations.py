"""The CI integrations: pre-commit hook definitions, the composite action, the CI docs page."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from mbtool.cli import run
from tests.banks import doc
from tests.banks import write_project as write_bank
from tests.conftest import ROOT


def hooks() -> list[dict[str, Any]]:
    loaded = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(loaded, list)
    return loaded


def action() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "action.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_hook_definitions() -> None:
    by_id = {hook["id"]: hook for hook in hooks()}
    assert by_id["mbtool-check"]["entry"] == "mbtool check"
    assert by_id["mbtool-map"]["entry"] == "mbtool map"
    for hook in by_id.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        pattern = re.compile(hook["files"])
        assert pattern.search("memory-bank/progress.md") and not pattern.search("mbtool/cli.py")


@pytest.mark.parametrize("hook_id", ["mbtool-map", "mbtool-check"])
def test_hook_entries_run_on_a_fixture_bank(
    hook_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hook = next(hook for hook in hooks() if hook["id"] == hook_id)
    command, *argv = [*shlex.split(hook["entry"]), *hook.get("args", [])]
    assert command == "mbtool"
    write_bank(
        tmp_path, {"a.md": doc("A", required="[b.md](b.md)"), "b.md": doc("B", depends="[a.md](a.md)")}
    )
    monkeypatch.chdir(tmp_path)  # hooks run at the repository root with no file names
    assert run(["map"]) == 0  # both hooks start from a fresh map, as after `mbtool-map`
    stamp = (tmp_path / "memory-bank" / "dependencies.md").stat().st_mtime_ns
    assert run(argv) == 0
    assert (tmp_path / "memory-bank" / "dependencies.md").stat().st_mtime_ns == stamp
    (tmp_path / "memory-bank" / "c.md").write_text(doc("C", depends="[b.md](b.md)"))
    (tmp_path / "memory-bank" / "b.md").write_text(doc("B", depends="[a.md](a.md)", required="[c.md](c.md)"))
    if hook_id == "mbtool-map":  # rewrites the stale map; pre-commit then fails on the change
        assert run(argv) == 0
        assert "[c.md](c.md)" in (tmp_path / "memory-bank" / "dependencies.md").read_text()
    else:  # reports the stale map as MB303
        assert run(argv) == 1


def test_action_is_a_composite_with_the_documented_inputs() -> None:
    spec = action()
    assert set(spec["inputs"]) == {"bank", "python-version", "since"}
    assert spec["runs"]["using"] == "composite"
    scripts = "\n".join(step.get("run", "") for step in spec["runs"]["steps"])
    assert "pip install --quiet uv" in scripts
    assert 'uv tool install --quiet "$MBTOOL_SOURCE"' in scripts
    assert "--format github" in scripts
    assert 'mbtool impact --since "$MBTOOL_SINCE" --format markdown' in scripts
    assert '>> "$GITHUB_STEP_SUMMARY"' in scripts
    sources = [
        step["env"]["MBTOOL_SOURCE"]
        for step in spec["runs"]["steps"]
        if "MBTOOL_SOURCE" in step.get("env", {})
    ]
    assert sources == ["${{ github.action_path }}"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_action_scripts_and_doc_snippets_parse_as_bash() -> None:
    """Inputs reach the scripts through `env`, never `${{ }}` inside `run` (no injection)."""
    scripts = [step["run"] for step in action()["runs"]["steps"] if "run" in step]
    page = (ROOT / "docs" / "ci.md").read_text()
    scripts += re.findall(r"```bash\n(.*?)```", page, flags=re.DOTALL)
    assert len(scripts) >= 5
    for script in scripts:
        assert "${{" not in script
        subprocess.run(["bash", "-n"], input=script, text=True, check=True)


def test_ci_page_shows_every_integration() -> None:
    page = (ROOT / "docs" / "ci.md").read_text()
    for needle in (
        "id: mbtool-check",
        "id: mbtool-map",
        "uses: OWNER/mbtool@",
        "since:",
        "mbtool check memory-bank",
        "mbtool map memory-bank --check",
    ):
        assert needle in page
