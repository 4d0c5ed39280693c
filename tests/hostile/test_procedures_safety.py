"""Issue 15 items 10-14: procedures show what runs, run what the file says, and leave nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.procedures.conftest import Project, fence
from tests.procedures.test_run import alive, gone


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "project")


def procedure(*bodies: str, title: str = "Work") -> str:
    return f"# Ops\n\n## Procedure: {title}\n\n" + "\n".join(fence(body) for body in bodies)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the subreaper needs Linux /proc")
def test_item_13_a_setsid_child_does_not_outlive_its_step(project: Project, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    project.document(procedure(f"setsid sleep 300 > /dev/null 2>&1 < /dev/null &\necho $! > {pid_file}"))
    assert project.mbtool("run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes") == 0
    pid = int(pid_file.read_text())
    assert gone(pid), f"the setsid child {pid} outlived its step"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="the subreaper needs Linux /proc")
def test_item_13_a_setsid_child_is_stopped_when_its_step_times_out(project: Project, tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    body = f"setsid sleep 300 > /dev/null 2>&1 < /dev/null &\necho $! > {pid_file}\nsleep 300"
    project.document(procedure(body))
    code = project.mbtool(
        "run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes", "--timeout", "1"
    )
    assert code == 1
    pid = int(pid_file.read_text())
    assert gone(pid), f"the setsid child {pid} outlived its timed-out step"


def test_item_13_processes_started_before_the_step_are_left_alone(project: Project) -> None:
    import subprocess

    bystander = subprocess.Popen(["sleep", "30"])
    try:
        project.document(procedure("true"))
        assert project.mbtool("run", "ops.md#procedure-work", "--bank", str(project.bank), "--yes") == 0
        assert alive(bystander.pid)
    finally:
        bystander.kill()
        bystander.wait()
