"""Rules about dates: overdue reviews and dependencies that changed after their dependents (MB3xx)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.notes import floods
from mbtool.graph import Declaration, EdgeKind, NodeKind
from mbtool.model import Document, Position
from mbtool.profiles import is_archived


def review_overdue(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document whose `Next Review` date is in the past (before `--today`, minus
    `review-grace-days` from the configuration). A `Next Review` written as a condition
    ("after the compose rewrite") is not a date and is not checked, and archived documents
    (history) are not reviewed.

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

    When is it noise?
    When a bank sets review dates as reminders it does not keep: raise `review-grace-days`
    in [tool.mbtool], or mark finished documents `Status: Archived`.
    """
    grace = dt.timedelta(days=analysis.config.review_grace_days)
    for document in analysis.bank.documents.values():
        field = document.meta("Next Review")
        if (
            document.readable
            and not is_archived(document)
            and field is not None
            and field.date is not None
            and field.date + grace < analysis.today
        ):
            position = field.position
            message = f"`Next Review` date `{field.date.isoformat()}` has passed"
            yield Violation(document.path, position.line, position.column, message)


def suspect_dependency(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Reports a document that depends on another document which changed after it, by more
    than `suspect-grace-days`. Like is compared with like: when both documents carry a
    `Last Updated` date, the dates (the dependent's being the later of `Last Updated` and
    `Last Reviewed`); when neither does, their last git commits (when the bank is in a git
    repository inside the project). A pair with one date and one commit is not compared.
    Same-day changes are not suspect. Only document-to-document edges a document declares
    count (not conventions, not the dependency map), and archived, superseded or redirected
    documents are history: neither side of a pair.

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

    When is it noise?
    On a bank where a session log (activeContext) changes daily and everything depends on
    it: when more than half of the documents (five or more) would be reported, one hint
    says so instead; raise `suspect-grace-days` in [tool.mbtool], or record reviews with
    `Last Reviewed`.
    """
    found = list(_suspects(analysis))
    yield from found
    documents = analysis.bank.documents
    eligible = sum(1 for d in documents.values() if d.readable and not is_archived(d))
    dependents = len({violation.path for violation in found})
    if floods(dependents, eligible):
        yield Hint(
            f"{dependents} of {eligible} documents depend on something that changed after them, so "
            "they are not listed one by one; raise `suspect-grace-days` in [tool.mbtool] or record "
            "reviews with `Last Reviewed`",
            collapses=True,
        )


def _suspects(analysis: Analysis) -> Iterator[Violation]:
    history = analysis.commit_dates
    grace = dt.timedelta(days=analysis.config.suspect_grace_days)
    graph, documents = analysis.graph, analysis.bank.documents
    for edge in graph.edges({EdgeKind.DECLARED}):
        source, target = edge.source, edge.target
        if source == target or not (graph.is_document(source) and graph.is_document(target)):
            continue
        if NodeKind.MAP in (graph.kind(source), graph.kind(target)):
            continue
        dependent, dependency = documents.get(source), documents.get(target)
        if dependent is None or dependency is None or not (dependent.readable and dependency.readable):
            continue
        if is_archived(dependent) or is_archived(dependency):
            continue
        compared = _compared(dependent, dependency, history)
        if compared is None or compared[1] <= compared[0] + grace:
            continue
        own, changed, kind = compared
        position = _where(dependent, edge.declarations)
        message = (
            f"dependency `{target}` changed on {changed.isoformat()} ({kind}), "
            f"after this document ({own.isoformat()})"
        )
        yield Violation(source, position.line, position.column, message)


def _compared(
    dependent: Document, dependency: Document, history: dict[str, dt.date]
) -> tuple[dt.date, dt.date, str] | None:
    """(the dependent's date, the dependency's, what they are) when both are of one kind:
    `Last Updated` dates, or last commits. None for a date against a commit."""
    updated, changed = _updated(dependent), _updated(dependency)
    if updated is not None and changed is not None:
        reviewed = dependent.meta("Last Reviewed")
        own = max(updated, reviewed.date) if reviewed is not None and reviewed.date else updated
        return own, changed, "Last Updated"
    if updated is None and changed is None:
        mine, theirs = history.get(dependent.path), history.get(dependency.path)
        if mine is not None and theirs is not None:
            return mine, theirs, "last commit"
    return None


def _updated(document: Document) -> dt.date | None:
    field = document.meta("Last Updated")
    return field.date if field is not None else None


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
