"""Compose files → one merged model → a deterministic DOT architecture diagram."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mbtool.compose import MAX_COMPOSE_BYTES, compose_to_dot, load_compose, normalise
from mbtool.errors import UsageError
from tests.conftest import assert_golden

FIXTURE = Path(__file__).parent / "fixtures" / "compose"
BASE = FIXTURE / "docker-compose.yml"
OVERRIDE = FIXTURE / "docker-compose.override.yml"


def diagram() -> str:
    return compose_to_dot(load_compose([BASE, OVERRIDE]), title="shop")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def merged(tmp_path: Path, base: str, override: str) -> dict[str, Any]:
    return load_compose([write(tmp_path, "base.yml", base), write(tmp_path, "over.yml", override)])


def test_golden_dot() -> None:
    assert_golden(FIXTURE / "expected.dot", diagram())


@pytest.mark.parametrize(
    "fragment",
    [
        # one node per service, with stable ids
        "service_web [",
        "service_api [",
        "service_db [",
        "service_migrate [",
        "service_adminer [",
        # networks as clusters labelled with their labels; a second network drawn as a dashed edge
        "subgraph cluster_network_backend",
        "subgraph cluster_network_frontend",
        "network backend (internal)\\ncom.example.tier=private",
        "network frontend\\ncom.example.tier=public",
        "service_web -> network_frontend [arrowhead=none",
        "lhead=cluster_network_frontend",
        # the named volume, the bind mount, tmpfs, the secret and its mounts
        'volume_dbdata [label="dbdata\\ncom.example.backup=daily"',
        "shape=cylinder",
        'service_db -> volume_dbdata [label="/var/lib/postgresql/data"',
        "bind: ./src:/app/src:ro",
        "tmpfs: /run, /tmp",
        'secret_db_password [label="db_password\\nfile: ./secrets/db_password.txt"',
        "shape=note",
        'secret_db_password -> service_api [label="/run/secrets/db_password"',
        'secret_db_password -> service_db [label="/run/secrets/postgres_password"',
        # published ports, replicas, start order with its condition
        "port 8080:80/tcp",
        "port 127.0.0.1:8081:8080/tcp",
        "replicas: 2",
        "read-only root",
        "healthcheck",
        "service_web -> service_api [label=service_healthy",
        "service_api -> service_db [label=service_healthy",
        "service_api -> service_migrate [label=service_completed_successfully",
        "service_migrate -> service_db [label=service_started",
        'service_adminer -> service_db [label="service_started (optional)"',
        # shapes by role: built from source, one-shot job
        "shape=box3d",
        "shape=cds",
    ],
)
def test_every_element_appears(fragment: str) -> None:
    assert fragment in diagram()


def test_the_override_is_visible() -> None:
    dot, base_only = diagram(), compose_to_dot(load_compose([BASE]), title="shop")
    assert "image: shop/web:1.0" in base_only and "image: shop/web:1.0" not in dot
    assert "image: shop/web:dev" in dot
    assert "port 8443:8443/tcp" in dot and "8443" not in base_only
    assert dot.count("port 8080:80/tcp") == 1  # repeated in the override: ports are unique
    assert "expose 9000" in base_only and "expose 9000" not in dot  # `!reset []`
    assert "port 5432:5432/tcp" in base_only and "port 127.0.0.1:5432:5432/tcp" in dot  # `!override`
    assert "port 5432:5432/tcp" not in dot.replace("127.0.0.1:5432", "")
    assert "service_adminer" in dot and "service_adminer" not in base_only


def test_output_is_deterministic() -> None:
    model = load_compose([BASE, OVERRIDE])
    shuffled = {
        key: dict(reversed(value.items())) if isinstance(value, dict) else value
        for key, value in reversed(model.items())
    }
    assert diagram() == diagram() == compose_to_dot(shuffled, title="shop")


def test_short_and_long_syntax_merge_alike(tmp_path: Path) -> None:
    model = merged(
        tmp_path,
        """
services:
  app:
    image: app
    command: [serve, --port, "80"]
    ports: ["8080:80", "22:22"]
    volumes: ["data:/work"]
    secrets: [token]
    depends_on: [db]
    networks: [front]
    environment: [MODE=prod, DEBUG]
    tmpfs: /run
    x-note: {a: 1}
""",
        """
services:
  app:
    command: [serve]
    ports: [{target: 80, published: 8080}, "9090:90/udp"]
    volumes: [{type: volume, source: other, target: /work}]
    secrets: [{source: token, uid: "103"}]
    depends_on: {db: {condition: service_healthy}, cache: {condition: service_started}}
    networks: {front: {aliases: [app]}, back: null}
    environment: {MODE: dev}
    tmpfs: [/tmp, /run]
    x-note: {b: 2}
