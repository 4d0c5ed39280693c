"""Results are the same with and without every cache: the parse cache and the result cache,
on the real corpora and on a generated bank through a sequence of edits, renames and deletions."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from mbtool.cli import run
from tests.conftest import CORPUS_NAMES, corpus
from tests.perf.conftest import bench_module
from tests.perf.test_results import age

generate = bench_module("generate")

COMMANDS = (
    ("check", "--format", "json", "--today", "2026-01-15"),
    ("check", "--today", "2026-01-15", "--select", "MB2"),
    ("graph",),
    ("impact", "projectbrief.md", "--format", "json"),
)


def outputs(capsys: pytest.CaptureFixture[str], *extra: str) -> list[tuple[int, str]]:
    found = []
    for command in COMMANDS:
        if command[0] == "impact" and not Path("memory-bank/projectbrief.md").is_file():
            continue
        code = run([*command, *extra])
        found.append((code, capsys.readouterr().out))
    return found


def assert_same_without_caches(capsys: pytest.CaptureFixture[str]) -> None:
    cold = outputs(capsys)  # fills both caches (or replays an earlier result)
    warm = outputs(capsys)
    assert warm == cold
    assert outputs(capsys, "--no-cache") == warm


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_every_corpus_gives_the_same_result_from_the_caches(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    shutil.copytree(corpus(name), project / "memory-bank", symlinks=True)
    (project / "mbtool.toml").write_text("", encoding="utf-8")
    age(project)
    monkeypatch.chdir(project)
    assert_same_without_caches(capsys)


def _edit(bank: Path) -> None:
    path = bank / "progress.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Depends On", "Depends  On", 1), encoding="utf-8"
    )


def _rename(bank: Path) -> None:
    documents = sorted(path for path in bank.rglob("*.md") if "/" in path.relative_to(bank).as_posix())
    documents[0].rename(documents[0].with_name("renamed.md"))


def _delete(bank: Path) -> None:
    (bank / "techContext.md").unlink()


def _add(bank: Path) -> None:
    (bank / "extra").mkdir()
    (bank / "extra" / "new.md").write_text(
        "# New\n\n- **Depends On:** projectbrief.md, missing.md\n", encoding="utf-8"
    )


def _retitle(bank: Path) -> None:
    path = bank / "projectbrief.md"
    text = path.read_text(encoding="utf-8")
    path.write_text("# Renamed brief\n" + text.split("\n", 1)[1], encoding="utf-8")


def _move_folder(bank: Path) -> None:
    folders = sorted(path for path in bank.iterdir() if path.is_dir())
    folders[0].rename(bank / "moved")


STEPS: tuple[Callable[[Path], None], ...] = (_edit, _rename, _delete, _add, _retitle, _move_folder)


def test_a_generated_bank_gives_the_same_result_after_every_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = generate.generate(tmp_path / "project", 60)
    project = bank.parent
    monkeypatch.chdir(project)
    assert_same_without_caches(capsys)
    for step in STEPS:
        age(project)
        step(bank)
        assert_same_without_caches(capsys)
