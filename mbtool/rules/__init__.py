"""The rule registry: an explicit tuple per family, gathered here in one place."""

from __future__ import annotations

from mbtool.rules.base import Context, Rule, Violation

ALL_RULES: tuple[Rule, ...] = ()

__all__ = ["ALL_RULES", "Context", "Rule", "Violation", "rule_by_code"]


def rule_by_code(code: str) -> Rule | None:
    return next((rule for rule in ALL_RULES if rule.code == code.upper()), None)
