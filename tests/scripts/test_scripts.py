"""The replication scripts: lint clean, `--help`, and the exact commands they run.

No Docker engine, network or real uv is needed: each script runs against stub `docker`,
`uv` and `python3` executables that the test writes into a sandbox `PATH`. A stub records
every call (one line, arguments separated by U+001F) and answers from files in a state
folder, so a test can replay the script and compare the calls, including a second run.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPTS = sorted((ROOT / "scripts").glob("*.sh"))
BASH = shutil.which("bash") or "/bin/bash"
IMAGE = "ghcr.io/openai/codex-universal:latest"
HEALTH_FORMAT = "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}"
SEP = "\x1f"

# The only ordinary commands the scripts may use besides the stubs.
CORE_UTILS = ("cat", "sleep")

RECORD = f"""( IFS=$'{SEP}'; printf '%s\\n' "$*" ) >> "$STUB_STATE/calls.$(basename "$0")"
"""

DOCKER = """
state="$STUB_STATE"
next_health() {  # pops the first line of $state/health until one is left
  local lines
  mapfile -t lines < "$state/health"
  echo "${lines[0]}"
  if ((${#lines[@]} > 1)); then printf '%s\\n' "${lines[@]:1}" > "$state/health"; fi
}
case "$1" in
  info) [[ ! -e "$state/daemon-down" ]] ;;
  image) [[ "$2" == inspect && -e "$state/image" ]] ;;
  pull) : > "$state/image" ;;
  run) ;;
  inspect) next_health ;;
  compose)
    sub=""
    for arg in "$@"; do case "$arg" in version | up | ps) sub="$arg"; break ;; esac; done
    case "$sub" in
      version) echo "Docker Compose version v2-stub" ;;
      up) [[ ! -e "$state/up-fails" ]] && : > "$state/running" ;;
      ps) if [[ -e "$state/running" ]]; then echo c0ffee; fi ;;
      *) exit 99 ;;
    esac ;;
  *) echo "stub docker: unexpected call" >&2; exit 99 ;;
esac
"""

UV = """
( IFS=$'\\x1f'; printf '%s\\n' "$PWD" ) >> "$STUB_STATE/cwd.uv"
"""

PYTHON3 = """
case "$*" in
  "-m pip install --user uv")
    [[ ! -e "$STUB_STATE/pip-fails" ]] || exit 1
    mkdir -p "$STUB_USER_BASE/bin"
    cp "$STUB_STATE/uv-template" "$STUB_USER_BASE/bin/uv" ;;
  "-m site --user-base") echo "$STUB_USER_BASE" ;;
  *) exit 99 ;;
esac
"""


@dataclass
class Sandbox:
    """A PATH holding only the stubs and a few core utilities, plus the stubs' state folder."""

    bin: Path
    state: Path
    home: Path

    def stub(self, name: str, body: str, folder: Path | None = None) -> Path:
        path = (folder or self.bin) / name
        path.write_text(f"#!{BASH}\nset -euo pipefail\n{RECORD}{body}", encoding="utf-8")
        path.chmod(0o755)
        return path

    def env(self, *extra_path: Path, **variables: str) -> dict[str, str]:
        path = os.pathsep.join(str(folder) for folder in (self.bin, *extra_path))
        fixed = {"PATH": path, "HOME": str(self.home), "STUB_STATE": str(self.state), "LC_ALL": "C"}
        return {**fixed, **variables}

    def calls(self, name: str) -> list[list[str]]:
        log = self.state / f"calls.{name}"
        if not log.exists():
            return []
        return [line.split(SEP) if line else [] for line in log.read_text(encoding="utf-8").splitlines()]

    def forget_calls(self) -> None:
        for log in self.state.glob("calls.*"):
            log.unlink()
        for log in self.state.glob("cwd.*"):
            log.unlink()


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    made = Sandbox(tmp_path / "bin", tmp_path / "state", tmp_path / "home")
    for folder in (made.bin, made.state, made.home):
        folder.mkdir()
    # The stubs themselves need these; `basename`, `mkdir` and `cp` are theirs, not the scripts'.
    for name in (*CORE_UTILS, "basename", "mkdir", "cp"):
        real = shutil.which(name)
        assert real, f"`{name}` is needed to run the script tests"
        (made.bin / name).symlink_to(real)
    return made


