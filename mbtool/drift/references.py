"""What a document describes (DESIGN §13): the project files, folders and Python symbols it names.

Read from, most explicit first:

- a `Describes:` relation (key, heading or `describes:` front matter), globs allowed
  (`src/payments/**`);
- path entries of `Depends On` / `Required By` (`scripts/run.sh`);
- `path::Symbol` code spans for Python (`src/x.py::Class.method`);
- links to files that are not Markdown, and code spans that clearly are paths (files, not
  folders: prose that names `src/` does not describe everything in it).

Resolution is conservative, because a wrong "this document describes X" becomes a wrong
warning every time X changes: a code span must look like a path and name a project file
(exactly, by a unique path suffix, or by a unique file name with an extension); prose in
backticks (`CI/CD`, `key=value`) never is. Files in the bank itself and Markdown files are
documentation, not code, unless a `Describes:` entry names them. A document that declares
`Describes:` has said what it describes: its other links and code spans count only when
they name a path that no longer exists (it may have moved: MB312).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote

from mbtool.model import Document, EntryKind, RelationKind
from mbtool.reading.bank import Bank
from mbtool.reading.repofiles import ProjectFiles


class Origin(StrEnum):
    DESCRIBES = "describes"  # a `Describes:` entry or `describes:` front matter
    ENTRY = "entry"  # a path entry of a Depends On / Required By relation
    LINK = "link"
    CODE = "code"  # a code span


class TargetKind(StrEnum):
    FILE = "file"
    FOLDER = "folder"
    PATTERN = "pattern"  # a glob over project paths
    MISSING = "missing"  # names nothing in the project now (maybe moved: MB312)


@dataclass(frozen=True)
class Described:
    """One piece of code a document names, with where the document names it."""

    document: str  # bank-relative
    written: str  # the path as written, without `::Symbol`
    target: str  # project-relative file, folder or glob; for MISSING the path it would be
    kind: TargetKind
    origin: Origin
    line: int
    column: int
    symbol: str | None = None  # `Class.method` of a `.py::Class.method` reference

    @property
    def explicit(self) -> bool:
        """Declared on purpose (`Describes:`, a relation entry), not merely mentioned in prose."""
        return self.origin in (Origin.DESCRIBES, Origin.ENTRY)

    @property
    def shown(self) -> str:
        if self.symbol:
            return f"{self.target}::{self.symbol}"
        return self.target + "/" if self.kind is TargetKind.FOLDER else self.target

    @property
    def key(self) -> str:
        """The history key: folders end with `/`, so they never collide with a file."""
        return self.target + "/" if self.kind is TargetKind.FOLDER else self.target


_GLOB = re.compile(r"[*?\[]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_SYMBOL = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
_NOT_IN_PATHS = frozenset(" \t:<>=*\"'`$|{}()[],;!?#%@~&^\\")
_EXTENSION_LIST = """
py pyi sh bash zsh ps1 bat js mjs cjs ts tsx jsx json jsonc yml yaml toml ini cfg conf env lock html
css scss sql go rs java kt rb php c h cc cpp hpp cs swift xml csv ipynb svg dockerfile gradle mk tf
hcl proto graphql vue svelte txt rst
"""
_EXTENSIONS = frozenset(_EXTENSION_LIST.split())


def candidate_count(bank: Bank) -> int:
    """How many references could describe code: 0 means no file listing and no git is needed."""
    count = 0
    for document in bank.documents.values():
        count += sum(1 for relation in document.relations if relation.kind is RelationKind.DESCRIBES)
        count += sum(1 for link in document.links if _file_link(link.target))
        count += sum(1 for span in document.code_spans if _path_like(span.text.strip().split("::", 1)[0]))
    count += sum(1 for resolved in bank.entries if resolved.node_kind is EntryKind.PATH and resolved.exists)
    return count


def explicit_documents(bank: Bank) -> list[str]:
    """Documents that declare `Describes:` (they asked for drift checks: unknown history is said)."""
    return sorted(
        path
        for path, document in bank.documents.items()
        if any(relation.kind is RelationKind.DESCRIBES for relation in document.relations)
    )


def described(bank: Bank, files: ProjectFiles) -> dict[str, list[Described]]:
    """Per document (bank-relative), what it describes: one entry per target and symbol,
    explicit references first, then in reading order."""
    reader = _Reader(bank, files)
    found: dict[str, list[Described]] = {}
    entries: dict[str, list[Described]] = {}
    for resolved in bank.entries:
        if resolved.node_kind is EntryKind.PATH and resolved.exists and resolved.node is not None:
            entry = resolved.entry
            ref = reader.entry(
                resolved.source, entry.target, resolved.node, entry.position.line, entry.position.column
            )
            if ref is not None:
                entries.setdefault(resolved.source, []).append(ref)
    for path, document in bank.documents.items():
        if not document.readable:
            continue
        refs = [*reader.describes(document), *entries.get(path, [])]
        declared = any(ref.origin is Origin.DESCRIBES for ref in refs)
        mentions = reader.mentions(document)
        # `Describes:` says what the document describes; a path it names that moved is still stale
        refs += [ref for ref in mentions if not declared or ref.kind is TargetKind.MISSING]
        unique = _unique(refs)
        if unique:
            found[path] = unique
    return found


def _unique(refs: list[Described]) -> list[Described]:
    """One reference per target and symbol (the first, declared ones first); a path that no
    longer exists is kept at every place it is written, since each needs rewriting (MB312)."""
    seen: dict[tuple[str, str | None] | tuple[str, int, int], Described] = {}
    for ref in sorted(refs, key=lambda r: (not r.explicit, r.line, r.column)):
        missing = ref.kind is TargetKind.MISSING
        seen.setdefault((ref.target, ref.line, ref.column) if missing else (ref.target, ref.symbol), ref)
    return list(seen.values())


class _Reader:
    def __init__(self, bank: Bank, files: ProjectFiles) -> None:
        self.files = files
        self.documents = bank.documents
        self.prefix = "" if bank.prefix == "." else bank.prefix + "/"

    # -- the three sources ---------------------------------------------------------------------------
    def describes(self, document: Document) -> Iterator[Described]:
        for relation in document.relations:
            if relation.kind is not RelationKind.DESCRIBES:
                continue
            for entry in relation.entries:
                written, symbol = _split_symbol(entry.target.strip())
                if not written or _SCHEME.match(written):
                    continue
                target, kind = self._resolve(document.path, written)
                if self._in_bank(target):
                    continue  # a bank document is documentation, not code
                line, column = entry.position.line, entry.position.column
                yield Described(document.path, written, target, kind, Origin.DESCRIBES, line, column, symbol)

    def entry(self, document: str, written: str, node: str, line: int, column: int) -> Described | None:
        if self._in_bank(node) or node.lower().endswith(".md"):
            return None
        kind = TargetKind.FILE if node in self.files.files else TargetKind.FOLDER
        if not self.files.exists(node):
            return None
        return Described(document, written, posixpath.normpath(node), kind, Origin.ENTRY, line, column)

    def mentions(self, document: Document) -> Iterator[Described]:
        region = document.map_region
        for link in document.links:
            if region is not None and region[0] <= link.position.line <= region[1]:
                continue
            written = unquote(link.target.split("#", 1)[0].split("?", 1)[0].strip().strip("<>"))
            if _file_link(link.target) and written:
                ref = self._mention(document, written, Origin.LINK, link.position.line, link.position.column)
                if ref is not None:
                    yield ref
        for span in document.code_spans:
            if region is not None and region[0] <= span.position.line <= region[1]:
                continue
            ref = self._span(document, span.text.strip(), span.position.line, span.position.column)
            if ref is not None:
                yield ref

    def _span(self, document: Document, text: str, line: int, column: int) -> Described | None:
        written, symbol = _split_symbol(text)
        if not _path_like(written):
            return None
        ref = self._mention(document, written, Origin.CODE, line, column)
        if ref is None or symbol is None:
            return ref
        return Described(ref.document, written, ref.target, ref.kind, Origin.CODE, line, column, symbol)

    def _mention(
        self, document: Document, written: str, origin: Origin, line: int, column: int
    ) -> Described | None:
        if written.lower().endswith(".md"):
            return None
        relative_only = origin is Origin.LINK
        target, kind = self._resolve(document.path, written, relative_only=relative_only)
        if self._in_bank(target) or kind is TargetKind.FOLDER:
            return None  # prose that names a folder (`src/`) does not describe all of it
        if kind is TargetKind.MISSING and "/" not in written:
            return None
        return Described(document.path, written, target, kind, origin, line, column)

    # -- resolution ----------------------------------------------------------------------------------
    def _resolve(self, document: str, written: str, *, relative_only: bool = False) -> tuple[str, TargetKind]:
        """(project-relative target, kind): beside the document, then the project root, then the
        bank root; then (not for links) a unique path suffix or file name."""
        folder = posixpath.dirname(self.prefix + document)
        candidates = [_inside(posixpath.join(folder, written))]
        if not relative_only and not written.startswith(("./", "../")):
            candidates = [_inside(written.lstrip("/")), *candidates, _inside(self.prefix + written)]
        inside = [candidate for candidate in candidates if candidate is not None]
        if _GLOB.search(written):
            return (inside[0], TargetKind.PATTERN) if inside else (written, TargetKind.MISSING)
        for candidate in inside:
            if candidate in self.files.files:
                return candidate, TargetKind.FILE
            if candidate in self.files.folders:
                return candidate, TargetKind.FOLDER
        if not relative_only:
            unique = self._unique_match(written)
            if unique is not None:
                return unique, TargetKind.FILE
        return (inside[0] if inside else written), TargetKind.MISSING

    def _unique_match(self, written: str) -> str | None:
        clean = written.strip("/")
        if "/" in clean:
            matches: Sequence[str] = self.files.by_suffix(clean)
        elif _extension(clean) in _EXTENSIONS:
            matches = self.files.by_name(clean)
        else:
            return None
        return matches[0] if len(matches) == 1 else None

    def _in_bank(self, target: str) -> bool:
        if not self.prefix:
            return target in self.documents
        return target == self.prefix.rstrip("/") or target.startswith(self.prefix)


def _inside(path: str) -> str | None:
    normal = posixpath.normpath(path)
    if normal in (".", "..") or normal.startswith("../") or posixpath.isabs(normal):
        return None
    return normal


def _split_symbol(text: str) -> tuple[str, str | None]:
    """`src/x.py::Class.method` → (`src/x.py`, `Class.method`); symbols only for Python files."""
    path, separator, symbol = text.partition("::")
    if not separator:
        return text, None
    if path.endswith((".py", ".pyi")) and _SYMBOL.match(symbol):
        return path, symbol
    return path, None


def _file_link(href: str) -> bool:
    """A relative link to something that is not a Markdown document or a URL."""
    target = href.strip()
    if not target or target.startswith(("#", "/", "\\")) or _SCHEME.match(target):
        return False
    path = target.split("#", 1)[0].split("?", 1)[0]
    return bool(path) and not path.lower().endswith(".md")


def _path_like(text: str) -> bool:
    """A code span that clearly names a path: no spaces or punctuation prose uses, and a `/` or
    a known file extension (`a.b.c` identifiers and `CI/CD`-style words then must resolve)."""
    if not text or text.startswith(("/", "-", "~")) or not _NOT_IN_PATHS.isdisjoint(text):
        return False
    return "/" in text or _extension(text) in _EXTENSIONS or text.startswith("Dockerfile")


def _extension(name: str) -> str:
    base = posixpath.basename(name.rstrip("/"))
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""
