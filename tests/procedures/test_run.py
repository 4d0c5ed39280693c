"""`mbtool procedures run`: confirmation, refusal, timeouts that kill the process group,
resuming, transcripts with secrets masked, dry runs. Every step here runs in a tmp project."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.procedures.conftest import FakeTerminal, Project

THREE_STEPS = """# Ops

## Procedure: Count

```bash
echo one >> log.txt
```

```bash
echo two >> log.txt
```

```bash
echo three >> log.txt
```
"""

ID = "ops.md#procedure-count"


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as gone)."""
    stat = Path(f"/proc/{pid}/stat")
    if stat.parent.parent.is_dir() and Path("/proc/self").exists():
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def gone(pid: int) -> bool:
    """Wait (bounded) for the kernel to finish tearing the process down."""
    for _ in range(100):
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.usefixtures("no_terminal")
def test_without_a_terminal_it_refuses_and_runs_nothing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.document(THREE_STEPS)
    assert project.mbtool("run", ID, "--bank", str(project.bank)) == 2
    assert not (project.root / "log.txt").exists()
    assert "pass --yes" in capsys.readouterr().err


@pytest.mark.usefixtures("no_terminal")
def test_yes_runs_every_step_in_the_project_root(project: Project) -> None:
    project.document(THREE_STEPS)
    assert project.mbtool("run", ID, "--bank", str(project.bank), "--yes") == 0
    assert (project.root / "log.txt").read_text() == "one\ntwo\nthree\n"


