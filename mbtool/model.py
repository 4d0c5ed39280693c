"""The bank model: frozen values produced by `parse` and `resolve`, consumed by every later stage.

Positions are 1-based line and column in the original file, front matter included.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Position(Frozen):
    line: int
    column: int = 1


class RelationKind(StrEnum):
    DEPENDS_ON = "depends-on"
    REQUIRED_BY = "required-by"
    DESCRIBES = "describes"  # the code a document describes (DESIGN §13): no edge, no MB2xx finding


class EntryKind(StrEnum):
    DOCUMENT = "document"
    PATH = "path"
    CONCEPT = "concept"


class Resolution(StrEnum):
    """How a document reference was resolved (DESIGN §3 order)."""

    DOCUMENT_FOLDER = "document-folder"
    BANK_ROOT = "bank-root"
    PROJECT_ROOT = "project-root"
    BASENAME = "basename"
    UNRESOLVED = "unresolved"
    OUTSIDE = "outside-project"
    # A path that was not checked: build output, ignored by git, or (with no project root
    # above the bank) possibly outside the bank. Neither found nor missing.
    UNVERIFIED = "unverified"


class Heading(Frozen):
    level: int
    text: str
    anchor: str
    position: Position


class Link(Frozen):
    """A Markdown link (inline or reference) as written; `target` is the raw href."""

    text: str
    target: str
    position: Position


class CodeSpan(Frozen):
    text: str
    position: Position


class ListItem(Frozen):
    """The ordered-list item a fence sits in: its marker number and its opening text."""

    number: int
    text: str
    line: int


class Fence(Frozen):
    """A fenced code block: `info` is the whole info string, `language` its first word."""

    info: str
    language: str
    content: str
    position: Position
    end_line: int
    heading_anchor: str | None = None
    list_item: ListItem | None = None  # set when the fence sits in an ordered-list item


class Entry(Frozen):
    """One value in a relation list, before resolution."""

    text: str
    target: str
    kind: EntryKind
    annotation: str | None = None
    position: Position
    via: Literal["bare", "link", "code"] = "bare"
    prose: bool = False  # named inside a sentence: a mention, not a written path


class Relation(Frozen):
    """A relation declaration: a key (`Depends On`, `Informs`...) with its entries."""

    kind: RelationKind
    key: str
    form: Literal["bold", "plain", "heading", "front-matter"]
    entries: tuple[Entry, ...]
    position: Position


class MetaField(Frozen):
    """One occurrence of a metadata field (`Last Updated`, `Status`, `Next Review`...)."""

    key: str
    value: str
    position: Position
    date: dt.date | None = None
    looks_like_date: bool = False


class ReviewedBlob(Frozen):
    """A per-reference review recorded by `mbtool ack --ref` in front matter (`reviewed:`):
    the git blob id of `path` (as written) when the document was last checked against it."""

    path: str
    blob: str
    position: Position


class Suppression(Frozen):
    codes: tuple[str, ...]
    position: Position
    next_line: bool


class ReadProblem(Frozen):
    """A problem found while reading a file (discovery, decoding, front matter), kept on the
    document; the MB0xx rules turn it into a `Violation`, the check engine into a `Diagnostic`."""

    code: str
    message: str
    position: Position


class Document(Frozen):
    """One parsed bank document. `path` is bank-relative POSIX."""

    path: str
    title: str
    headings: tuple[Heading, ...] = ()
    links: tuple[Link, ...] = ()
    code_spans: tuple[CodeSpan, ...] = ()
    fences: tuple[Fence, ...] = ()
    relations: tuple[Relation, ...] = ()
    metadata: tuple[MetaField, ...] = ()
    texts: tuple[MetaField, ...] = ()
    suppressions: tuple[Suppression, ...] = ()
    problems: tuple[ReadProblem, ...] = ()
    map_region: tuple[int, int] | None = None
    line_count: int = 0
    content_hash: str = ""
    reviewed: tuple[ReviewedBlob, ...] = ()

    def meta(self, key: str) -> MetaField | None:
        """The first occurrence of a metadata field, by canonical key."""
        return next((m for m in self.metadata if m.key == key), None)

    def text(self, key: str) -> str | None:
        found = next((t for t in self.texts if t.key == key), None)
        return found.value if found else None

    @property
    def readable(self) -> bool:
        return not any(f.code in ("MB001", "MB002") for f in self.problems)


class ResolvedEntry(Frozen):
    """An entry after resolution: `node` is the graph node id it points at (None if unresolved)."""

    entry: Entry
    relation: RelationKind
    key: str
    source: str
    node: str | None
    node_kind: EntryKind
    resolution: Resolution
    candidates: tuple[str, ...] = ()
    exists: bool = True
