"""Co-change rules over a pull request's range: MB313 (`check --since REF`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.api import check
from mbtool.cli import run
from tests.check.helpers import TODAY, lines_of
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git

CONFIG = 'core-files = "none"\n\n[[co-change]]\nwhen = ["src/**"]\nrequire = ["progress.md", "notes/*.md"]\n'


def pull_request(root: Path) -> Repo:
    repo = Repo(root, CONFIG)
    repo.commit(
        "Base",
        "2026-01-05",
        {
            "src/app.py": "X = 1\n",
            "docs/x.txt": "x\n",
            "memory-bank/progress.md": "# Progress\n\n**Last Updated:** 2026-01-05\n",
            "memory-bank/notes/a.md": "# A\n",
            "memory-bank/notes/b.md": "# B\n",
        },
    )
    repo.git("tag", "base")
    return repo


def test_a_trigger_without_the_required_documents_is_reported(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB313") == []
    repo.commit("Change the app", "2026-01-06", {"src/app.py": "X = 2\n", "src/new.py": "Y = 1\n"})
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB313") == [
        "notes/a.md:1:1: MB313 `src/app.py` and 1 other file matching `src/**` changed since `base` "
        "but this document did not (co-change rule 1)",
        "progress.md:3:1: MB313 `src/app.py` and 1 other file matching `src/**` changed since `base` "
        "but this document did not (co-change rule 1)",
    ]
    assert lines_of(check(repo.bank, today=TODAY), "MB313") == []  # without a range: nothing to compare


def test_the_required_documents_changing_satisfies_the_rule(tmp_path: Path) -> None:
    repo = pull_request(tmp_path)
    repo.commit("Docs only", "2026-01-06", {"docs/x.txt": "y\n"})
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB313") == []
    repo.commit(
        "Change the app", "2026-01-07", {"src/app.py": "X = 2\n", "memory-bank/notes/b.md": "# B\n\nMore.\n"}
    )
    assert [line.split(":")[0] for line in lines_of(check(repo.bank, since="base"), "MB313")] == [
        "progress.md"
    ]
    # an uncommitted edit counts: the pull request is still being written
    (repo.bank / "progress.md").write_text("# Progress\n\n**Last Updated:** 2026-01-07\n")
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB313") == []


def test_the_cli_fails_the_build_only_at_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = pull_request(tmp_path)
    repo.commit("Change the app", "2026-01-06", {"src/app.py": "X = 2\n"})
    assert run(["check", str(repo.bank), "--since", "base", "--select", "MB313"]) == 0
    assert "MB313" in capsys.readouterr().out
    (tmp_path / "mbtool.toml").write_text('fail-on = "warning"\n' + CONFIG)
    assert run(["check", str(repo.bank), "--since", "base", "--select", "MB313"]) == 1


def test_a_requirement_that_names_no_document_is_a_configuration_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = pull_request(tmp_path)
    (tmp_path / "mbtool.toml").write_text(CONFIG.replace("progress.md", "progres.md"))
    repo.commit("Change the app", "2026-01-06", {"src/app.py": "X = 2\n"})
    assert run(["check", str(repo.bank), "--since", "base"]) == 2
    assert "co-change rule 1 requires `progres.md`" in capsys.readouterr().err


def test_co_change_tables_are_validated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = pull_request(tmp_path)
    (tmp_path / "mbtool.toml").write_text('[[co-change]]\nwhen = ["src/**"]\n')
    assert run(["check", str(repo.bank)]) == 2
    assert "co-change" in capsys.readouterr().err
