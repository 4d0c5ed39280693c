"""Fixtures for the hostile-input tests: a private parse cache and the hostile bank."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.hostile_bank import HostileBank, build


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep these runs out of the user's cache (session-scoped, so hypothesis tests may use it)."""
    folder = tmp_path_factory.mktemp("mbtool-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MBTOOL_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileBank]:
    """One hostile bank per module: the tests that share it write nothing (they check that)."""
    yield from _built(tmp_path_factory.mktemp("hostile"))


@pytest.fixture
def hostile_copy(tmp_path: Path) -> Iterator[HostileBank]:
    """A hostile bank of the test's own, for tests that write."""
    yield from _built(tmp_path)


def _built(root: Path) -> Iterator[HostileBank]:
    bank = build(root)
    yield bank
    (bank.bank / "denied.md").chmod(0o644)  # so pytest can clean the folder up as any user
