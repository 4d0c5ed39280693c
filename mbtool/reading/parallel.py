"""Parsing many files on several cores, with the same documents in the same order as the serial path.

Workers parse a chunk of files and send each `Document` back as its JSON (which is also
what the cache stores); the parent decodes it into the same frozen value. Small jobs,
single-core machines and any failure to start a pool take the serial path.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import multiprocessing
import os
import types
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from enum import Enum
from functools import partial
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from mbtool.config import Config
from mbtool.model import Document

PARALLEL_THRESHOLD = 200  # fewer files than this are parsed faster than a pool starts
MAX_WORKERS = 4
_YOUNG_COLLECT_EVERY = 128

Item = tuple[str, bytes]  # (bank-relative path, raw bytes)
Sink = Callable[[Document, bytes], None]  # called with each parsed document and its JSON


def parse_all(items: list[Item], config: Config, sink: Sink | None = None) -> list[Document]:
    """Parse `items` (in order), on several cores when there are enough of them."""
    workers = worker_count()
    if len(items) >= PARALLEL_THRESHOLD and workers > 1:
        try:
            return parse_in_parallel(items, config, workers, sink)
        except (OSError, RuntimeError, BrokenProcessPool, Warning):
            pass  # no pool here (sandbox, no /dev/shm, fork refused): the serial path is correct too
    return parse_serially(items, config, sink)


def parse_serially(items: list[Item], config: Config, sink: Sink | None = None) -> list[Document]:
    from mbtool.parse import parse_document

    documents = []
    with gc_paused():
        for count, (rel, raw) in enumerate(items, start=1):
            document = parse_document(rel, raw, config)
            if sink is not None:
                sink(document, to_json(document))
            documents.append(document)
            if count % _YOUNG_COLLECT_EVERY == 0:
                gc.collect(0)
    return documents


def parse_in_parallel(
    items: list[Item], config: Config, workers: int, sink: Sink | None = None
) -> list[Document]:
    chunks = list(_chunks(items, _chunk_size(len(items), workers)))
    job = partial(_parse_chunk, config=config, sink=sink)
    decode = Decoder()
    documents: list[Document] = []
    with (
        ProcessPoolExecutor(workers, mp_context=_context(), initializer=_worker_start) as pool,
        gc_paused(),
    ):
        for payloads in pool.map(job, chunks):
            documents.extend(decode(payload) for payload in payloads)
    return documents


def to_json(document: Document) -> bytes:
    return document.__pydantic_serializer__.to_json(document)


Decode = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


class Decoder:
    """`to_json` output back into the equal frozen `Document`, faster and leaner than validating.

    pydantic's `model_validate_json` gives every one of a document's ~70 nested models its own
    `__pydantic_fields_set__` set: half of a loaded bank's memory (480 MB for 10,000
    documents, against 296 MB here). This decoder builds the models from their field types
    instead, sharing one fields-set per class and one `Position` per distinct value. It is
    strict about shape (exact field names, enum values, ISO dates) and raises on anything
    else; it is used only on payloads this process or a worker just wrote, or whose cache
    checksum matched. A model field of a type it does not know makes it fall back to pydantic.
    """

    def __init__(self) -> None:
        self._decoders: dict[Any, Decode] = {}
        self._document: Decode | None
        try:
            self._document = self._for(Document)
        except TypeError:
            self._document = None

    def __call__(self, payload: bytes) -> Document:
        """The document; ValueError, KeyError, TypeError or AttributeError when the JSON is not one."""
        if self._document is None:
            return Document.model_validate_json(payload)
        document = self._document(json.loads(payload))
        if not isinstance(document, Document):
            raise TypeError("not a document")
        return document

    def _for(self, annotation: Any) -> Decode:
        if annotation not in self._decoders:
            self._decoders[annotation] = self._build(annotation)
        return self._decoders[annotation]

    def _build(self, annotation: Any) -> Decode:
        origin = get_origin(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self._model(annotation)
        if origin is tuple:
            return self._tuple(get_args(annotation))
        if origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                raise TypeError(annotation)
            inner = self._for(options[0])
            return lambda value: None if value is None else inner(value)
        if origin is Literal or annotation in (str, int, bool):
            return _same
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return annotation
        if annotation is dt.date:
            return dt.date.fromisoformat
        raise TypeError(annotation)

    def _tuple(self, args: tuple[Any, ...]) -> Decode:
        if len(args) == 2 and args[1] is Ellipsis:
            item = self._for(args[0])
            return tuple if item is _same else lambda value: tuple([item(each) for each in value])
        items = [self._for(arg) for arg in args]
        return lambda value: tuple([item(each) for item, each in zip(items, value, strict=True)])

    def _model(self, cls: type[BaseModel]) -> Decode:
        names = tuple(cls.model_fields)
        converted = [(name, self._for(field.annotation)) for name, field in cls.model_fields.items()]
        converted = [(name, decode) for name, decode in converted if decode is not _same]
        fields_set = set(names)
        interned: dict[tuple[Any, ...], BaseModel] | None = {} if not converted else None
        new, set_slot = cls.__new__, object.__setattr__

        def decode(data: dict[str, Any]) -> BaseModel:
            if tuple(data) != names:
                raise ValueError(f"`{cls.__name__}` fields differ")
            if interned is not None:  # all-scalar values (Position) are shared, not repeated
                key = tuple(data.values())
                if key in interned:
                    return interned[key]
            for name, convert in converted:
                data[name] = convert(data[name])
            model = new(cls)
            set_slot(model, "__dict__", data)
            set_slot(model, "__pydantic_fields_set__", fields_set)
            set_slot(model, "__pydantic_extra__", None)
            set_slot(model, "__pydantic_private__", None)
            if interned is not None:
                interned[key] = model
            return model

        return decode


def worker_count() -> int:
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    return max(1, min(available, MAX_WORKERS))


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


def _parse_chunk(chunk: list[Item], config: Config, sink: Sink | None) -> list[bytes]:
    from mbtool.parse import parse_document

    payloads = []
    for rel, raw in chunk:
        document = parse_document(rel, raw, config)
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
