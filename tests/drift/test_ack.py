"""`mbtool ack`: the only writer of review data; it clears MB311 and is idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.api import ack, check
from mbtool.cli import run
from mbtool.git import blob_id
from tests.check.helpers import TODAY, lines_of
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git

SYSTEM = (
    "# System\n\n- **Describes:** `src/app.py`\n\n---\n\n**Last Updated:** 2026-01-10  \n**Status:** Active\n"
)


def drifted(root: Path) -> Repo:
    repo = Repo(root)
    repo.commit("Start", "2026-01-05", {"src/app.py": "X = 1\n", "memory-bank/system.md": SYSTEM})
    repo.commit("Change", "2026-01-12", {"src/app.py": "X = 2\n"})
    return repo


def test_ack_clears_the_finding_and_a_second_ack_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = drifted(tmp_path)
    assert len(lines_of(check(repo.bank, today=TODAY), "MB311")) == 1
    monkeypatch.chdir(tmp_path)
    assert run(["ack", "system.md", "memory-bank", "--today", "2026-01-13"]) == 0
    assert "Recorded a review of system.md: Last Reviewed 2026-01-13" in capsys.readouterr().out
    path = repo.bank / "system.md"
    after = path.read_bytes()
    assert (
        after
        == SYSTEM.replace("Active", "Active")
        .replace(
            "**Last Updated:** 2026-01-10  \n",
            "**Last Updated:** 2026-01-10  \n**Last Reviewed:** 2026-01-13  \n",
        )
        .encode()
    )
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []
    stat = path.stat()
    assert run(["ack", "system.md", "memory-bank", "--today", "2026-01-13"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert path.read_bytes() == after and path.stat().st_mtime_ns == stat.st_mtime_ns
    repo.commit("Later", "2026-01-14", {"src/app.py": "X = 3\n"})
    assert len(lines_of(check(repo.bank, today=TODAY), "MB311")) == 1


def test_ack_ref_records_the_blob_and_catches_a_same_day_change(tmp_path: Path) -> None:
    repo = drifted(tmp_path)
    result = ack(repo.bank, "system.md", refs=["src/app.py"], today=TODAY.replace(year=2026, month=1, day=12))
    assert result.changed and result.recorded == (("src/app.py", blob_id(b"X = 2\n")),)
    text = (repo.bank / "system.md").read_text()
    reviewed = blob_id(b"X = 2\n")
    assert text.startswith(f"---\nreviewed:\n  src/app.py: {reviewed}\n---\n# System\n")
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []
    repo.git("add", "-A")
    repo.git("commit", "-q", "-m", "Reviewed", when="2026-01-12T13:00:00+00:00")
    # the date alone would hide this same-day change; the recorded blob does not
    newest = repo.commit("Same day", "2026-01-12", {"src/app.py": "X = 9\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == [
        f"system.md:7:18: MB311 `src/app.py` changed in 1 commit after the version reviewed with "
        f"`mbtool ack --ref` (`{repo.git('rev-parse', '--short=7', 'HEAD~2').strip()}`); "
        f"newest `{newest}` on 2026-01-12 (Same day)"
    ]
    again = ack(repo.bank, "system.md", today=TODAY.replace(year=2026, month=1, day=12))
    assert again.recorded == (("src/app.py", blob_id(b"X = 9\n")),)  # an ack refreshes the records
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []


def test_ack_refuses_what_is_not_a_document_or_not_described(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = drifted(tmp_path)
    before = (repo.bank / "system.md").read_bytes()
    assert run(["ack", "nothing.md", str(repo.bank)]) == 2
    assert run(["ack", "system.md", str(repo.bank), "--ref", "src/other.py"]) == 2
    assert "is not a file that `system.md` describes" in capsys.readouterr().err
    assert (repo.bank / "system.md").read_bytes() == before


def test_ack_keeps_a_bom_and_a_read_only_file_is_left_alone(tmp_path: Path) -> None:
    repo = drifted(tmp_path)
    path = repo.bank / "system.md"
    path.write_bytes("\ufeff".encode() + SYSTEM.encode())
    ack(repo.bank, "system.md", today=TODAY)
    assert path.read_bytes().startswith("\ufeff# System".encode())
    path.chmod(0o444)  # read-only is the user's word: not even root writes it
    assert run(["ack", "system.md", str(repo.bank), "--today", "2026-07-01"]) == 2
    path.chmod(0o644)
