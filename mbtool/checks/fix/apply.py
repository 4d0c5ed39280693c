"""Applying fixes: merge the edits of many fixes per file, refuse overlaps, write atomically.

Identical edits from several fixes are applied once (fixes that plan a whole list
together share them). A fix whose edits overlap an already accepted edit, or insert at the
same point with different text, is left for the next pass. Files with MB001/MB002 and files
outside the project are never written; a file whose bytes changed since the bank was read
(an editor saved meanwhile) is skipped and reported; a read-only file stops `--fix` before
anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from mbtool.checks.diagnostics import Diagnostic, Fix, TextEdit
from mbtool.checks.fix.source import Source, read_source
from mbtool.reading.bank import Bank
from mbtool.writer import ensure_writable, real_target, write_atomic

Span = tuple[int, int, str]


@dataclass
class Applied:
    """Fixes applied per bank-relative path, and files left alone because they changed."""

    files: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(self.files.values())


def apply_fixes(bank: Bank, diagnostics: Iterable[Diagnostic]) -> Applied:
    """Plan every file's new text first, then write: a read-only target stops the run before
    any file is written (UsageError), so a bank is never left half fixed by it."""
    applied = Applied()
    writes: list[tuple[str, bytes, bytes, int]] = []
    for path, fixes in sorted(_by_path(diagnostics).items()):
        source = read_source(bank, path)
        original = bank.read(path)
        if source is None or original is None:
            continue
        text, count = apply_to_text(source, fixes)
        if count and text != source.text:
            writes.append((path, source.encode(text), original, count))
    project = bank.location.project
    for path, *_ in writes:
        ensure_writable(real_target(bank.location.bank / path, project))
    for path, data, original, count in writes:
        if write_atomic(bank.location.bank / path, data, root=project, expected=original):
            applied.files[path] = count
        else:
            applied.skipped.append(path)
    return applied


def apply_to_text(source: Source, edit_groups: list[list[TextEdit]]) -> tuple[str, int]:
    """The text with every non-conflicting group applied, and how many groups were."""
    accepted: list[Span] = []
    count = 0
    for edits in edit_groups:
        spans = _spans(source, edits)
        if spans is None:
            continue
        fresh = [span for span in spans if span not in accepted]
        if any(_conflict(new, old) for new in fresh for old in accepted):
            continue
        accepted.extend(fresh)
        count += 1
    return _splice(source.text, accepted), count


def _by_path(diagnostics: Iterable[Diagnostic]) -> dict[str, list[list[TextEdit]]]:
    groups: dict[str, list[list[TextEdit]]] = defaultdict(list)
    for diagnostic in diagnostics:
        fix: Fix | None = diagnostic.fix
        if fix is None:
            continue
        per_file: dict[str, list[TextEdit]] = defaultdict(list)
        for edit in fix.edits:
            per_file[edit.path].append(edit)
        for path, edits in per_file.items():
            groups[path].append(edits)
    return groups


def _spans(source: Source, edits: list[TextEdit]) -> list[Span] | None:
    spans = []
    eol = source.eol
    for edit in edits:
        found = source.span(edit)
        if found is None:
            return None
        text = edit.new_text.replace("\r\n", "\n").replace("\n", eol)
        spans.append((found[0], found[1], text))
    return spans


def _conflict(a: Span, b: Span) -> bool:
    a_point, b_point = a[0] == a[1], b[0] == b[1]
    if a_point and b_point:
        return a[0] == b[0]
    if a_point:
        return b[0] < a[0] < b[1]
    if b_point:
        return a[0] < b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def _splice(text: str, spans: list[Span]) -> str:
    out: list[str] = []
    position = 0
    for start, end, new in sorted(spans, key=lambda span: (span[0], span[1])):
        out.append(text[position:start])
        out.append(new)
        position = end
    out.append(text[position:])
    return "".join(out)
