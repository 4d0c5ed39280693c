"""What a rule is: a pure function over the run's `Analysis` that yields `Violation`s.

A `Violation` says where and what, nothing more; the engine turns it into a `Diagnostic`
by adding the rule's code, name and the severity the configuration gives it. Code, name
and default severity live in the registry (`Rule`), never in the rule body; the body's
docstring is the rule's documentation, in fixed sections: "What it does",
"Why is this bad?", "Example", "Use instead", "Fix".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Evidence, Fix, FixPlan, Level, RelatedLocation

__all__ = [
    "Analysis",
    "Hint",
    "Rule",
    "RuleAudit",
    "RuleCheck",
    "SuppressionKey",
    "SuppressionUse",
    "Violation",
]


@dataclass(frozen=True)
class Violation:
    """What a rule found: a position and a message, optionally a fix.

    `level` lets a rule report some of its findings below its configured severity (never
    above it): shellcheck's advice is MB402 at `info`, while `bash -n` failures are errors.
    `fix` may be a `FixPlan` (a function planning the fix): the engine calls it only for the
    findings it keeps (at most `max-findings-per-rule`), so a rule with a million findings
    plans a few hundred fixes.
    """

    path: str
    line: int
    column: int
    message: str
    fix: Fix | FixPlan | None = None
    level: Level | None = None
    related: tuple[RelatedLocation, ...] = ()  # other places it concerns (the code, for MB311)
    evidence: Evidence | None = None  # what a history-based finding rests on (commits, dates)


@dataclass(frozen=True)
class Hint:
    """A summary-level note a rule gives about the whole bank: never a finding, never fails a run.

    With `collapses`, the hint stands in for the rule's findings in this run (a rule that
    fires on most documents says once which configuration would fit, DESIGN §5); the
    findings are still reported when the rule is selected by its exact code
    (`--select MB102`), and the hint is then left out.
    """

    message: str
    collapses: bool = False


SuppressionKey = tuple[str, int, int, str]  # (document, line, column, code prefix)


@dataclass
class SuppressionUse:
    """What the engine learned while filtering a run: which suppressions silenced something."""

    used: set[SuppressionKey] = field(default_factory=set)
    ran: tuple[str, ...] = ()  # codes of the rules that ran in this check
    known: tuple[str, ...] = ()  # codes of every registered rule


RuleCheck = Callable[[Analysis], Iterable[Violation | Hint]]
RuleAudit = Callable[[Analysis, SuppressionUse], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    """A registered rule. `check` looks at the bank; `audit` (MB901 only) runs last and looks
    at what the engine did with the other rules' findings."""

    code: str
    name: str
    default: Level
    check: RuleCheck | None = None
    audit: RuleAudit | None = None
    fixable: bool = False

    @property
    def function(self) -> Callable[..., Iterable[Violation | Hint]]:
        found = self.check or self.audit
        assert found is not None, f"rule {self.code} has neither check nor audit"
        return found

    @property
    def doc(self) -> str:
        return (self.function.__doc__ or "").strip()
