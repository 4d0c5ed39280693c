"""`mbtool ack`: record that a document was reviewed against its code, and write it.

The only writer of review data (DESIGN §13). It finds the document, refreshes the blob ids
already recorded under `reviewed:` and adds those asked for with `--ref` (each must be a
file the document describes), plans the edit (`mbtool.drift.ack`) and writes it atomically,
only if the file still holds the bytes it was planned from. Same day, same reason: nothing
changes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mbtool import git
from mbtool.drift.ack import Review, plan_ack
from mbtool.drift.references import Described, TargetKind, described
from mbtool.errors import UsageError
from mbtool.reading.bank import Bank
from mbtool.writer import write_atomic

_BOM = "\ufeff".encode()


@dataclass(frozen=True)
class AckResult:
    document: str  # bank-relative
    changed: bool
    value: str  # the `Last Reviewed` value recorded
    recorded: tuple[tuple[str, str], ...] = ()  # (path as written, blob id) under `reviewed:`


def acknowledge(
    bank: Bank, document: str, *, day: dt.date, reason: str | None, refs: Sequence[str], cwd: Path
) -> AckResult:
    found = bank.documents.get(document)
    raw, text = bank.read(document), bank.text(document)
    if found is None or raw is None or text is None or not found.readable:
        raise UsageError(f"`{document}` cannot be read as a document; fix what `mbtool check` reports first")
    blobs = _blobs(bank, document, refs, cwd) if refs or found.reviewed else ()
    review = Review(day, reason, blobs)
    new = plan_ack(found, text, review)
    if new == text:
        return AckResult(document, False, review.value, blobs)
    data = (_BOM if raw.startswith(_BOM) else b"") + new.encode("utf-8")
    if not write_atomic(bank.location.bank / document, data, root=bank.location.project, expected=raw):
        raise UsageError(
            f"`{document}` changed while mbtool was recording the review; run `mbtool ack` again"
        )
    return AckResult(document, True, review.value, blobs)


def _blobs(bank: Bank, document: str, asked: Sequence[str], cwd: Path) -> tuple[tuple[str, str], ...]:
    """The `reviewed:` block: earlier records refreshed (dropped when the file is gone), plus `asked`."""
    project = bank.location.project
    refs = [
        ref for ref in described(bank, bank.project_files).get(document, []) if ref.kind is TargetKind.FILE
    ]
    chosen: dict[str, str] = {}  # path as written → project-relative file
    for mark in bank.documents[document].reviewed:
        ref = _find(refs, mark.path, project, cwd)
        if ref is not None:
            chosen[mark.path] = ref.target
    for wanted in asked:
        ref = _find(refs, wanted, project, cwd)
        if ref is None:
            names = ", ".join(f"`{r.target}`" for r in refs[:8]) or "no file"
            raise UsageError(f"`{wanted}` is not a file that `{document}` describes (it describes {names})")
        chosen.setdefault(ref.written, ref.target)
    length = _id_length(project) if chosen else 40
    return tuple(sorted((written, _blob(project / target, length)) for written, target in chosen.items()))


def _find(refs: list[Described], wanted: str, project: Path, cwd: Path) -> Described | None:
    clean = wanted.strip().split("::", 1)[0]
    here = os.path.relpath(os.path.normpath(cwd / clean), project).replace(os.sep, "/")
    return next((ref for ref in refs if clean in (ref.written, ref.target) or here == ref.target), None)


def _blob(path: Path, length: int) -> str:
    try:
        return git.blob_id(path.read_bytes(), length)
    except OSError as error:
        raise UsageError(f"`{path.name}` cannot be read: {error.strerror}") from None


def _id_length(project: Path) -> int:
    """64 in a SHA-256 repository, else 40 (also without git: ids are what git would give)."""
    try:
        return 64 if git.git(project, "rev-parse", "--show-object-format").strip() == "sha256" else 40
    except git.GitError:
        return 40
