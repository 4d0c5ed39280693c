"""Loading a whole bank: discover → read each file once → parse (or take from the cache) → resolve.

`Bank` is the value every later stage receives. It keeps the bytes of every file from its
one read (`Bank.read`), so fixes, the map and the site never open a document again.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.config import Config
from mbtool.model import Document, EntryKind, ReadProblem, RelationKind, Resolution, ResolvedEntry
from mbtool.parse import unreadable
from mbtool.parse.pairs import normalise_key
from mbtool.profiles import BUILTIN, Profile, choose_profile, orient
from mbtool.reading.cache import parse_items
from mbtool.reading.codec import construct
from mbtool.reading.discover import Listing, Location, list_documents
from mbtool.reading.files import read_file
from mbtool.reading.repofiles import ProjectFiles
from mbtool.reading.resolve import Resolver


@dataclass
class Bank:
    location: Location
    documents: dict[str, Document]
    file_problems: list[tuple[str, ReadProblem]]
    resolver: Resolver
    entries: list[ResolvedEntry] = field(default_factory=list)
    concepts: dict[str, str] = field(default_factory=dict)  # lower-case → first spelling
    references: list[tuple[str, str]] = field(default_factory=list)  # (document, linked document)
    raw: dict[str, bytes] = field(default_factory=dict, repr=False)  # bytes from the one read
    profile: Profile = field(default_factory=lambda: BUILTIN["none"])
    digests: dict[str, str] = field(default_factory=dict, repr=False)  # sha256 of each file read
    folders: list[Path] = field(default_factory=list, repr=False)  # the folders listed to find them
    # Files and folders outside the bank's documents whose existence, content or listing this
    # run looked at (instruction files, scripts a procedure runs): the result cache stats them.
    inputs: set[Path] = field(default_factory=set, repr=False)

    @property
    def map_path(self) -> str:
        """The configured map document name (it may not exist yet)."""
        return self.location.config.map_document

    @property
    def prefix(self) -> str:
        """The bank folder relative to the project root (`.` when they are the same)."""
        return self.location.bank.relative_to(self.location.project).as_posix()

    def is_workflow_key(self, key: str) -> bool:
        """A key of the profile's workflow records (cursor's `Related Reflection`): it links
        records in the direction of the workflow, not by the Depends On convention."""
        return normalise_key(key) in _normalised(self.profile.workflow)

    def is_generated_map(self, path: str) -> bool:
        """The map document holding mbtool's generated region (not a hand-written registry).

        Only such a map is exempt from back-references: a hand-written `dependencies.md`
        declares relations like any document, and they are checked both ways.
        """
        document = self.documents.get(path)
        return path == self.map_path and document is not None and document.map_region is not None

    @property
    def project_files(self) -> ProjectFiles:
        """The project's files (git's listing, else a walk honouring `.gitignore`), listed once
        per loaded bank and shared by every rule that looks paths up."""
        return self.resolver.paths.project_files

    def probe(self, path: Path, *, file: bool = False) -> bool:
        """Whether `path` exists (is a regular file, with `file`), noted as an input of the run."""
        self.inputs.add(path)
        return path.is_file() if file else path.exists()

    def concept_id(self, text: str) -> str:
        return self.concepts.get(text.lower(), text)

    def read(self, path: str) -> bytes | None:
        """A document's bytes as read when the bank was loaded (None when it was unreadable)."""
        return self.raw.get(path)

    def text(self, path: str) -> str | None:
        """A readable document's text as loaded, BOM removed (None when it is not readable)."""
        raw = self.raw.get(path)
        document = self.documents.get(path)
        if raw is None or document is None or not document.readable:
            return None
        return raw.decode("utf-8").removeprefix("\ufeff")


Items = list[tuple[str, bytes]]


def load_bank(location: Location, *, cache: bool = True) -> Bank:
    """Read every document once, parse what the cache does not hold, resolve the relations."""
    listing: Listing = list_documents(location)
    raw: dict[str, bytes] = {}
    failed: dict[str, Document] = {}
    for rel, path in listing.files:
        read = read_file(path)
        if isinstance(read, str):
            failed[rel] = unreadable(rel, read)
        else:
            raw[rel] = read
    profile = choose_profile(location.config, [rel for rel, _ in listing.files])
    digests = {rel: content_hash(data) for rel, data in raw.items()}  # once per file, shared
    config = parse_config(location.config, profile)
    parsed = parse_items(list(raw.items()), config, cache=cache, digests=digests)
    documents = {**failed, **{document.path: document for document in parsed}}
    documents = {path: documents[path] for path in sorted(documents)}
    resolver = Resolver(location, set(documents))
    bank = Bank(location, documents, listing.problems, resolver, raw=raw, profile=profile, digests=digests)
    bank.folders = listing.folders
    bank.entries = list(_resolve_all(bank, documents.values()))
    bank.references = sorted(set(_references(bank)))
    return bank


