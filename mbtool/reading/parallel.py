"""Parsing many files on several cores, with the same documents in the same order as the serial path.

Workers parse a chunk of files and send each `Document` back as its JSON (`codec`, which is
also what the cache stores); the parent decodes it into the same frozen value. Small jobs,
single-core machines and any failure to start a pool take the serial path.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial

from mbtool import parse
from mbtool.config import Config
from mbtool.model import Document
from mbtool.reading.codec import Decoder, to_json

PARALLEL_THRESHOLD = 200  # fewer files than this are parsed faster than a pool starts (bench/parallel.py)
MAX_WORKERS = 4
_YOUNG_COLLECT_EVERY = 128

Item = tuple[str, bytes]  # (bank-relative path, raw bytes)
Digests = dict[str, str]  # bank-relative path → sha256 of its bytes, when the caller has them
Sink = Callable[[Document, bytes], None]  # called with each parsed document and its JSON


def parse_all(
    items: list[Item], config: Config, sink: Sink | None = None, digests: Digests | None = None
) -> list[Document]:
    """Parse `items` (in order), on several cores when there are enough of them."""
    workers = worker_count()
    if len(items) >= PARALLEL_THRESHOLD and workers > 1:
        try:
            return parse_in_parallel(items, config, workers, sink, digests)
        except (OSError, RuntimeError, BrokenProcessPool, Warning):
            pass  # no pool here (sandbox, no /dev/shm, fork refused): the serial path is correct too
    return parse_serially(items, config, sink, digests)


def parse_serially(
    items: list[Item], config: Config, sink: Sink | None = None, digests: Digests | None = None
) -> list[Document]:
    documents = []
    known = digests or {}
    with gc_paused():
        for count, (rel, raw) in enumerate(items, start=1):
            document = parse.parse_document(rel, raw, config, known.get(rel))
            if sink is not None:
                sink(document, to_json(document))
            documents.append(document)
            if count % _YOUNG_COLLECT_EVERY == 0:
                gc.collect(0)
    return documents


def parse_in_parallel(
    items: list[Item], config: Config, workers: int, sink: Sink | None = None, digests: Digests | None = None
) -> list[Document]:
    chunks = list(_chunks(items, _chunk_size(len(items), workers)))
    known = digests or {}
    work = [[(rel, raw, known.get(rel)) for rel, raw in chunk] for chunk in chunks]
    job = partial(_parse_chunk, config=config, sink=sink)
    decode = Decoder()
    documents: list[Document] = []
    with (
        ProcessPoolExecutor(workers, mp_context=_context(), initializer=_worker_start) as pool,
        gc_paused(),
    ):
        for payloads in pool.map(job, work):
            documents.extend(decode(payload) for payload in payloads)
    return documents


def worker_count() -> int:
    """The cores this process may use that other processes are not already keeping busy (the
    1-minute load average): on a shared 2-core machine with one other busy job, two workers
    parse no faster than one process (`bench/parallel.py`), so the serial path is taken."""
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # no load average on this platform
        busy = 0.0
    return max(1, min(round(available - busy), MAX_WORKERS))


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing allocates millions of objects; automatic collections over the growing heap cost
    about a third of the time, so they wait (callers collect the young generation themselves).

    On the way out, everything allocated here is moved to the oldest generation at once
    (`freeze` + `unfreeze`, no traversal), instead of being walked by the young collections
    of the next stages. Skipped when someone else keeps objects frozen.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Everything allocated so far (imports, the loaded bank) is left out of garbage collection
    until the block ends: the rules then allocate freely without full collections walking a
    million long-lived objects (a tenth of a warm check at 1,000 documents). Skipped when
    someone else keeps objects frozen."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _parse_chunk(
    chunk: list[tuple[str, bytes, str | None]], config: Config, sink: Sink | None
) -> list[bytes]:
    payloads = []
    for rel, raw, digest in chunk:
        document = parse.parse_document(rel, raw, config, digest)
        payload = to_json(document)
        if sink is not None:
            sink(document, payload)
        payloads.append(payload)
    gc.collect(0)  # the skeleton has reference cycles; free them chunk by chunk
    return payloads


def _worker_start() -> None:
    gc.freeze()  # leave the pages shared with the parent alone
    gc.disable()


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _chunk_size(total: int, workers: int) -> int:
    return max(8, min(128, total // (workers * 8) or 1))


def _chunks(items: list[Item], size: int) -> Iterator[list[Item]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
