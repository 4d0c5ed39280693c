"""Parallel parsing gives exactly the serial documents, on real corpora and on a generated bank."""

from __future__ import annotations

from pathlib import Path

import pytest

import mbtool.reading.parallel
from mbtool.api import graph_json, load
from mbtool.config import Config
from mbtool.model import Document
from mbtool.reading.discover import list_documents, locate
from mbtool.reading.parallel import PARALLEL_THRESHOLD, Item, parse_all, parse_in_parallel, parse_serially
from tests.conftest import CORPUS_NAMES, corpus
from tests.perf.conftest import bench_module


def items_of(bank: Path) -> list[Item]:
    return [(rel, path.read_bytes()) for rel, path in list_documents(locate(bank)).files]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seed-style bank just above the parallel threshold."""
    generate = bench_module("generate").generate
    return generate(tmp_path_factory.mktemp("generated"), PARALLEL_THRESHOLD + 30)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_parallel_and_serial_parses_are_identical_on_corpora(name: str) -> None:
    items = items_of(corpus(name))
    assert parse_in_parallel(items, Config(), workers=2) == parse_serially(items, Config())


def test_parallel_and_serial_parses_are_identical_on_a_generated_bank(generated: Path) -> None:
    items = items_of(generated)
    serial = parse_serially(items, Config())
    assert parse_in_parallel(items, Config(), workers=2) == serial
    assert [document.path for document in serial] == [rel for rel, _ in items]


def test_load_answers_the_same_with_and_without_cache_and_pool(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = graph_json(load(generated))
    warm = graph_json(load(generated))
    monkeypatch.setattr(mbtool.reading.parallel, "worker_count", lambda: 1)
    serial = graph_json(load(generated, cache=False))
    assert cold == warm == serial


def test_a_pool_that_cannot_start_falls_back_to_the_serial_path(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> list[Document]:
        raise OSError("no /dev/shm here")

    monkeypatch.setattr(mbtool.reading.parallel, "worker_count", lambda: 2)
    monkeypatch.setattr(mbtool.reading.parallel, "parse_in_parallel", refuse)
    items = items_of(generated)
    assert parse_all(items, Config()) == parse_serially(items, Config())


def test_small_jobs_never_start_a_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> list[Document]:
        raise AssertionError("a pool was started for a small job")

    monkeypatch.setattr(mbtool.reading.parallel, "worker_count", lambda: 2)
    monkeypatch.setattr(mbtool.reading.parallel, "parse_in_parallel", forbidden)
    items = [(f"d{index}.md", b"# D\n") for index in range(PARALLEL_THRESHOLD - 1)]
    assert len(parse_all(items, Config())) == PARALLEL_THRESHOLD - 1


def test_workers_write_cache_entries_that_the_next_run_reads(
    generated: Path, cache_folder: Path, parsed: list[str]
) -> None:
    load(generated)
    assert len(list(cache_folder.rglob("*.json"))) == PARALLEL_THRESHOLD + 30
    parsed.clear()
    load(generated)
    assert parsed == []
