"""`check --fix`: apply the fixes, re-read the bank, check again, until nothing more changes.

Each pass re-reads the bank, so a later pass plans from what the earlier one wrote. A
file an editor saved meanwhile is skipped (the editor wins) and reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from mbtool.analysis import Analysis
from mbtool.checks.engine import CheckResult, run_check
from mbtool.checks.fix.apply import apply_fixes
from mbtool.reading.bank import load_bank

MAX_FIX_PASSES = 5


def fix_bank(
    analysis: Analysis, *, select: Sequence[str] | None = None, ignore: Sequence[str] = (), cache: bool = True
) -> CheckResult:
    """Fix what can be fixed; the result is what is left, with `fixed` and `skipped` filled in."""
    result = run_check(analysis, select=select, ignore=ignore)
    fixed: dict[str, int] = {}
    skipped: list[str] = []
    for _ in range(MAX_FIX_PASSES):
        fixable = [diagnostic for diagnostic in result.diagnostics if diagnostic.fix is not None]
        if not fixable:
            break
        applied = apply_fixes(analysis.bank, fixable)
        skipped.extend(path for path in applied.skipped if path not in skipped)
        if not applied.count:
            break
        for path, count in applied.files.items():
            fixed[path] = fixed.get(path, 0) + count
        analysis = Analysis(
            load_bank(analysis.location, cache=cache), today=analysis.today, since=analysis.since
        )
        result = run_check(analysis, select=select, ignore=ignore)
    return dataclasses.replace(result, fixed=fixed, skipped=tuple(skipped))
