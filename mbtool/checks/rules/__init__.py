"""The rule registry: an explicit tuple per family, gathered here in one place."""

from __future__ import annotations

import difflib

from mbtool.checks.rules import (
    backrefs,
    budgets,
    freshness,
    instructions,
    links,
    reading,
    references,
    structure,
    suppression,
    topology,
)
from mbtool.checks.rules.base import Rule, Violation
from mbtool.checks.rules.drift import RULES as DRIFT_RULES
from mbtool.checks.rules.map import RULES as MAP_RULES
from mbtool.checks.rules.procedures import RULES as PROCEDURE_RULES
from mbtool.errors import UsageError

ALL_RULES: tuple[Rule, ...] = (
    *reading.RULES,
    *structure.RULES,
    *instructions.with_instruction_files(references.RULES),
    *backrefs.RULES,
    *topology.RULES,
    *links.RULES,
    *freshness.RULES,
    *MAP_RULES,
    *PROCEDURE_RULES,
    *budgets.RULES,
    *instructions.RULES,
    *suppression.RULES,
    *DRIFT_RULES,
)

__all__ = ["ALL_RULES", "Rule", "Violation", "find_rule", "rule_by_code"]


def rule_by_code(code: str) -> Rule | None:
    """The rule with this code or kebab-case name (`MB205`, `mb205`, `broken-link`), if any."""
    wanted = code.strip()
    return next(
        (rule for rule in ALL_RULES if rule.code == wanted.upper() or rule.name == wanted.lower()), None
    )


def find_rule(code: str) -> Rule:
    """`rule_by_code`, or a UsageError naming the closest rule."""
    found = rule_by_code(code)
    if found is not None:
        return found
    names = [rule.code for rule in ALL_RULES] + [rule.name for rule in ALL_RULES]
    close = difflib.get_close_matches(code.lower(), [name.lower() for name in names], n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise UsageError(f"`{code}` is not a rule code or name{hint} (run `mbtool rule` to list them)")