""",
    )
    app = model["services"]["app"]
    assert app["command"] == ["serve"]  # replaced, not appended
    assert [(p["published"], p["target"], p["protocol"]) for p in app["ports"]] == [
        ("8080", "80", "tcp"),
        ("22", "22", "tcp"),
        ("9090", "90", "udp"),
    ]  # `22:22` is not 1342
    assert [(v["source"], v["target"]) for v in app["volumes"]] == [("other", "/work")]
    assert len(app["secrets"]) == 1 and app["secrets"][0]["uid"] == "103"
    assert app["depends_on"] == {
        "db": {"condition": "service_healthy", "required": True},
        "cache": {"condition": "service_started", "required": True},
    }
    assert app["networks"] == {"front": {"aliases": ["app"]}, "back": None}
    assert app["environment"] == {"MODE": "dev", "DEBUG": None}
    assert app["tmpfs"] == ["/run", "/tmp"]
    assert app["x-note"] == {"b": 2}  # extension fields are replaced whole


def test_reset_and_override_tags(tmp_path: Path) -> None:
    model = merged(
        tmp_path,
        """
services:
  app:
    image: app
    environment: {A: "1", B: "2"}
    labels: [x=1]
    healthcheck: {test: [CMD, true], interval: 5s}
networks:
  front: {labels: {tier: web}}
""",
        """
services:
  app:
    environment: !override {C: "3"}
    labels: !reset null
    healthcheck: {test: [CMD, false]}
networks: !override
  back: {labels: [tier=db]}
""",
    )
    app = model["services"]["app"]
    assert app["environment"] == {"C": "3"}
    assert "labels" not in app
    assert app["healthcheck"] == {"test": ["CMD", False], "interval": "5s"}  # `test` replaced, not appended
    assert model["networks"] == {"back": {"labels": {"tier": "db"}}}


def test_yaml_scalars_are_read_as_compose_reads_them(tmp_path: Path) -> None:
    model = merged(tmp_path, "services: {a: {image: x, labels: {on: yes, n: 010, t: 2024-01-02}}}", "")
    assert model["services"]["a"]["labels"] == {"on": "yes", "n": "010", "t": "2024-01-02"}


def test_service_without_networks_joins_default(tmp_path: Path) -> None:
    dot = compose_to_dot(merged(tmp_path, "services: {a: {image: x}, h: {image: y, network_mode: host}}", ""))
    assert "subgraph cluster_network_default" in dot
    assert "network_mode: host" in dot


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("services:\n  web:\n    image: [unclosed\n", "bad.yml:4: invalid YAML: .* from line 3"),
        ("services:\n\tweb: {}\n", "bad.yml:2: invalid YAML"),
        ("- just\n- a list\n", "bad.yml: a compose file must be a mapping"),
        ("services: [web]\n", "bad.yml: services must be a mapping of names, not a list"),
        ("services:\n  web: nginx\n", "services.web must be a mapping"),
        ("services:\n  web:\n    ports: {a: 1}\n", "services.web.ports must be a list"),
        ("services:\n  web:\n    ports: [{published: 80}]\n", "needs `target`"),
        ("x: !!python/object/apply:os.system [echo]\n", "bad.yml:1: invalid YAML"),
    ],
)
def test_bad_files_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        load_compose([write(tmp_path, "bad.yml", text)])
    assert "\n" not in str(caught.value)


def test_missing_and_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such compose file"):
        load_compose([tmp_path / "absent.yml"])
    with pytest.raises(UsageError, match="larger than 1 MiB"):
        load_compose([write(tmp_path, "big.yml", "#" * (MAX_COMPOSE_BYTES + 1))])
    with pytest.raises(UsageError, match="no compose file given"):
        load_compose([])


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    started = time.monotonic()
    with pytest.raises(UsageError, match="aliases expand"):
        load_compose([write(tmp_path, "bomb.yml", "\n".join(lines) + "\nservices: {}\n")])
    assert time.monotonic() - started < 30  # bounded, not the 10**9 values the file describes


def test_mismatched_shapes_name_the_file_and_key(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"over.yml: `services.web.logging` cannot merge a list over a dict"):
        merged(tmp_path, "services: {web: {logging: {driver: local}}}", "services: {web: {logging: [x]}}")


def test_an_empty_override_changes_nothing(tmp_path: Path) -> None:
    assert merged(tmp_path, "services: {web: {image: x}}", "") == load_compose([tmp_path / "base.yml"])


def test_user_text_cannot_become_html_or_escapes(tmp_path: Path) -> None:
    dot = compose_to_dot(merged(tmp_path, 'services: {web: {image: "<b>x</b>\\\\N"}}', ""))
    assert 'label="web\\nimage: <b>x</b>\\\\N"' in dot


PORTS = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "8080:", "127.0.0.1:8080:", "[::1]:9000-9001:", "127.0.0.1::"]),
        st.sampled_from(["80", "443", "9000-9001"]),
        st.sampled_from(["", "/tcp", "/udp"]),
    ),
)
VOLUMES = st.sampled_from(
    ["data:/data", "./src:/app:ro", "/var/run/docker.sock:/sock", "/cache", "logs:/l:rw,z"]
)


@given(ports=st.lists(PORTS, max_size=4), volumes=st.lists(VOLUMES, max_size=3))
def test_normalising_twice_changes_nothing(ports: list[str], volumes: list[str]) -> None:
    model = {"services": {"app": {"ports": ports, "volumes": volumes, "depends_on": ["db"], "tmpfs": "/run"}}}
    once = normalise(model)
    assert normalise(once) == once
    assert len(once["services"]["app"]["ports"]) == len(ports)
