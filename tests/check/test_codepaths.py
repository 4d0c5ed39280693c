"""Which code spans MB207 treats as repository paths."""

from __future__ import annotations

import pytest

from mbtool.checks.rules.codepaths import looks_like_repo_path


@pytest.mark.parametrize(
    "text",
    [
        "scripts/run.sh",
        "Dockerfile.dev",
        "docker-compose.yml",
        "src/tests/",
        ".ci/run/x",
        "a/b/c",
        "README.md",
    ],
)
def test_paths(text: str) -> None:
    assert looks_like_repo_path(text)


@pytest.mark.parametrize(
    "text",
    [
        "CI/CD",
        "src/components",
        "ghcr.io/openai/codex:latest",
        "github.com/x/y",
        "KEY=value",
        "/workspace/x",
        "-slim",
        "run(argv) -> int",
        "*.md",
        ".prompt.md",
        "mbtool.reading.discover",
        "<project>/x.md",
        "",
    ],
)
def test_not_paths(text: str) -> None:
    assert not looks_like_repo_path(text)