def run(
    script: Path, *args: str, env: dict[str, str], cwd: Path | None = None, stdin: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(script), *args],
        cwd=cwd or ROOT,
        env=env,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def linter(name: str) -> str:
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"`{name}` is not installed (dev dependency {name}-py; no Linux aarch64 wheel)")
    return found


def project_copy(tmp_path: Path, script: str, name: str = "proj") -> tuple[Path, Path]:
    """A project folder holding only the script: it must find its root by its own location."""
    project = tmp_path / name
    (project / "scripts").mkdir(parents=True)
    copy = project / "scripts" / script
    shutil.copy2(ROOT / "scripts" / script, copy)
    return project, copy


# --- every script -------------------------------------------------------------------------


def test_the_documented_scripts_exist() -> None:
    names = {script.name for script in SCRIPTS}
    assert {"run_codex_cli.sh", "setup_python_docker.sh", "setup_python_local.sh"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_is_strict_executable_bash(script: Path) -> None:
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines[:10]
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_shellcheck_is_clean(script: Path) -> None:
    done = subprocess.run(
        [linter("shellcheck"), "--format=gcc", str(script)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help_prints_usage_and_calls_nothing(script: Path, sandbox: Sandbox) -> None:
    sandbox.stub("docker", DOCKER)
    done = run(script, "--help", env=sandbox.env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Usage: scripts/{script.name}")
    assert sandbox.calls("docker") == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_an_unknown_option_is_a_usage_error(script: Path, sandbox: Sandbox) -> None:
    done = run(script, "--bogus", env=sandbox.env())
    assert done.returncode == 2 and "--bogus" in done.stderr


# --- run_codex_cli.sh ---------------------------------------------------------------------

CODEX = ROOT / "scripts" / "run_codex_cli.sh"


def codex_run(project: Path, tty: str = "-i") -> list[str]:
    workspace = f"/workspace/{project.name}"
    return [
        "run", "--rm", tty,
        "-e", "CODEX_ENV_PYTHON_VERSION=3.13", "-e", "CODEX_ENV_NODE_VERSION=22",
        "-v", f"{project}:{workspace}", "-w", workspace, IMAGE,
    ]  # fmt: skip


def test_codex_pulls_once_then_reuses_the_image(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    project = tmp_path / "my project"  # a space survives quoting
    project.mkdir()

    first = run(CODEX, str(project), env=sandbox.env())
    assert first.returncode == 0, first.stderr
    inspect = ["image", "inspect", IMAGE]
    assert sandbox.calls("docker") == [["info"], inspect, ["pull", IMAGE], codex_run(project)]

    sandbox.forget_calls()
    second = run(CODEX, str(project), env=sandbox.env())
    assert second.returncode == 0, second.stderr
    assert sandbox.calls("docker") == [["info"], inspect, codex_run(project)]  # no second pull


def test_codex_pull_option_refreshes_a_present_image(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    (sandbox.state / "image").touch()
    done = run(CODEX, "--pull", str(tmp_path), env=sandbox.env())
    assert done.returncode == 0, done.stderr
    assert sandbox.calls("docker") == [["info"], ["pull", IMAGE], codex_run(tmp_path)]


def test_codex_defaults_to_the_current_directory(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    (sandbox.state / "image").touch()
    project = tmp_path / "here"
    project.mkdir()
    done = run(CODEX, env=sandbox.env(), cwd=project)
    assert done.returncode == 0, done.stderr
    assert sandbox.calls("docker")[-1] == codex_run(project)


def test_codex_allocates_a_tty_only_for_a_terminal(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    (sandbox.state / "image").touch()
    leader, follower = pty.openpty()
    try:
        done = run(CODEX, str(tmp_path), env=sandbox.env(), stdin=follower)
    finally:
        os.close(leader)
        os.close(follower)
    assert done.returncode == 0, done.stderr
    assert sandbox.calls("docker")[-1] == codex_run(tmp_path, tty="-it")


def test_codex_stops_when_the_daemon_does_not_answer(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    (sandbox.state / "daemon-down").touch()
    done = run(CODEX, str(tmp_path), env=sandbox.env())
    assert done.returncode == 1 and "docker info" in done.stderr
    assert sandbox.calls("docker") == [["info"]]


def test_codex_stops_without_docker(sandbox: Sandbox, tmp_path: Path) -> None:
    done = run(CODEX, str(tmp_path), env=sandbox.env())
    assert done.returncode == 1 and "not installed" in done.stderr


def test_codex_rejects_a_missing_project(sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.stub("docker", DOCKER)
    done = run(CODEX, str(tmp_path / "absent"), env=sandbox.env())
    assert done.returncode == 2 and "not a directory" in done.stderr
    assert sandbox.calls("docker") == []


# --- setup_python_docker.sh ---------------------------------------------------------------


def compose_prefix(project: Path) -> list[str]:
    return [
        "compose", "--project-directory", str(project),
        "-f", str(project / "docker-compose.yml"), "-f", str(project / "docker-compose.override.yml"),
    ]  # fmt: skip


def docker_setup(tmp_path: Path, sandbox: Sandbox) -> tuple[Path, Path, Callable[..., list[list[str]]]]:
    project, script = project_copy(tmp_path, "setup_python_docker.sh")
    sandbox.stub("docker", DOCKER)
    compose = compose_prefix(project)
    ps, inspect = [*compose, "ps", "--quiet", "docs"], ["inspect", "--format", HEALTH_FORMAT, "c0ffee"]

    def expected(*up: str, polls: int, running: bool = False) -> list[list[str]]:
        calls = [["info"], ["compose", "version"], ps]
        calls += [inspect] if running else []
        calls += [[*compose, "up", *up]] if up else []
        return calls + [ps, inspect] * polls

    return project, script, expected


def test_docker_setup_waits_then_leaves_a_healthy_stack_alone(sandbox: Sandbox, tmp_path: Path) -> None:
    project, script, expected = docker_setup(tmp_path, sandbox)
    (sandbox.state / "health").write_text("starting\nstarting\nhealthy\n")
    env = sandbox.env(MBTOOL_POLL_SECONDS="0")

    first = run(script, env=env, cwd=tmp_path)  # any working directory: the root comes from the script
    assert first.returncode == 0, first.stderr
    assert sandbox.calls("docker") == expected("--detach", "--build", polls=3)
    assert "http://localhost:8000" in first.stdout

    sandbox.forget_calls()
    second = run(script, env=env, cwd=project / "scripts")
    assert second.returncode == 0, second.stderr
    assert sandbox.calls("docker") == expected(polls=0, running=True)  # no build, no up
    assert "already running and healthy: http://localhost:8000" in second.stdout


def test_docker_setup_rebuild_recreates_a_healthy_stack(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, expected = docker_setup(tmp_path, sandbox)
    (sandbox.state / "running").touch()
    (sandbox.state / "health").write_text("healthy\n")
    done = run(script, "--rebuild", env=sandbox.env(MBTOOL_DEV_PORT="8123"))
    assert done.returncode == 0, done.stderr
    up = ("--detach", "--build", "--force-recreate")
    assert sandbox.calls("docker") == expected(*up, polls=1, running=True)
    assert "http://localhost:8123" in done.stdout


def test_docker_setup_gives_up_after_its_timeout(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, _ = docker_setup(tmp_path, sandbox)
    (sandbox.state / "health").write_text("starting\n")
    done = run(script, "--timeout", "0", env=sandbox.env(MBTOOL_POLL_SECONDS="0"))
    assert done.returncode == 1 and "not healthy after 0s" in done.stderr


def test_docker_setup_reports_an_unhealthy_service(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, _ = docker_setup(tmp_path, sandbox)
    (sandbox.state / "health").write_text("unhealthy\n")
    done = run(script, env=sandbox.env())
    assert done.returncode == 1 and "unhealthy" in done.stderr and "logs docs" in done.stderr


def test_docker_setup_points_at_the_check_logs_when_up_fails(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, _ = docker_setup(tmp_path, sandbox)
    (sandbox.state / "up-fails").touch()
    (sandbox.state / "health").write_text("healthy\n")
    done = run(script, env=sandbox.env())
    assert done.returncode == 1 and "logs check" in done.stderr


def test_docker_setup_stops_when_the_daemon_does_not_answer(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, _ = docker_setup(tmp_path, sandbox)
    (sandbox.state / "daemon-down").touch()
    done = run(script, env=sandbox.env())
    assert done.returncode == 1 and "docker info" in done.stderr
    assert sandbox.calls("docker") == [["info"]]


# --- setup_python_local.sh ----------------------------------------------------------------

UV_CALLS = [["sync"], ["run", "mbtool", "check", "memory-bank"]]


def local_setup(tmp_path: Path, sandbox: Sandbox) -> tuple[Path, Path, Path]:
    project, script = project_copy(tmp_path, "setup_python_local.sh")
    sandbox.stub("python3", PYTHON3)
    sandbox.stub("uv", UV, folder=sandbox.state).rename(sandbox.state / "uv-template")
    return project, script, tmp_path / "user-base"


def test_local_setup_installs_uv_once_then_reuses_it(sandbox: Sandbox, tmp_path: Path) -> None:
    project, script, user_base = local_setup(tmp_path, sandbox)
    # ~/.local/bin is on PATH already but holds no uv yet, as on a fresh Debian login.
    env = sandbox.env(user_base / "bin", STUB_USER_BASE=str(user_base))

    first = run(script, env=env, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    pip, user_base_query = ["-m", "pip", "install", "--user", "uv"], ["-m", "site", "--user-base"]
    assert sandbox.calls("python3") == [pip, user_base_query]
    assert sandbox.calls("uv") == UV_CALLS
    # Both uv commands run in the project root, not in the caller's directory.
    assert (sandbox.state / "cwd.uv").read_text().splitlines() == [str(project)] * 2

    sandbox.forget_calls()
    second = run(script, env=env, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert sandbox.calls("python3") == []  # uv is not installed twice
    assert sandbox.calls("uv") == UV_CALLS
    assert "uv is already installed" in second.stdout


def test_local_setup_finds_uv_off_path_after_installing_it(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, user_base = local_setup(tmp_path, sandbox)
    done = run(script, env=sandbox.env(STUB_USER_BASE=str(user_base)))
    assert done.returncode == 0, done.stderr
    assert sandbox.calls("uv") == UV_CALLS


def test_local_setup_explains_a_refused_pip_install(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, user_base = local_setup(tmp_path, sandbox)
    (sandbox.state / "pip-fails").touch()
    done = run(script, env=sandbox.env(STUB_USER_BASE=str(user_base)))
    assert done.returncode == 1 and "pipx install uv" in done.stderr
    assert sandbox.calls("uv") == []


def test_local_setup_fails_when_the_smoke_test_fails(sandbox: Sandbox, tmp_path: Path) -> None:
    _, script, _ = local_setup(tmp_path, sandbox)
    failing = UV + '[[ "$1" != run ]]\n'
    sandbox.stub("uv", failing)
    done = run(script, env=sandbox.env())
    assert done.returncode == 1
    assert sandbox.calls("uv") == UV_CALLS and sandbox.calls("python3") == []
