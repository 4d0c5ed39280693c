"""The whole-result cache (`mbtool.reading.results`): a warm run with nothing changed replays the
stored output without loading the bank; any change to what the result rests on is noticed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import mbtool.api
from mbtool.cli import run
from tests.conftest import ROOT

MakeBank = Callable[..., Path]


def age(root: Path, seconds: float = 30) -> None:
    """Move every modification time under `root` (itself included) into the past, as if the
    files had been written a while ago: inputs changed just before a run are "racy" and never
    trusted on `stat` alone."""
    past = time.time() - seconds
    for folder, _, files in os.walk(root):
        for name in files:
            os.utime(Path(folder) / name, (past, past))
        os.utime(folder, (past, past))


@pytest.fixture
def project(make_bank: MakeBank) -> Path:
    bank = make_bank()
    age(bank.parent)
    return bank.parent


def output_of(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run(list(argv))
    return code, capsys.readouterr().out


def test_a_warm_run_with_nothing_changed_parses_nothing_and_loads_nothing(
    project: Path,
    parsed: list[str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(project)
    first = output_of(capsys, "check", "--format", "json")
    assert sorted(parsed) == ["bad.md", "progress.md", "projectbrief.md", "topics/docker.md"]
    parsed.clear()
    monkeypatch.setattr(mbtool.api, "analyse", _refuse)
    assert output_of(capsys, "check", "--format", "json") == first
    assert parsed == []


def test_a_result_larger_than_a_document_may_be_is_replayed(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A check of 10,000 documents prints more than the 20 MiB a document may have.
    import mbtool.reading.files

    monkeypatch.chdir(project)
    first = output_of(capsys, "check", "--format", "json")
    monkeypatch.setattr(mbtool.reading.files, "MAX_FILE_BYTES", 16)
    monkeypatch.setattr(mbtool.api, "analyse", _refuse)
    assert output_of(capsys, "check", "--format", "json") == first


def test_a_run_after_one_edit_parses_exactly_that_file(
    project: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    output_of(capsys, "check")
    parsed.clear()
    (project / "memory-bank" / "progress.md").write_text("# Progress\n\nEdited.\n", encoding="utf-8")
    code, out = output_of(capsys, "check")
    assert parsed == ["progress.md"]
    assert (code, out) == output_of(capsys, "check", "--no-cache")


def test_a_document_written_just_before_a_run_is_checked_by_its_bytes(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its `stat` may not change on the next edit (same size, same time tick), so it is hashed:
    unchanged bytes still replay, changed ones never do."""
    monkeypatch.chdir(project)
    target = project / "memory-bank" / "progress.md"
    target.write_text("# Progress\n\n- **Depends On:** projectbrief.md\n", encoding="utf-8")
    os.utime(project / "memory-bank", (time.time() - 30, time.time() - 30))
    first = output_of(capsys, "check", "--format", "json")
    with monkeypatch.context() as patched:
        patched.setattr(mbtool.api, "analyse", _refuse)
        assert output_of(capsys, "check", "--format", "json") == first
    stamp = target.stat()
    target.write_text("# Progress\n\n- **Depends On:** projectbrief.mx\n", encoding="utf-8")
    os.utime(target, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, same time
    assert output_of(capsys, "check", "--format", "json") == output_of(
        capsys, "check", "--format", "json", "--no-cache"
    )


CHANGES: dict[str, Callable[[Path], None]] = {
    "a document edited": lambda root: _write(root / "memory-bank" / "progress.md", "# Progress\n"),
    "a document added": lambda root: _write(root / "memory-bank" / "new.md", "# New\n\nSee progress.md.\n"),
    "a document deleted": lambda root: (root / "memory-bank" / "topics" / "docker.md").unlink(),
    "a document renamed": lambda root: (root / "memory-bank" / "progress.md").rename(
        root / "memory-bank" / "progres.md"
    ),
    "a folder added": lambda root: _write(root / "memory-bank" / "more" / "x.md", "# X\n"),
    "the configuration edited": lambda root: _write(root / "mbtool.toml", 'core-files = "none"\n'),
    "a referenced project file created": lambda root: _write(root / "scripts" / "run.sh", "echo\n"),
    "an instruction file edited": lambda root: _write(root / "AGENTS.md", "Read `memory-bank/nope.md`.\n"),
    "a document made unreadable": lambda root: (root / "memory-bank" / "progress.md").chmod(0),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_kind_of_change_is_noticed(
    change: str, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if change == "a document made unreadable" and os.geteuid() == 0:
        pytest.skip("root reads any file")
    monkeypatch.chdir(project)
    _write(project / "memory-bank" / "progress.md", "# Progress\n\nRuns `scripts/run.sh`.\n")
    _write(project / "scripts" / "keep.txt", "")  # the folders exist: only a walk can see inside
    _write(project / "AGENTS.md", "Read `memory-bank/progress.md`.\n")
    age(project)
    argv = ["check", "memory-bank", "--format", "json"]
    first = output_of(capsys, *argv)
    with monkeypatch.context() as patched:
        patched.setattr(mbtool.api, "analyse", _refuse)
        assert output_of(capsys, *argv) == first  # stored, and replayed
    CHANGES[change](project)
    warm = output_of(capsys, *argv)
    assert warm == output_of(capsys, *argv, "--no-cache")
    assert warm != first  # every change here changes the result


def test_the_day_and_the_arguments_are_part_of_the_result(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    _write(project / "memory-bank" / "due.md", "# Due\n\n**Next Review:** 2025-06-01\n")
    age(project)
    early = output_of(capsys, "check", "--today", "2025-01-01")
    late = output_of(capsys, "check", "--today", "2025-12-01")
    assert "MB301" not in early[1] and "MB301" in late[1]
    assert output_of(capsys, "check", "--today", "2025-01-01") == early
    assert output_of(capsys, "check", "--today", "2025-01-01", "--select", "MB3") != early


def test_impact_and_graph_replay_without_loading(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    impact = output_of(capsys, "impact", "projectbrief.md", "--format", "json")
    graph = output_of(capsys, "graph")
    monkeypatch.setattr(mbtool.api, "analyse", _refuse)
    assert output_of(capsys, "impact", "projectbrief.md", "--format", "json") == impact
    assert output_of(capsys, "graph") == graph


def test_a_new_impact_query_is_answered_from_the_kept_graph(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    output_of(capsys, "check")  # keeps the graph beside its result
    expected = [
        output_of(capsys, "impact", target, "--format", "json", "--no-cache", *extra)
        for target in ("projectbrief.md", "progress.md")
        for extra in ((), ("--upstream",))
    ]
    with monkeypatch.context() as patched:
        patched.setattr(mbtool.api, "analyse", _refuse)
        answered = [
            output_of(capsys, "impact", target, "--format", "json", *extra)
            for target in ("projectbrief.md", "progress.md")
            for extra in ((), ("--upstream",))
        ]
    assert answered == expected and '"impacted"' in answered[0][1]
    (project / "memory-bank" / "progress.md").write_text("# Progress\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(mbtool.api, "analyse", _refuse)
        assert run(["impact", "topics/docker.md"]) == 3  # the graph may have changed: loads the bank
    assert "the bank was loaded" in capsys.readouterr().err


def test_a_git_commit_is_noticed(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(project)
    _git(project, "init", "-q")
    _git(project, "add", ".")
    _git(project, "commit", "-qm", "first")
    age(project)
    first = output_of(capsys, "check", "--format", "json")
    monkeypatch.setattr(mbtool.api, "analyse", _refuse)
    assert output_of(capsys, "check", "--format", "json") == first
    _write(project / "scripts" / "run.sh", "echo\n")  # untracked, not ignored: a project file now
    monkeypatch.undo()
    monkeypatch.chdir(project)
    assert output_of(capsys, "check", "--format", "json") == output_of(
        capsys, "check", "--format", "json", "--no-cache"
    )


def test_a_hit_imports_no_heavy_module(project: Path) -> None:
    script = (
        "import sys\nfrom mbtool.cli import run\nrun(sys.argv[1:])\n"
        "heavy = sorted({'pydantic', 'networkx', 'markdown_it'} & set(sys.modules))\n"
        "print('HEAVY', ','.join(heavy), file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = [sys.executable, "-c", script, "check", "--format", "json"]
    runs = [subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, check=False)]
    runs.append(subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True, check=False))
    assert runs[0].stdout == runs[1].stdout and json.loads(runs[1].stdout)["documents"] == 4
    assert runs[0].stderr.strip().endswith("HEAVY markdown_it,networkx,pydantic")
    assert runs[1].stderr.strip().endswith("HEAVY")


def test_no_cache_neither_reads_nor_writes_results(
    project: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    output_of(capsys, "check", "--no-cache")
    assert not (cache_folder / "results-v1").exists()


def test_a_damaged_entry_is_a_miss(
    project: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    first = output_of(capsys, "check")
    for entry in (cache_folder / "results-v1").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        data["output"] = "forged\n"
        data["facts"][0][1] = [1, 2, 3, 4, 5]
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert output_of(capsys, "check") == first
    for entry in (cache_folder / "results-v1").glob("*.json"):
        entry.write_bytes(b"\x00 not json")
    assert output_of(capsys, "check") == first


def _refuse(*_: object, **__: object) -> None:
    raise AssertionError("the bank was loaded")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)
