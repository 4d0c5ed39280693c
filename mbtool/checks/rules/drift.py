"""Rules about the bank against the code it describes (MB311, MB312, MB313; DESIGN §13).

The history work is done once per run by `Analysis.drift` (`mbtool.drift`); these rules only
turn it into findings. Drift of code a document declares (`Describes:` entries, path entries
of its relations) is reported at the rule's level, one finding per reference; drift of code
it merely mentions (a link, a code span) is summed up in one `info` finding per document,
since a passing mention is not a promise to stay current.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import CodeEvidence, CommitEvidence, Evidence, Fix, RelatedLocation
from mbtool.checks.fix.source import source_of
from mbtool.checks.rules.base import Rule, Violation
from mbtool.drift import Commit, Described, Drifted, Moved, Origin, SymbolChange, Vanished, co_change_misses
from mbtool.drift.propagation import resting_on
from mbtool.graph import EdgeKind
from mbtool.model import Position
from mbtool.profiles import is_archived, is_auxiliary, is_narrative

_RELATED = 5  # code locations attached to one finding
_NAMED = 3  # mentioned paths named in one message
_LISTED = 10  # commits listed in a finding's evidence


def code_drift(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports code that a document describes and that changed after the document's review
    point. What a document describes: `Describes:` entries (a relation key, or `describes:`
    in front matter; globs such as `src/payments/**` allowed), path entries of its relations,
    `path::Symbol` code spans for Python (`src/x.py::Parser.parse`), and links and code spans
    that name project files. The review point is the later of `Last Reviewed` and `Last
    Updated`, else the document's last commit. The message gives the number of commits, the
    newest one, and for a `::Symbol` whether its signature or only its body changed (an
    unchanged symbol is not reported). Code that is only mentioned (a link or code span) is
    summed up in one `info` finding per document, except in archived documents, plans and
    logs (by folder, name or title) and agent instruction files, which mention code in
    passing; a `Describes:` entry
    that names nothing is reported too. Documents that depend on a drifted document get an
    `info` finding naming it. With `check --since REF`, only commits in `REF..HEAD` count.
    When history is unknown (no git, a shallow clone, files not committed yet) one `info`
    finding says so.

    Why is this bad?
    Agents read the bank as truth at the start of every session. A description of code that
    has since changed sends them to write against an interface that no longer exists.

    Example:
    ```markdown
    - **Describes:** `src/parser.py::Parser.parse`

    **Last Reviewed:** 2026-01-10
    ```
    after a commit on 2026-02-03 added a parameter to `Parser.parse`.

    Use instead:
    Re-read the document against the code, update it, then record the review:
    ```bash
    mbtool ack systemPatterns.md
    ```

    Fix:
    By hand: only a reader can tell whether the description still holds; `mbtool ack`
    records that it does.
    """
    drift = analysis.drift
    if drift.unknown is not None:
        note = drift.unknown
        yield Violation(note.document, note.line, note.column, note.message, level="info")
    for path, items in drift.by_document().items():
        yield from (_declared(item, analysis.since) for item in items if item.ref.explicit)
        if not _current(analysis, path):
            continue  # history and agent guidance mention code in passing; only declarations count
        mentioned: dict[str, list[Drifted]] = {}  # by review point: one finding each
        for item in items:
            if not item.ref.explicit:
                mentioned.setdefault(item.review, []).append(item)
        yield from (_mentioned(group, analysis.since) for group in mentioned.values())
    for gone in drift.vanished:
        yield _vanished(gone)
    yield from _dependants(analysis)


