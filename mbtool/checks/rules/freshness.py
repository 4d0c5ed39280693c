"""Rules about dates: overdue reviews and dependencies that changed after their dependents (MB3xx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Rule, Violation
from mbtool.graph import Declaration, EdgeKind, NodeKind
from mbtool.model import Document, Position


def review_overdue(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document whose `Next Review` date is in the past (before `--today`, minus
    `review-grace-days` from the configuration). A `Next Review` written as a condition
    ("after the compose rewrite") is not a date and is not checked.

    Why is this bad?
    The author asked for the document to be revisited by then; past that date, agents
    may be reading something nobody has confirmed is still true.

    Example:
    ```markdown
    **Next Review:** 2025-03-01
    ```
    checked on 2025-06-01.

    Use instead:
    Review the document, then record it:
    ```markdown
    **Last Reviewed:** 2025-06-01
    **Next Review:** 2025-09-01
    ```

    Fix:
    By hand: a review is a human decision.
    """
    grace = dt.timedelta(days=analysis.config.review_grace_days)
    for document in analysis.bank.documents.values():
        field = document.meta("Next Review")
        if (
            document.readable
            and field is not None
            and field.date is not None
            and field.date + grace < analysis.today
        ):
            position = field.position
            message = f"`Next Review` date `{field.date.isoformat()}` has passed"
            yield Violation(document.path, position.line, position.column, message)


def suspect_dependency(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document that depends on another document which changed after it: the
    dependency's date is later than the dependent's effective date, by more than
    `suspect-grace-days`. Dates come from `Last Updated`; the dependent's effective date
    is the later of `Last Updated` and `Last Reviewed`. A document without a `Last
    Updated` date is dated by its last git commit, when the bank is in a git repository
    inside the project. Same-day changes are not suspect. Only document-to-document edges
    count (not the dependency map).

    Why is this bad?
    The dependent was written against an older version of what it relies on; it may now
    be wrong, and agents will trust it anyway.

    Example:
    ```markdown
    <!-- activeContext.md: Depends On systemPatterns.md -->
    **Last Updated:** 2025-05-01
    <!-- systemPatterns.md -->
    **Last Updated:** 2025-06-10
    ```

    Use instead:
    Re-read `activeContext.md` against the new `systemPatterns.md`, update it if needed,
    and record the review:
    ```markdown
    **Last Reviewed:** 2025-06-12
    ```

    Fix:
    By hand: only a reader can tell whether the dependent still holds.
    """
    history = analysis.commit_dates
    grace = dt.timedelta(days=analysis.config.suspect_grace_days)
    graph, documents = analysis.graph, analysis.bank.documents
    for edge in graph.edges({EdgeKind.DECLARED}):
        source, target = edge.source, edge.target
        if source == target or graph.kind(source) is not NodeKind.DOCUMENT:
            continue
        if graph.kind(target) is not NodeKind.DOCUMENT:
            continue
        dependent, dependency = documents.get(source), documents.get(target)
        if dependent is None or dependency is None or not (dependent.readable and dependency.readable):
            continue
        changed = _dated(dependency, history)
        own = _effective(dependent, history)
        if changed is None or own is None or changed[0] <= own + grace:
            continue
        position = _where(dependent, edge.declarations)
        message = (
            f"dependency `{target}` changed on {changed[0].isoformat()} ({changed[1]}), "
            f"after this document ({own.isoformat()})"
        )
        yield Violation(source, position.line, position.column, message)


def _updated(document: Document) -> dt.date | None:
    field = document.meta("Last Updated")
    return field.date if field is not None else None


def _dated(document: Document, history: dict[str, dt.date]) -> tuple[dt.date, str] | None:
    updated = _updated(document)
    if updated is not None:
        return updated, "Last Updated"
    committed = history.get(document.path)
    return (committed, "last commit") if committed is not None else None


def _effective(document: Document, history: dict[str, dt.date]) -> dt.date | None:
    dated = _dated(document, history)
    reviewed = document.meta("Last Reviewed")
    candidates = [
        d for d in (dated[0] if dated else None, reviewed.date if reviewed else None) if d is not None
    ]
    return max(candidates) if candidates else None


def _where(dependent: Document, declarations: list[Declaration]) -> Position:
    own = next((d for d in declarations if d.path == dependent.path), None)
    if own is not None:
        return Position(line=own.line, column=own.column)
    field = dependent.meta("Last Updated")
    return field.position if field is not None else Position(line=1, column=1)


RULES = (
    Rule("MB301", "review-overdue", "warning", review_overdue),
    Rule("MB302", "suspect-dependency", "warning", suspect_dependency),
)
