"""A content-hash cache of parsed documents, so warm runs skip Markdown parsing (DESIGN §9).

One small file per document under the user cache folder (`MBTOOL_CACHE_DIR` overrides it),
named by a hash of the key: the file's path in the bank, the sha256 of its bytes, the mbtool
version with a hash of the parser's source, and `Config.parse_fingerprint()`. Each entry is
a header line (the full key and a checksum of the payload) followed by the document's JSON.

An entry is trusted only when its header equals the expected one byte for byte, the checksum
matches and the payload decodes into a `Document` of exactly the model's shape with the
expected path and hash (`parallel.Decoder`, which falls back to pydantic validation for a
field type it does not know); anything else is ignored and rebuilt. Entries are immutable
and written atomically (temp file + rename), so concurrent runs are safe.
Only per-file parse results are cached: resolution, the graph and the rules are always
recomputed from them, so an answer is never stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mbtool.config import Config
from mbtool.model import Document
from mbtool.reading.cachedir import CACHE_ENV, cache_dir
from mbtool.reading.codec import Decoder
from mbtool.reading.files import read_file
from mbtool.reading.parallel import Digests, Item, gc_paused, parse_all
from mbtool.version import VERSION

FORMAT = 2
_PARSER_SOURCES = ("model.py", "config.py", "parse")  # what a Document depends on, under mbtool/
_temp_names = itertools.count()

__all__ = ["CACHE_ENV", "DocumentCache", "cache_dir", "parse_items", "parser_fingerprint"]


def parse_items(
    items: list[Item], config: Config, *, cache: bool = True, digests: Digests | None = None
) -> list[Document]:
    """The documents of `items` (path, bytes), in order: cache hits decoded, the rest parsed
    (in parallel when many) and stored. `cache=False` (`--no-cache`) neither reads nor writes.
    `digests` (path → sha256) saves hashing a file the caller hashed already."""
    store = DocumentCache.open(config) if cache else None
    known = dict(digests or {})
    found: list[Document | None] = []
    misses: list[Item] = []
    decode = Decoder()
    with gc_paused():
        for rel, raw in items:
            if store is not None and rel not in known:
                known[rel] = hashlib.sha256(raw).hexdigest()
            document = store.load(rel, known[rel], decode) if store else None
            found.append(document)
            if document is None:
                misses.append((rel, raw))
    parsed = iter(parse_all(misses, config, store.store if store else None, known))
    return [document if document is not None else next(parsed) for document in found]


@dataclass(frozen=True)
class DocumentCache:
    """The entries of one parser configuration; picklable, so parse workers can write entries."""

    folder: Path
    parser: str  # mbtool version + hash of the parser's source
    config: str  # Config.parse_fingerprint()

    @classmethod
    def open(cls, config: Config, folder: Path | None = None) -> DocumentCache | None:
        """The cache, or None when its folder cannot be created (the run simply goes uncached)."""
        folder = (folder or cache_dir()) / f"documents-v{FORMAT}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return cls(folder, parser_fingerprint(), config.parse_fingerprint())

    def load(self, path: str, digest: str, decode: Decoder) -> Document | None:
        """The cached document for `path` with content hash `digest`, or None (miss or bad entry)."""
        data = read_file(self.entry_path(path, digest))  # regular files only: a FIFO would block
        if isinstance(data, str):
            return None
        header, _, payload = data.partition(b"\n")
        if header != self.header(path, digest, hashlib.sha256(payload).hexdigest()):
            return None
        try:
            document = decode(payload)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None  # pydantic's ValidationError is a ValueError
        return document if (document.path, document.content_hash) == (path, digest) else None

    def store(self, document: Document, payload: bytes) -> None:
        """Write one entry atomically; a cache that cannot be written is silently skipped."""
        target = self.entry_path(document.path, document.content_hash)
        header = self.header(document.path, document.content_hash, hashlib.sha256(payload).hexdigest())
        temp = target.with_name(f".{target.name}.{os.getpid()}.{next(_temp_names)}.tmp")
        try:
            with temp.open("xb") as stream:
                stream.write(header + b"\n" + payload)
            os.replace(temp, target)
        except OSError:
            with contextlib.suppress(OSError):
                temp.unlink()

    def header(self, path: str, digest: str, checksum: str) -> bytes:
        key = {
            "format": FORMAT,
            "parser": self.parser,
            "config": self.config,
            "path": path,
            "sha256": digest,
            "checksum": checksum,
        }
        return json.dumps(key, ensure_ascii=True, separators=(",", ":")).encode()

    def entry_path(self, path: str, digest: str) -> Path:
        name = hashlib.sha256(f"{self.parser}\0{self.config}\0{path}\0{digest}".encode()).hexdigest()
        return self.folder / f"{name[:40]}.json"


@cache
def parser_fingerprint() -> str:
    """The version plus a hash of the parser's source, so an edited parser never reads old entries."""
    package = Path(__file__).parents[1]  # the mbtool package
    digest = hashlib.sha256(VERSION.encode())
    for name in _PARSER_SOURCES:
        for source in (
            sorted((package / name).rglob("*.py")) if (package / name).is_dir() else [package / name]
        ):
            try:
                digest.update(source.name.encode() + b"\0" + source.read_bytes())
            except OSError:
                digest.update(source.name.encode())
    return f"{VERSION}+{digest.hexdigest()[:16]}"