def code_moved(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a path a document describes (see MB311) that no longer exists because git shows
    it renamed or moved (`git log -M`), and names where it is now. A folder counts as moved
    when all its renamed files moved to the same new folder. Renames are looked for in the
    history after the oldest review point of the bank. A path only mentioned in an archived
    document, a plan or log, or an agent instruction file is left as it is: history keeps its
    old names.

    Why is this bad?
    The document now points at nothing; an agent following it looks for a file that moved,
    or worse, recreates it at the old place.

    Example:
    ```markdown
    The graph is built in `mbtool/graph/builder.py`.
    ```
    after `git mv mbtool/graph/builder.py mbtool/graph/build.py`.

    Use instead:
    ```markdown
    The graph is built in `mbtool/graph/build.py`.
    ```

    Fix:
    `--fix` rewrites the path where the document names it, written the same way (relative
    to the document, the bank or the project). Re-read the sentence around it afterwards.
    """
    for moved in analysis.drift.moved:
        ref = moved.ref
        if not ref.explicit and not _current(analysis, ref.document):
            continue  # an archive is not rewritten to where a file went later
        shown = moved.new_target + ("/" if ref.written.endswith("/") else "")
        message = f"`{ref.written}` was moved to `{shown}` in {_commit(moved.commit)}"
        related = (RelatedLocation(path=moved.new_target, message="where it is now"),)
        code = CodeEvidence(
            reference=ref.target, commits=(_evidence(moved.commit),), moved_to=moved.new_target
        )
        evidence = Evidence(code=(code,))
        yield Violation(
            ref.document,
            ref.line,
            ref.column,
            message,
            fix=_rewrite(analysis, moved),
            related=related,
            evidence=evidence,
        )


def co_change_missing(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Checks the co-change rules of the configuration over the `check --since REF` range (a
    pull request's base): when a file matching a rule's `when` globs changed (committed or
    not), each document its `require` list names must have changed too. Without `--since`
    the rule does nothing.
    ```toml
    [[co-change]]
    when = ["src/**"]
    require = ["progress.md", "activeContext.md"]
    ```

    Why is this bad?
    The bank falls behind the code one forgotten update at a time; an agent that changed
    the code and forgot `progress.md` leaves the next session a wrong picture.

    Example:
    A pull request changes `src/app.py` and no bank document.

    Use instead:
    Update `progress.md` and `activeContext.md` in the same pull request (or, when nothing
    in them needs to change, record a review with `mbtool ack`).

    Fix:
    By hand.
    """
    if analysis.since is None:
        return
    for miss in co_change_misses(analysis.bank, analysis.since):
        document = analysis.bank.documents[miss.document]
        field = document.meta("Last Updated") or document.meta("Last Reviewed")
        position = field.position if field is not None else Position(line=1, column=1)
        first = miss.triggers[0]
        others = len(miss.triggers) - 1
        changed = f"`{first}`" + (f" and {others} other file{'s' if others > 1 else ''}" if others else "")
        message = (
            f"{changed} matching `{miss.pattern}` changed since `{analysis.since}` but this document "
            f"did not (co-change rule {miss.rule})"
        )
        related = tuple(RelatedLocation(path=path, message="changed") for path in miss.triggers[:_RELATED])
        yield Violation(miss.document, position.line, position.column, message, related=related)


# -- MB311 messages --------------------------------------------------------------------------------


def _declared(item: Drifted, since: str | None) -> Violation:
    """One finding per declared reference, at the rule's level."""
    ref = item.ref
    when = f"{item.review}{_range(item, since)}"
    newest = _commit(item.commits[0])
    if item.change in (SymbolChange.ADDED, SymbolChange.REMOVED):
        verdict = (
            "did not exist at the review point" if item.change is SymbolChange.ADDED else "no longer exists"
        )
        message = f"`{ref.shown}` {verdict}; {_count(item)} {when} changed its file, newest {newest}"
    else:
        message = f"{_what_changed(item)} in {_count(item)} {when}; newest {newest}"
    return Violation(
        ref.document,
        ref.line,
        ref.column,
        message,
        related=_code_locations(item),
        evidence=_drift_evidence([item]),
    )


def _current(analysis: Analysis, path: str) -> bool:
    """A live description: not history (an archive), not a plan or a log, not agent guidance."""
    document = analysis.bank.documents.get(path)
    if document is None or is_auxiliary(path):
        return False
    return not is_archived(document) and not is_narrative(document)


def _mentioned(items: list[Drifted], since: str | None) -> Violation:
    """One `info` per document for the code it only mentions: the paths, then the newest commit."""
    first = items[0]
    names = ", ".join(f"`{item.ref.shown}` ({_count(item)})" for item in items[:_NAMED])
    more = f" and {len(items) - _NAMED} more" if len(items) > _NAMED else ""
    newest = max((item.commits[0] for item in items), key=lambda commit: commit.when)
    when = f"{first.review}{_range(first, since)}"
    message = f"mentioned code changed {when}: {names}{more}; newest {_commit(newest)}"
    related = tuple(location for item in items for location in _code_locations(item))[:_RELATED]
    return Violation(
        first.ref.document,
        first.ref.line,
        first.ref.column,
        message,
        level="info",
        related=related,
        evidence=_drift_evidence(items),
    )


def _what_changed(item: Drifted) -> str:
    shown = f"`{item.ref.shown}`"
    if item.change is SymbolChange.SIGNATURE:
        return f"the signature of {shown} changed"
    if item.change is SymbolChange.BODY:
        return f"the body of {shown} changed (its signature did not)"
    return f"{shown} changed"


def _count(item: Drifted) -> str:
    count = len(item.commits)
    return f"{count} commit{'s' if count != 1 else ''}"


def _range(item: Drifted, since: str | None) -> str:
    return f" in `{since}..HEAD`" if since is not None and not item.review.startswith("since") else ""


def _drift_evidence(items: list[Drifted]) -> Evidence:
    first = items[0]
    code = tuple(
        CodeEvidence(
            reference=item.ref.shown,
            commits=tuple(_evidence(commit) for commit in item.commits[:_LISTED]),
            commit_count=len(item.commits) if len(item.commits) > _LISTED else None,
            change=item.change.value if item.change is not None else None,
        )
        for item in items
    )
    reviewed = first.reviewed.isoformat() if first.reviewed else None
    return Evidence(review_point=first.review, reviewed=reviewed, code=code)


def _vanished(gone: Vanished) -> Violation:
    ref = gone.ref
    if gone.symbol_missing:
        message = f"described code `{ref.shown}` names no definition in `{ref.target}`"
        evidence = Evidence(code=(CodeEvidence(reference=ref.shown),))
    elif gone.deleted_in is not None:
        message = f"described code `{ref.written}` was deleted in {_commit(gone.deleted_in)}"
        deleted = (_evidence(gone.deleted_in),)
        evidence = Evidence(code=(CodeEvidence(reference=ref.shown, commits=deleted),))
    else:
        message = f"described code `{ref.written}` matches no file in the project"
        evidence = Evidence(code=(CodeEvidence(reference=ref.shown),))
    return Violation(ref.document, ref.line, ref.column, message, evidence=evidence)


def _code_locations(item: Drifted) -> tuple[RelatedLocation, ...]:
    if item.symbol_line is not None:
        return (RelatedLocation(path=item.ref.target, line=item.symbol_line, message=f"`{item.ref.symbol}`"),)
    paths = item.paths[:_RELATED] or (item.ref.target,)
    return tuple(RelatedLocation(path=path, message="changed after the review point") for path in paths)


def _commit(commit: Commit) -> str:
    subject = commit.subject if len(commit.subject) <= 72 else commit.subject[:71] + "…"
    return f"`{commit.short}` on {commit.day.isoformat()} ({subject})" if subject else f"`{commit.short}`"


def _evidence(commit: Commit) -> CommitEvidence:
    # values from git, already typed: skip validation (a busy file has thousands of commits)
    return CommitEvidence.model_construct(id=commit.id, date=commit.when.isoformat(), subject=commit.subject)


# -- propagation -------------------------------------------------------------------------------------


def _dependants(analysis: Analysis) -> Iterator[Violation]:
    """One `info` per document that rests on drifted documents (declared drift only), naming the
    nearest (one walk for all of them: `mbtool.drift.propagation`)."""
    resting = resting_on(analysis.graph, analysis.drift.drifted_documents(explicit_only=True))
    for dependant, found in sorted(resting.items()):
        names = ", ".join(f"`{source}`" for source in found.sources) + (" and others" if found.more else "")
        whose = (
            "whose described code"
            if len(found.sources) == 1 and not found.more
            else "whose described code each"
        )
        position = _declaration(analysis, dependant, found.via)
        message = f"rests on {names}, {whose} changed after its review point; re-check this document too"
        yield Violation(dependant, position.line, position.column, message, level="info")


def _declaration(analysis: Analysis, dependant: str, via: str) -> Position:
    """Where `dependant` declares its first step towards the drifted document, else line 1."""
    edge = analysis.graph.edge(dependant, via)
    if edge.kind is EdgeKind.DECLARED:
        own = next((d for d in edge.declarations if d.path == dependant), None)
        if own is not None:
            return Position(line=own.line, column=own.column)
    return Position(line=1, column=1)


# -- MB312 fix ---------------------------------------------------------------------------------------------


def _rewrite(analysis: Analysis, moved: Moved) -> Fix | None:
    ref = moved.ref
    source = source_of(analysis, ref.document)
    if source is None:
        return None
    new = _written_like(analysis, ref, moved.new_target)
    start = source.text.find(ref.written, source.offset(ref.line, ref.column), source.line_end(ref.line))
    if new is None or start < 0 or new == ref.written:
        return None
    edit = source.edit(start, start + len(ref.written), new)
    return Fix(description=f"Replace `{ref.written}` with `{new}`", edits=(edit,))


def _written_like(analysis: Analysis, ref: Described, target: str) -> str | None:
    """`target` written the way `ref.written` named the old path: relative to the document,
    to the project, to the bank, or as the same number of trailing path parts."""
    prefix = "" if analysis.bank.prefix == "." else analysis.bank.prefix + "/"
    folder = posixpath.dirname(prefix + ref.document)
    written = ref.written.rstrip("/")
    slash = "/" if ref.written.endswith("/") else ""
    beside = posixpath.normpath(posixpath.join(folder, written))
    if ref.origin is Origin.LINK or written.startswith(("./", "../")) or (beside == ref.target and folder):
        relative = posixpath.relpath(target, folder or ".")
        dotted = "./" + relative if written.startswith("./") and not relative.startswith("../") else relative
        return dotted + slash
    if written.lstrip("/") == ref.target:
        return ("/" if written.startswith("/") else "") + target + slash
    if prefix and prefix + written == ref.target and target.startswith(prefix):
        return target[len(prefix) :] + slash
    if ref.target.endswith("/" + written) or ref.target == written:
        parts = written.count("/") + 1
        return "/".join(target.split("/")[-parts:]) + slash
    return None


RULES = (
    Rule("MB311", "code-drift", "warning", code_drift),
    Rule("MB312", "code-moved", "warning", code_moved, fixable=True),
    Rule("MB313", "co-change-missing", "warning", co_change_missing),
)
