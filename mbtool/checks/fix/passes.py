"""`check --fix`: apply the fixes, re-read the bank, check again, until nothing more changes.

Each pass re-reads the bank, so a later pass plans from what the earlier one wrote. A
file an editor saved meanwhile is skipped (the editor wins) and reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import CheckResult, run_check
from mbtool.checks.fix.apply import apply_fixes
from mbtool.reading.bank import load_bank

MAX_FIX_PASSES = 5


def fix_bank(
    analysis: Analysis, *, select: Sequence[str] | None = None, ignore: Sequence[str] = (), cache: bool = True
) -> CheckResult:
    """Fix what can be fixed; the result is what is left, with `fixed`, `uncovered` and
    `skipped` filled in.

    `fixed` counts, per file written, the findings the first check announced as fixable that
    are gone at the end, so "Fixed N" is the "N fixable" the check announced unless a file
    changed meanwhile or a fix could not be applied. Later passes re-read the bank and also
    apply fixes that earlier ones uncovered (a corrected name makes a relation checkable), so
    a second `--fix` changes nothing; those are counted apart, in `uncovered`.
    """
    result = run_check(analysis, select=select, ignore=ignore)
    announced = {_key(d): _written(d) for d in result.diagnostics if d.fix is not None}
    later: dict[tuple[str, str, str], str] = {}
    skipped: list[str] = []
    for _ in range(MAX_FIX_PASSES):
        fixable = [d for d in result.diagnostics if d.fix is not None]
        if not fixable:
            break
        later.update({_key(d): _written(d) for d in fixable if _key(d) not in announced})
        applied = apply_fixes(analysis.bank, fixable)
        skipped.extend(path for path in applied.skipped if path not in skipped)
        if not applied.count:
            break
        analysis = Analysis(
            load_bank(analysis.location, cache=cache), today=analysis.today, since=analysis.since
        )
        result = run_check(analysis, select=select, ignore=ignore)
    remaining = {_key(d) for d in result.diagnostics}
    fixed: dict[str, int] = {}
    for key, path in announced.items():
        if key not in remaining:
            fixed[path] = fixed.get(path, 0) + 1
    uncovered = sum(key not in remaining for key in later)
    return dataclasses.replace(
        result, fixed=dict(sorted(fixed.items())), uncovered=uncovered, skipped=tuple(skipped)
    )


def _key(diagnostic: Diagnostic) -> tuple[str, str, str]:
    """A finding's identity across passes: its place moves when lines are inserted above it."""
    return (diagnostic.code, diagnostic.path, diagnostic.message)


def _written(diagnostic: Diagnostic) -> str:
    """The file a finding's fix writes."""
    assert diagnostic.fix is not None
    edits = diagnostic.fix.edits
    return edits[0].path if edits else diagnostic.path
