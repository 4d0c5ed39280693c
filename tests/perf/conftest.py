"""Fixtures for the cache and parallel-parsing tests: a private cache folder, small banks, a parse counter."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

import mbtool.parse
from mbtool.config import Config
from mbtool.model import Document
from tests.conftest import ROOT

BENCH = ROOT / "bench"


def bench_module(name: str) -> ModuleType:
    """A module of `bench/` (a folder of scripts, not a package), imported by path."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(BENCH))  # the scripts import each other by bare name
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MBTOOL_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The bank-relative paths `parse_document` was called with, in order."""
    calls: list[str] = []
    real = mbtool.parse.parse_document

    def counting(path: str, raw: bytes, config: Config, digest: str | None = None) -> Document:
        calls.append(path)
        return real(path, raw, config, digest)

    monkeypatch.setattr(mbtool.parse, "parse_document", counting)
    yield calls


DOCUMENTS: dict[str, str | bytes] = {
    "projectbrief.md": "# Brief\n\n## Dependencies\n\n- **Required By:** progress.md\n",
    "progress.md": "# Progress\n\n## Dependencies\n\n- **Depends On:**\n  - projectbrief.md (scope)\n",
    "topics/docker.md": (
        "# Docker\n\nSee [the brief](../projectbrief.md#brief).\n\n```bash\necho hi\n```\n\n"
        "## Dependencies\n\n- **Depends On:** progress.md\n\n---\n\n**Last Updated:** 2025-07-01\n"
    ),
    "bad.md": b"# Not text \xff\xfe\n",
}


@pytest.fixture
def make_bank(tmp_path: Path) -> Callable[..., Path]:
    def make(documents: dict[str, str | bytes] | None = None) -> Path:
        bank = tmp_path / "project" / "memory-bank"
        for name, text in (documents or DOCUMENTS).items():
            target = bank / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text if isinstance(text, bytes) else text.encode())
        (tmp_path / "project" / "mbtool.toml").write_text("", encoding="utf-8")
        return bank

    return make