@functools.cache
def _normalised(keys: tuple[str, ...]) -> frozenset[str]:
    return frozenset(normalise_key(key) for key in keys)


def parse_config(config: Config, profile: Profile) -> Config:
    """The configuration the parser sees: the relation keys include the profile's (so the parse
    cache is keyed by them too)."""
    return config.model_copy(update={"relations": profile.vocabulary(config.relations)})


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _resolve_all(bank: Bank, documents: Iterable[Document]) -> Iterable[ResolvedEntry]:
    for document in documents:
        for relation in document.relations:
            if relation.kind is RelationKind.DESCRIBES:
                continue  # what a document describes is code, not a dependency (mbtool.drift)
            oriented = bank.is_workflow_key(relation.key)
            for entry in relation.entries:
                resolved = bank.resolver.entry(document.path, entry, relation.kind, relation.key)
                if oriented:
                    # A workflow key names records (`Related Reflection`): documents only, in
                    # the direction the documents' stages imply.
                    if resolved.node_kind is not EntryKind.DOCUMENT or resolved.node is None:
                        continue
                    if resolved.node == document.path:
                        continue  # `Archive Document: <this file>` names the record itself
                    resolved = _with(resolved, relation=orient(document.path, resolved.node))
                if resolved.node_kind is EntryKind.CONCEPT and resolved.node is not None:
                    first = bank.concepts.setdefault(resolved.node.lower(), resolved.node)
                    resolved = _with(resolved, node=first)
                yield resolved


def _with(resolved: ResolvedEntry, **changes: object) -> ResolvedEntry:
    """A copy with some fields changed, sharing the class's fields-set (`codec.construct`)."""
    return construct(ResolvedEntry, **{**resolved.__dict__, **changes})


def _references(bank: Bank) -> Iterator[tuple[str, str]]:
    """Links, and `.md` names in text or code spans, from one bank document to another, outside
    the generated map region and code blocks. Ones that are relation entries are declarations
    already (a Required By link points the other way)."""
    entries: dict[str, set[tuple[int, str]]] = defaultdict(set)  # document → (line, target)
    for resolved in bank.entries:
        entries[resolved.source].add((resolved.entry.position.line, resolved.entry.target))
    for document in bank.documents.values():
        region = document.map_region
        written = entries.get(document.path, set())
        for link in document.links:
            if region is not None and region[0] <= link.position.line <= region[1]:
                continue
            if (link.position.line, link.target) in written:
                continue
            target = bank.resolver.link_document(document.path, link.target)
            if target is not None and target != document.path:
                yield document.path, target
        entry_lines = {line for line, _ in written}
        for name in _mentions(bank, document, entry_lines):
            target = _named_document(bank, document.path, name)
            if target is not None and target != document.path:
                yield document.path, target


# A `.md` name in running text or a code span: `progress-005.md`, `memory-bank/reflection/x.md`.
_COMMAND = re.compile(r"(`+)[^`]*?\s[^`]*?\1")
_MENTION = re.compile(r"(?<![\w/.\-\\])[\w][\w./-]*\.md(?![\w/-])", re.IGNORECASE)


def _mentions(bank: Bank, document: Document, entry_lines: set[int]) -> Iterator[str]:
    """`.md` names a document mentions outside code blocks, the generated map region and the
    lines that hold its relation entries (those are declarations already)."""
    text = bank.text(document.path)
    if text is None or ".md" not in text.lower():
        return
    skipped = set(entry_lines)
    for fence in document.fences:
        skipped.update(range(fence.position.line, fence.end_line + 1))
    if document.map_region is not None:
        skipped.update(range(document.map_region[0], document.map_region[1] + 1))
    for number, line in enumerate(text.splitlines(), 1):
        if number not in skipped and ".md" in line.lower():
            prose = _COMMAND.sub(" ", line)  # `mbtool impact x.md` is an example, not a mention
            yield from (match.group(0) for match in _MENTION.finditer(prose))


def _named_document(bank: Bank, source: str, text: str) -> str | None:
    """The bank document a code span names (`progress-005.md`, `memory-bank/reflection/x.md`):
    resolved as a relation entry is, a file name only when one document has it."""
    if any(char.isspace() for char in text):
        return None
    found, how, candidates = bank.resolver.document(source, text)
    if found is None or (how is Resolution.BASENAME and len(candidates) > 1):
        return None
    return found
