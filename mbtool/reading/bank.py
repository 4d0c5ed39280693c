"""Loading a whole bank: discover → parse every file → resolve every relation entry.

`Bank` is the value every later stage (graph, rules, impact, map, site) receives.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.model import Document, EntryKind, Finding, ResolvedEntry
from mbtool.parse import parse_document, unreadable
from mbtool.reading.discover import Listing, Location, list_documents
from mbtool.reading.resolve import Resolver

MAX_FILE_BYTES = 20 * 1024 * 1024

Parser = Callable[[list[tuple[str, Path]], Location], list[Document]]


@dataclass
class Bank:
    location: Location
    documents: dict[str, Document]
    file_findings: list[tuple[str, Finding]]
    resolver: Resolver
    entries: list[ResolvedEntry] = field(default_factory=list)
    concepts: dict[str, str] = field(default_factory=dict)  # lower-case → first spelling

    @property
    def map_path(self) -> str:
        """The configured map document name (it may not exist yet)."""
        return self.location.config.map_document

    def is_generated_map(self, path: str) -> bool:
        """The map document holding mbtool's generated region (not a hand-written registry).

        Only such a map is exempt from back-references: a hand-written `dependencies.md`
        declares relations like any document, and they are checked both ways.
        """
        document = self.documents.get(path)
        return path == self.map_path and document is not None and document.map_region is not None

    def concept_id(self, text: str) -> str:
        return self.concepts.get(text.lower(), text)


def read_file(path: Path) -> bytes | str:
    """The file's bytes, or a one-line reason it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; not read"
        return path.read_bytes()
    except PermissionError:
        return "file cannot be read: permission denied"
    except OSError as exc:
        return f"file cannot be read: {exc.strerror or exc.__class__.__name__}"


def parse_files(files: list[tuple[str, Path]], location: Location) -> list[Document]:
    """The serial parser; `mbtool.reading.cache` offers a cached and parallel one with the same result."""
    documents = []
    for rel, path in files:
        raw = read_file(path)
        documents.append(
            unreadable(rel, raw) if isinstance(raw, str) else parse_document(rel, raw, location.config)
        )
    return documents


def load_bank(location: Location, parser: Parser = parse_files) -> Bank:
    listing: Listing = list_documents(location)
    documents = {doc.path: doc for doc in parser(listing.files, location)}
    bank = Bank(location, documents, listing.findings, Resolver(location, set(documents)))
    bank.entries = list(_resolve_all(bank, documents.values()))
    return bank


def _resolve_all(bank: Bank, documents: Iterable[Document]) -> Iterable[ResolvedEntry]:
    for document in documents:
        for relation in document.relations:
            for entry in relation.entries:
                resolved = bank.resolver.entry(document.path, entry, relation.kind, relation.key)
                if resolved.node_kind is EntryKind.CONCEPT and resolved.node is not None:
                    first = bank.concepts.setdefault(resolved.node.lower(), resolved.node)
                    resolved = resolved.model_copy(update={"node": first})
                yield resolved
