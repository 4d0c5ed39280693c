"""The rule registry: an explicit tuple per family, gathered here in one place."""

from __future__ import annotations

from mbtool.checks.rules import (
    backrefs,
    freshness,
    links,
    reading,
    references,
    structure,
    suppression,
    topology,
)
from mbtool.checks.rules.base import Context, Rule, Violation
from mbtool.checks.rules.map import RULES as MAP_RULES
from mbtool.checks.rules.procedures import RULES as PROCEDURE_RULES

ALL_RULES: tuple[Rule, ...] = (
    *reading.RULES,
    *structure.RULES,
    *references.RULES,
    *backrefs.RULES,
    *topology.RULES,
    *links.RULES,
    *freshness.RULES,
    *MAP_RULES,
    *PROCEDURE_RULES,
    *suppression.RULES,
)

__all__ = ["ALL_RULES", "Context", "Rule", "Violation", "rule_by_code"]


def rule_by_code(code: str) -> Rule | None:
    return next((rule for rule in ALL_RULES if rule.code == code.upper()), None)