def test_on_a_terminal_it_asks_first(
    project: Project, terminal: FakeTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    project.document(THREE_STEPS)
    terminal.write("n\n")
    terminal.seek(0)
    assert project.mbtool("run", ID, "--bank", str(project.bank)) == 1
    assert "Run 3 steps of ops.md#procedure-count? [y/N]" in capsys.readouterr().err
    assert not (project.root / "log.txt").exists()
    terminal.seek(0)
    terminal.write("y\n")
    terminal.seek(0)
    assert project.mbtool("run", ID, "--bank", str(project.bank)) == 0
    assert (project.root / "log.txt").read_text() == "one\ntwo\nthree\n"


@pytest.mark.usefixtures("no_terminal")
def test_dry_run_prints_the_commands_and_runs_nothing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.document(THREE_STEPS)
    assert project.mbtool("run", ID, "--bank", str(project.bank), "--dry-run", "--from-step", "2") == 0
    out = capsys.readouterr().out
    assert "echo two >> log.txt" in out and "echo three >> log.txt" in out
    assert "echo one" not in out
    assert not (project.root / "log.txt").exists()


@pytest.mark.usefixtures("no_terminal")
def test_a_failing_step_stops_the_run_and_says_how_to_resume(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.document(THREE_STEPS.replace("echo two >> log.txt", "echo two >> log.txt\nfalse"))
    assert project.mbtool("run", ID, "--bank", str(project.bank), "--yes") == 1
    assert (project.root / "log.txt").read_text() == "one\ntwo\n"
    err = capsys.readouterr().err
    assert "step 2 of `ops.md#procedure-count` failed with exit code 1" in err
    assert "--from-step 2" in err
    assert project.mbtool("run", ID, "--bank", str(project.bank), "--yes", "--from-step", "3") == 0
    assert (project.root / "log.txt").read_text() == "one\ntwo\nthree\n"


@pytest.mark.usefixtures("no_terminal")
def test_from_step_out_of_range_is_a_usage_error(project: Project) -> None:
    project.document(THREE_STEPS)
    assert project.mbtool("run", ID, "--bank", str(project.bank), "--yes", "--from-step", "4") == 2


@pytest.mark.usefixtures("no_terminal")
def test_timeout_kills_the_step_and_its_children(project: Project, tmp_path: Path) -> None:
    project.document(
        "# Ops\n\n## Procedure: Slow\n\n```bash\n"
        "sleep 30 &\necho $! > child.pid\necho $$ > shell.pid\nsleep 30; wait\n```\n"
    )
    transcript = tmp_path / "run.json"
    code = project.mbtool(
        "run",
        "ops.md#procedure-slow",
        "--bank",
        str(project.bank),
        "--yes",
        "--timeout",
        "2",
        "--transcript",
        str(transcript),
    )
    assert code == 1
    child = int((project.root / "child.pid").read_text())
    shell = int((project.root / "shell.pid").read_text())
    assert gone(child) and gone(shell)
    [step] = json.loads(transcript.read_text())["steps"]
    assert step["timed_out"] is True
    assert json.loads(transcript.read_text())["result"] == "timed-out"


@pytest.mark.usefixtures("no_terminal")
def test_a_step_that_ignores_sigterm_is_killed(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mbtool.procedures.runner.GRACE_SECONDS", 0.5)
    project.document(
        "# Ops\n\n## Procedure: Stubborn\n\n```bash {timeout=1}\n"
        "trap '' TERM\nsleep 30 &\necho $! > child.pid\nwait\n```\n"
    )
    assert project.mbtool("run", "ops.md#procedure-stubborn", "--bank", str(project.bank), "--yes") == 1
    assert gone(int((project.root / "child.pid").read_text()))


@pytest.mark.usefixtures("no_terminal")
def test_background_processes_do_not_outlive_their_step(project: Project) -> None:
    project.document("# Ops\n\n## Procedure: Leak\n\n```bash\nsleep 30 &\necho $! > child.pid\n```\n")
    assert project.mbtool("run", "ops.md#procedure-leak", "--bank", str(project.bank), "--yes") == 0
    assert gone(int((project.root / "child.pid").read_text()))


@pytest.mark.usefixtures("no_terminal")
def test_transcript_masks_secrets(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_PASSWORD", "hunter2-from-env")
    project.document(
        '# Ops\n\n## Procedure: Leaky\n\n```bash {env="SERVICE_KEY=k3y-from-doc"}\n'
        'echo "token=$API_TOKEN pw=$DB_PASSWORD key=$SERVICE_KEY hi=$GREETING"\n'
        'echo "$API_TOKEN" >&2\n```\n'
    )
    transcript = tmp_path / "run.json"
    assert (
        project.mbtool(
            "run",
            "ops.md#procedure-leaky",
            "--bank",
            str(project.bank),
            "--yes",
            "--env",
            "API_TOKEN=s3cr3t-token",
            "--env",
            "GREETING=hello",
            "--transcript",
            str(transcript),
        )
        == 0
    )
    text = transcript.read_text()
    for secret in ("s3cr3t-token", "hunter2-from-env", "k3y-from-doc"):
        assert secret not in text
    data = json.loads(text)
    [step] = data["steps"]
    # Every `--env` value is a secret, whatever its name (issue 15 item 14).
    assert step["stdout"] == "token=*** pw=*** key=*** hi=***\n"
    assert step["stderr"] == "***\n"
    assert data["env"] == {"API_TOKEN": "***", "GREETING": "***"}
    assert (step["exit_code"], step["timed_out"], step["cwd"]) == (0, False, ".")
    assert data["procedure"] == "ops.md#procedure-leaky"


@pytest.mark.usefixtures("no_terminal")
def test_cwd_outside_the_project_is_refused_before_anything_runs(project: Project) -> None:
    project.document(
        "# Ops\n\n## Procedure: Escape\n\n```bash\ntouch first.txt\n```\n\n"
        "```bash {cwd=..}\ntouch escaped.txt\n```\n"
    )
    assert project.mbtool("run", "ops.md#procedure-escape", "--bank", str(project.bank), "--yes") == 2
    assert not (project.root / "first.txt").exists()
    assert not (project.root.parent / "escaped.txt").exists()


@pytest.mark.usefixtures("no_terminal")
def test_cwd_and_skip_attributes(project: Project) -> None:
    (project.root / "sub").mkdir()
    project.document(
        "# Ops\n\n## Procedure: Where\n\n```bash {cwd=sub}\npwd > here.txt\n```\n\n"
        "```bash {skip}\ntouch skipped.txt\n```\n"
    )
    assert project.mbtool("run", "ops.md#procedure-where", "--bank", str(project.bank), "--yes") == 0
    assert Path((project.root / "sub" / "here.txt").read_text().strip()) == (project.root / "sub").resolve()
    assert not (project.root / "skipped.txt").exists()
