"""MB311 and MB312 on real git repositories with fixed dates (DESIGN §13)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mbtool import git as history
from mbtool.api import check
from mbtool.cli import run
from tests.check.helpers import TODAY, lines_of
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git

DESCRIBES = "# System\n\n- **Describes:** `src/app.py`\n\n**Last Reviewed:** 2026-01-10\n"


def described_app(root: Path, document: str = DESCRIBES) -> Repo:
    repo = Repo(root)
    repo.commit("Start", "2026-01-05", {"src/app.py": "X = 1\n", "memory-bank/system.md": document})
    return repo


def test_an_edit_after_the_review_date_is_reported_with_its_commit(tmp_path: Path) -> None:
    repo = described_app(tmp_path)
    repo.commit("Same day as the review", "2026-01-10", {"src/app.py": "X = 2\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []
    first = repo.commit("Change the app", "2026-01-11", {"src/app.py": "X = 3\n"})
    second = repo.commit("Change it again", "2026-01-12", {"src/app.py": "X = 4\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == [
        f"system.md:3:18: MB311 `src/app.py` changed in 2 commits after this document's review point "
        f"(Last Reviewed 2026-01-10); newest `{second}` on 2026-01-12 (Change it again)"
    ]
    result = check(repo.bank, today=TODAY)
    (finding,) = [d for d in result.diagnostics if d.code == "MB311"]
    assert finding.severity == "warning"
    assert finding.evidence is not None
    assert [commit.id[:7] for commit in finding.evidence.code[0].commits] == [second, first]
    assert [(r.path, r.line) for r in finding.related] == [("src/app.py", None)]


def test_last_updated_counts_and_the_later_date_wins(tmp_path: Path) -> None:
    text = "# System\n\n- **Describes:** src/app.py\n\n**Last Updated:** 2026-01-20\n"
    text += "**Last Reviewed:** 2026-01-01\n"
    repo = described_app(tmp_path, text)
    repo.commit("Change", "2026-01-15", {"src/app.py": "X = 2\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []


def test_an_undated_document_is_reviewed_by_its_last_commit(tmp_path: Path) -> None:
    repo = described_app(tmp_path, "# System\n\n- **Describes:** src/app.py\n")
    start = repo.git("rev-parse", "--short=7", "HEAD").strip()
    newest = repo.commit("Change", "2026-01-06", {"src/app.py": "X = 2\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == [
        f"system.md:3:18: MB311 `src/app.py` changed in 1 commit after this document's last commit "
        f"(`{start}`, 2026-01-05); newest `{newest}` on 2026-01-06 (Change)"
    ]
    repo.commit(
        "Review", "2026-01-07", {"memory-bank/system.md": "# System\n\n- **Describes:** src/app.py\n\nOK.\n"}
    )
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []
    repo.commit(
        "Change",
        "2026-01-08",
        {
            "src/app.py": "X = 3\n",
            "memory-bank/system.md": "# System\n\n- **Describes:** src/app.py\n\nStill OK.\n",
        },
    )
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []  # committed together: reviewed
    repo.commit("More", "2026-01-10", {"src/app.py": "X = 4\n"})
    assert len(lines_of(check(repo.bank, today=TODAY), "MB311")) == 1
    (repo.bank / "system.md").write_text("# System\n\n- **Describes:** src/app.py\n\nBeing edited.\n")
    # the document has uncommitted edits: it is being reviewed right now
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []


def python_history(root: Path) -> Repo:
    repo = Repo(root)
    document = "# System\n\n- **Describes:** `src/calc.py::add`, `src/calc.py::scale`\n\n"
    document += "**Last Reviewed:** 2026-01-10\n"
    code = "def add(a, b):\n    return a + b\n\n\ndef scale(x):\n    return x * 2\n"
    repo.commit("Start", "2026-01-05", {"src/calc.py": code, "memory-bank/system.md": document})
    return repo


def test_body_only_and_signature_changes_are_told_apart(tmp_path: Path) -> None:
    repo = python_history(tmp_path)
    repo.commit(
        "Reformat",
        "2026-01-11",
        {
            "src/calc.py": "def add(a, b):\n    # sum\n    return (a +\n            b)\n\n\n"
            "def scale(x):\n    return x * 2\n"
        },
    )
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []  # comments and layout do not count
    body = repo.commit(
        "Faster add",
        "2026-01-12",
        {"src/calc.py": "def add(a, b):\n    return sum((a, b))\n\n\ndef scale(x):\n    return x * 2\n"},
    )
    signature = repo.commit(
        "Scale by a factor",
        "2026-01-13",
        {
            "src/calc.py": "def add(a, b):\n    return sum((a, b))\n\n\n"
            "def scale(x, factor=2):\n    return x * factor\n"
        },
    )
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == [
        f"system.md:3:18: MB311 the body of `src/calc.py::add` changed (its signature did not) in 1 commit "
        f"after this document's review point (Last Reviewed 2026-01-10); "
        f"newest `{body}` on 2026-01-12 (Faster add)",
        f"system.md:3:38: MB311 the signature of `src/calc.py::scale` changed in 1 commit after this "
        f"document's review point (Last Reviewed 2026-01-10); "
        f"newest `{signature}` on 2026-01-13 (Scale by a factor)",
    ]
    sarif = check(repo.bank, today=TODAY).diagnostics
    assert [(d.related[0].path, d.related[0].line) for d in sarif if d.code == "MB311"] == [
        ("src/calc.py", 1),
        ("src/calc.py", 5),
    ]


def test_a_rename_is_mb312_and_fix_rewrites_the_path(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    document = "# System\n\nThe entry point is `src/main.py`; see [it](../src/main.py).\n\n"
    document += "**Last Updated:** 2026-01-10\n"
    repo.commit("Start", "2026-01-05", {"src/main.py": "X = 1\n", "memory-bank/system.md": document})
    moved = repo.move("src/main.py", "src/app/main.py", "2026-01-12", "Move the entry point")
    assert lines_of(check(repo.bank, today=TODAY), "MB312") == [
        f"system.md:3:20: MB312 `src/main.py` was moved to `src/app/main.py` in `{moved}` "
        "on 2026-01-12 (Move the entry point)",
        f"system.md:3:43: MB312 `../src/main.py` was moved to `src/app/main.py` in `{moved}` "
        "on 2026-01-12 (Move the entry point)",
    ]
    fixed = check(repo.bank, today=TODAY, fix=True)
    # MB312 twice, and MB205's did-you-mean for the moved link (the same edit as MB312's).
    assert fixed.fixed == {"system.md": 3}
    assert (repo.bank / "system.md").read_text() == document.replace(
        "`src/main.py`", "`src/app/main.py`"
    ).replace("(../src/main.py)", "(../src/app/main.py)")
    assert lines_of(check(repo.bank, today=TODAY), "MB312") == []


def test_archives_plans_logs_and_instruction_files_only_mention_code_in_passing(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    mention = "# Notes\n\nRan `src/main.py` and `src/tool.py`.\n\n**Last Updated:** 2026-01-10\n"
    files = {"src/main.py": "X = 1\n", "src/tool.py": "Y = 1\n"}
    for name in (
        "archive/notes-2025.md",
        "setup.instructions.md",
        "reflection/reflection-a.md",
        "plan.md",
        "live.md",
    ):
        files[f"memory-bank/{name}"] = mention
    repo.commit("Start", "2026-01-05", files)
    repo.commit("Change", "2026-01-11", {"src/tool.py": "Y = 2\n"})
    repo.move("src/main.py", "src/app/main.py", "2026-01-12", "Move the entry point")
    result = check(repo.bank, today=TODAY)
    assert [d.path for d in result.diagnostics if d.code in ("MB311", "MB312")] == ["live.md", "live.md"]


def test_one_git_log_for_every_described_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = Repo(tmp_path)
    files = {f"src/m{n}.py": f"X = {n}\n" for n in range(30)}
    names = ", ".join(f"`src/m{n}.py`" for n in range(30))
    files["memory-bank/a.md"] = f"# A\n\n- **Describes:** {names}\n\n**Last Reviewed:** 2026-01-10\n"
    files["memory-bank/b.md"] = f"# B\n\nMentions {names}.\n"
    repo.commit("Start", "2026-01-05", files)
    repo.commit("Change all", "2026-01-11", {name: "Y = 0\n" for name in files if name.startswith("src/")})
    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(command: list[str], *args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        calls.append(command)
        return real(command, *args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(history.subprocess, "Popen", counting)
    found = lines_of(check(repo.bank, today=TODAY), "MB311")
    assert len(found) == 31  # thirty declared, one summary of the mentions
    subcommands = sorted(
        next(arg for arg in call[1:] if not arg.startswith("-") and "=" not in arg) for call in calls
    )
    assert subcommands.count("log") == 2  # the drift log, and MB302's dates of the undated document
    assert len(calls) <= 6, subcommands


def test_since_counts_only_the_commits_of_the_range(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = described_app(tmp_path)
    repo.commit("Old change", "2026-01-11", {"src/app.py": "X = 2\n"})
    repo.git("tag", "base")
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB311") == []
    newest = repo.commit("New change", "2026-01-12", {"src/app.py": "X = 3\n"})
    assert lines_of(check(repo.bank, today=TODAY, since="base"), "MB311") == [
        f"system.md:3:18: MB311 `src/app.py` changed in 1 commit after this document's review point "
        f"(Last Reviewed 2026-01-10) in `base..HEAD`; newest `{newest}` on 2026-01-12 (New change)"
    ]
    assert run(["check", str(repo.bank), "--since", "no-such-ref"]) == 2
    assert "does not name a commit" in capsys.readouterr().err


def test_dependants_of_a_drifted_document_get_an_info_finding(tmp_path: Path) -> None:
    repo = described_app(tmp_path, DESCRIBES + "\n- **Required By:** active.md\n")
    repo.commit("More", "2026-01-06", {"memory-bank/active.md": "# Active\n\n- **Depends On:** system.md\n"})
    repo.commit("Change", "2026-01-11", {"src/app.py": "X = 2\n"})
    result = check(repo.bank, today=TODAY)
    (info,) = [d for d in result.diagnostics if d.path == "active.md" and d.code == "MB311"]
    assert (info.severity, info.line, info.column) == ("info", 3, 19)
    assert info.message == (
        "rests on `system.md`, whose described code changed after its review point; "
        "re-check this document too"
    )


def test_a_glob_reports_the_files_that_changed(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.commit(
        "Start",
        "2026-01-05",
        {
            "src/pay/a.py": "A = 1\n",
            "src/pay/b.py": "B = 1\n",
            "src/other.py": "O = 1\n",
            "memory-bank/pay.md": "---\ndescribes: src/pay/**\nlast-reviewed: 2026-01-10\n---\n# Pay\n",
        },
    )
    repo.commit("Other", "2026-01-11", {"src/other.py": "O = 2\n"})
    assert lines_of(check(repo.bank, today=TODAY), "MB311") == []
    newest = repo.commit(
        "New payment file", "2026-01-12", {"src/pay/deep/c.py": "C = 1\n", "src/pay/a.py": "A = 2\n"}
    )
    (finding,) = [d for d in check(repo.bank, today=TODAY).diagnostics if d.code == "MB311"]
    assert finding.message.startswith("`src/pay/**` changed in 1 commit") and newest in finding.message
    assert sorted(r.path for r in finding.related) == ["src/pay/a.py", "src/pay/deep/c.py"]
