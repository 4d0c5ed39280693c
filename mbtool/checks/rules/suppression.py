"""Suppression comments and the rule that reports unused ones (MB901).

`<!-- mbtool: disable=MB301 -->` silences codes in the whole file;
`<!-- mbtool: disable-next-line=MB201 -->` only on the line after the comment. Codes match
by prefix (`MB2` silences every MB2xx). The engine records which suppression silenced
something; MB901 runs last and reports the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Rule, SuppressionKey, SuppressionUse, Violation
from mbtool.model import Document

UNUSED_CODE = "MB901"


def silencers(document: Document, code: str, line: int) -> list[SuppressionKey]:
    """The suppression entries of `document` that silence `code` reported on `line`."""
    found = []
    for suppression in document.suppressions:
        applies = not suppression.next_line or suppression.position.line + 1 == line
        if not applies:
            continue
        for prefix in suppression.codes:
            if code.startswith(prefix):
                position = suppression.position
                found.append((document.path, position.line, position.column, prefix))
    return found


def unused_suppression(analysis: Analysis, use: SuppressionUse) -> Iterator[Violation]:
    """What it does:
    Reports a code in a suppression comment that silenced nothing in this run, or that
    matches no rule at all. A code whose rules were all switched off by `select`, `ignore`
    or `severity` is not reported, since nothing could be learned about it.

    Why is this bad?
    A stale suppression hides the next real finding of that code on the same line or
    file, long after the reason for it has gone.

    Example:
    ```markdown
    <!-- mbtool: disable-next-line=MB201 -->
    - **Depends On:** [progress.md](progress.md)
    ```
    where `progress.md` exists, so nothing is silenced.

    Use instead:
    ```markdown
    - **Depends On:** [progress.md](progress.md)
    ```

    Fix:
    Delete the code from the comment (or the whole comment) by hand.

    When is it noise?
    After a fix made a suppression pointless: delete the comment. A suppression of a
    finding that a hint stands in for (MB102 on most of a bank) still counts as used.
    """
    for document in analysis.bank.documents.values():
        for suppression in document.suppressions:
            position = suppression.position
            for prefix in suppression.codes:
                key = (document.path, position.line, position.column, prefix)
                message = _unused_message(prefix, key, use)
                if message is not None:
                    yield Violation(document.path, position.line, position.column, message)


def _unused_message(prefix: str, key: SuppressionKey, use: SuppressionUse) -> str | None:
    if key in use.used:
        return None
    if not any(code.startswith(prefix) for code in use.known):
        return f"suppression `{prefix}` matches no rule"
    ran = [code for code in use.ran if code.startswith(prefix) and code != UNUSED_CODE]
    if not ran:
        return None
    return f"suppression `{prefix}` silences nothing"


RULES = (Rule(UNUSED_CODE, "unused-suppression", "warning", audit=unused_suppression),)
