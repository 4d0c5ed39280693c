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


def corpus(name: str) -> Path:
    """A corpus bank from `../shared/corpora`, skipping the test when it is absent."""
    path = CORPORA / name
    if not path.is_dir():
        pytest.skip(f"corpus {name} not available (../shared/corpora is absent)")
    return path


def assert_golden(path: Path, actual: Any) -> None:
    """Compare with a golden JSON/text file; MBTOOL_UPDATE_GOLDEN=1 rewrites it."""
    text = actual if isinstance(actual, str) else json.dumps(actual, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("MBTOOL_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
        if os.environ.get("MBTOOL_UPDATE_GOLDEN") != "1":
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    assert text == path.read_text(encoding="utf-8")
