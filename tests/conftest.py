"""Shared test helpers: golden files and the location of the shared corpora."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Tests (and the processes they start) use a throwaway parse cache, never the user's.
os.environ.setdefault("MBTOOL_CACHE_DIR", tempfile.mkdtemp(prefix="mbtool-test-cache-"))
FIXTURES = ROOT / "tests" / "fixtures"
CORPORA = ROOT.parent / "shared" / "corpora"
# The real banks in ../shared/corpora, each a bank root (listed here, so tests are the same
# whether or not the folder is present; `corpus()` decides between skipping and failing).
CORPUS_NAMES = (
    "BioInfo__nova-brief",
    "Luxcium__vigilant-codex-k3a",
    "Luxcium__vigilant-codex-k3a__HEAD",
    "Ryan-Spooner__POC-SMCP",
    "djjay0131__agentic-kg",
    "jonahkeegan__critgenius-listener",
)


def corpus(name: str) -> Path:
    """A corpus bank from `../shared/corpora`. Locally the test skips when it is absent; under
    `CI=true` it fails, so a CI run can never pass by skipping every real bank."""
    path = CORPORA / name
    if not path.is_dir():
        missing = f"corpus {name} not available (../shared/corpora is absent)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}; CI must have it")
        pytest.skip(missing)
    return path


def assert_golden(path: Path, actual: Any) -> None:
    """Compare with a golden JSON/text file; MBTOOL_UPDATE_GOLDEN=1 rewrites it."""
    text = actual if isinstance(actual, str) else json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("MBTOOL_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
        if os.environ.get("MBTOOL_UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    assert text == path.read_text(encoding="utf-8")
