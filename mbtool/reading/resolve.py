"""resolve: relation entries and link targets → graph node ids, in DESIGN §3's order.

Document references: relative to the referring document's folder, the bank root, the
project root, then a unique basename anywhere in the bank (MB208). Other paths are looked up
in the project's files (`mbtool.reading.paths`). Anything that would leave the project root
is `OUTSIDE` and is never touched on disk.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import unquote

from mbtool.model import Entry, EntryKind, RelationKind, Resolution, ResolvedEntry
from mbtool.reading.codec import construct
from mbtool.reading.discover import Location
from mbtool.reading.paths import Mode, PathFinder, PathLookup, PathStatus, bank_tail

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class Resolver:
    def __init__(self, location: Location, documents: set[str]) -> None:
        self.location = location
        self.documents = documents
        self._bank_prefix = location.bank.relative_to(location.project).as_posix()
        self._by_basename: dict[str, list[str]] = defaultdict(list)
        self._by_lower: dict[str, list[str]] = defaultdict(list)
        self._by_basename_lowered: dict[str, list[str]] = defaultdict(list)
        self._folders: set[str] = set()
        for doc in sorted(documents):
            self._by_basename[posixpath.basename(doc)].append(doc)
            self._by_lower[doc.lower()].append(doc)
            folder = posixpath.dirname(doc)
            while folder and folder not in self._folders:
                self._folders.add(folder)
                folder = posixpath.dirname(folder)
        for base, docs in self._by_basename.items():  # in the order of the basenames, as before
            self._by_basename_lowered[base.lower()].extend(docs)
        self._close: dict[tuple[str, int], list[str]] = {}  # difflib's answers, once per name
        self.paths = PathFinder(location)

    # -- documents ---------------------------------------------------------------------------
    def document(self, source: str, target: str) -> tuple[str | None, Resolution, tuple[str, ...]]:
        """(bank document, how, candidates) for a `.md` reference written in `source`."""
        path = clean_target(target)
        if not path:
            return source, Resolution.DOCUMENT_FOLDER, ()
        folder = posixpath.dirname(source)
        tried = []
        for base, how in ((folder, Resolution.DOCUMENT_FOLDER), ("", Resolution.BANK_ROOT)):
            candidate = self._project_path(self._bank_join(base, path))
            if candidate is None:
                if self.location.project_found:
                    return None, Resolution.OUTSIDE, ()
                continue  # without a project root, where the project ends is unknown
            tried.append(candidate)
            doc = self._as_document(candidate)
            if doc is not None:
                return doc, how, ()
        from_project = self._project_path(path.lstrip("/"))
        if from_project is not None:
            doc = self._as_document(from_project)
            if doc is not None:
                return doc, Resolution.PROJECT_ROOT, ()
        tail = bank_tail(path) if not self.location.project_found else None
        if tail is not None and posixpath.normpath(tail) in self.documents:
            return posixpath.normpath(tail), Resolution.PROJECT_ROOT, ()
        matches = self._by_basename.get(posixpath.basename(path), [])
        if matches:
            chosen = min(matches, key=lambda doc: (posixpath.dirname(doc) != folder, doc.count("/"), doc))
            return chosen, Resolution.BASENAME, tuple(matches)
        return None, Resolution.UNRESOLVED, ()

    def unique_suggestion(self, target: str) -> str | None:
        """The one document `target` is a slip for: the only case-insensitive match, else the
        only close name (None when none or several are close)."""
        path = clean_target(target)
        lowered = {*self._by_lower.get(path.lower(), ()), *self._by_basename_lower(posixpath.basename(path))}
        if lowered:
            return lowered.pop() if len(lowered) == 1 else None
        close = self._close_names(posixpath.basename(path), 2)
        if len(close) != 1 or len(self._by_basename[close[0]]) != 1:
            return None
        return self._by_basename[close[0]][0]

    def did_you_mean(self, target: str) -> str | None:
        path = clean_target(target)
        lowered = self._by_lower.get(path.lower()) or self._by_basename_lower(posixpath.basename(path))
        if lowered:
            return lowered[0]
        close = self._close_names(posixpath.basename(path), 1)
        return self._by_basename[close[0]][0] if close else None

    def _close_names(self, name: str, count: int) -> list[str]:
        """The `count` closest document basenames to `name` (difflib, cutoff 0.75): a scan of
        every name, so each answer is kept (a broken name is often written many times)."""
        key = (name, count)
        if key not in self._close:
            self._close[key] = difflib.get_close_matches(name, list(self._by_basename), n=count, cutoff=0.75)
        return self._close[key]

    def _misspelt(self, target: str) -> bool:
        """A reference that cannot be checked outside the bank, but reads as a slip for a bank
        document: its folders (if any) are the bank's, and a document's name is close to it."""
        folder = posixpath.dirname(clean_target(target).removeprefix("./"))
        in_bank = not folder or folder in self._folders
        return in_bank and self.did_you_mean(target) is not None

    def _by_basename_lower(self, name: str) -> list[str]:
        return self._by_basename_lowered.get(name.lower(), [])

    def link_document(self, source: str, href: str) -> str | None:
        """The bank document a Markdown link in `source` points to (Markdown semantics: relative
        to the linking document's folder), or None for URLs, anchors and other files."""
        target = href.strip()
        if not target or target.startswith(("#", "/", "\\")) or _SCHEME.match(target):
            return None
        path = clean_target(target)
        joined = self._project_path(self._bank_join(posixpath.dirname(source), path)) if path else None
        return self._as_document(joined) if joined is not None else None

    # -- paths -----------------------------------------------------------------------------
    def lookup(self, source: str, target: str, *, mode: Mode = "entry") -> PathLookup:
        """What a path written in document `source` names (see `mbtool.reading.paths`)."""
        return self.paths.lookup(posixpath.dirname(source), target, mode=mode)

    # -- entries -----------------------------------------------------------------------------
    def entry(self, source: str, entry: Entry, relation: RelationKind, key: str) -> ResolvedEntry:
        def resolved(
            node: str | None,
            kind: EntryKind,
            how: Resolution,
            exists: bool = True,
            candidates: tuple[str, ...] = (),
        ) -> ResolvedEntry:
            return construct(
                ResolvedEntry,
                entry=entry,
                relation=relation,
                key=key,
                source=source,
                node=node,
                node_kind=kind,
                resolution=how,
                candidates=candidates,
                exists=exists,
            )

        if entry.kind is EntryKind.CONCEPT:
            return resolved(entry.target, EntryKind.CONCEPT, Resolution.BANK_ROOT)
        if entry.kind is EntryKind.DOCUMENT:
            doc, how, candidates = self.document(source, entry.target)
            if doc is not None:
                return resolved(doc, EntryKind.DOCUMENT, how, candidates=candidates)
            if how is Resolution.OUTSIDE:
                return resolved(None, EntryKind.PATH, how, exists=False)
            found = self.lookup(source, entry.target)
            if found.status is PathStatus.UNVERIFIED and self._misspelt(entry.target):
                found = PathLookup(PathStatus.MISSING, found.path, Resolution.UNRESOLVED)
            if not found.missing:
                return self._path_entry(entry, found, resolved)
            return resolved(None, EntryKind.DOCUMENT, Resolution.UNRESOLVED, exists=False)
        return self._path_entry(entry, self.lookup(source, entry.target), resolved)

    @staticmethod
    def _path_entry(entry: Entry, found: PathLookup, resolved: Callable[..., ResolvedEntry]) -> ResolvedEntry:
        status = found.status
        if status is PathStatus.NOT_A_PATH:
            return resolved(entry.target, EntryKind.CONCEPT, Resolution.BANK_ROOT)
        if status is PathStatus.OUTSIDE:
            return resolved(None, EntryKind.PATH, Resolution.OUTSIDE, exists=False)
        if status in (PathStatus.IGNORED, PathStatus.UNVERIFIED):
            return resolved(found.path, EntryKind.PATH, Resolution.UNVERIFIED, exists=False)
        exists = status in (PathStatus.FOUND, PathStatus.AMBIGUOUS)
        return resolved(found.path, EntryKind.PATH, found.how, exists=exists, candidates=found.candidates)

    # -- helpers -----------------------------------------------------------------------------
    def _bank_join(self, folder: str, path: str) -> str:
        """A bank-relative path as a project-relative one (may contain `..`)."""
        if path.startswith("/"):
            return path.lstrip("/")
        if self._bank_prefix == ".":
            return posixpath.join(folder, path)
        return posixpath.join(self._bank_prefix, folder, path)

    def _project_path(self, path: str) -> str | None:
        """Normalised project-relative path, or None when it leaves the project."""
        normal = posixpath.normpath(path)
        if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
            return None
        return normal

    def _as_document(self, project_path: str) -> str | None:
        prefix = "" if self._bank_prefix == "." else self._bank_prefix + "/"
        if not project_path.startswith(prefix):
            return None
        doc = project_path[len(prefix) :]
        return doc if doc in self.documents else None


def clean_target(target: str) -> str:
    """`./a%20b.md#x?y` → `./a b.md`."""
    return unquote(target.split("#", 1)[0].split("?", 1)[0].strip().strip("<>"))
