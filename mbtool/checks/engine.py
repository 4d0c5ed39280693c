"""check: run the rules over a bank, apply the configuration and suppressions, sort (DESIGN §5).

Which rules run: `select` and `ignore` are code prefixes; for each rule the longest
matching prefix decides (a tie goes to `ignore`), and with no `select` every rule is
selected. `--select` on the command line replaces the configured list, `--ignore` adds to
it. `severity` (by code or prefix, longest wins) overrides a rule's default level, and
`"off"` turns it off. MB901 (unused suppressions) runs last, once every other rule's
findings have been filtered.

Output size is bounded (DESIGN §9): each rule keeps at most `max-findings-per-rule`
findings (default 200, 0 = all), the first ones in the report's order, and the rest are
counted in `CheckResult.omitted`. They are chosen with a bounded heap while the rule's
findings stream past, so a rule that finds a million problems costs memory for 200 of
them; every finding still counts for the suppressions MB901 audits. A fix given as a plan
(`FixPlan`) is planned only for the findings kept.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import LEVEL_ORDER, Diagnostic, Level
from mbtool.checks.rules import ALL_RULES, Rule, Violation
from mbtool.checks.rules.base import Hint, SuppressionUse
from mbtool.checks.rules.suppression import silencers
from mbtool.config import Config
from mbtool.errors import ConfigError, UsageError
from mbtool.reading.discover import Location

LEVELS: tuple[Level, ...] = ("error", "warning", "info")
_SELECTOR = re.compile(r"^MB\d{0,3}$")

SelectionKey = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], bool]


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...]
    ignore: tuple[str, ...]
    severity: dict[str, str]

    @classmethod
    def of(cls, config: Config, select: Sequence[str] | None = None, ignore: Sequence[str] = ()) -> Selection:
        """The selection from the configuration and the command line. A code or prefix that
        names no rule is an error (exit 2): `select = ["MB999"]` used to turn every rule off."""
        for option, values in (
            ("select", config.select),
            ("ignore", config.ignore),
            ("severity", config.severity),
        ):
            _known(selectors(values, option), option, ConfigError, "in the configuration")
        _known(selectors(select or (), "--select"), "--select", UsageError, "")
        _known(selectors(ignore, "--ignore"), "--ignore", UsageError, "")
        chosen = tuple(select) if select else config.select
        return cls(
            select=selectors(chosen or ("MB",), "select"),
            ignore=selectors((*config.ignore, *ignore), "ignore"),
            severity=dict(config.severity),
        )

    def key(self, shellcheck: bool) -> SelectionKey:
        return (self.select, self.ignore, tuple(sorted(self.severity.items())), shellcheck)

    def level(self, rule: Rule) -> Level | None:
        """The level this rule reports at, or None when it does not run."""
        chosen = max((len(p) for p in self.select if rule.code.startswith(p)), default=-1)
        ignored = max((len(p) for p in self.ignore if rule.code.startswith(p)), default=-1)
        if chosen < 0 or ignored >= chosen:
            return None
        matches = [p for p in self.severity if rule.code.startswith(p)]
        if not matches:
            return rule.default
        level = self.severity[max(matches, key=len)]
        return None if level == "off" else level  # type: ignore[return-value]


def _known(codes: tuple[str, ...], option: str, error: type[UsageError], where: str) -> None:
    """Every code must be a rule's code or a prefix of one."""
    known = [rule.code for rule in ALL_RULES]
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            place = f" {where}" if where else ""
            raise error(
                f"`{code}` in {option}{place} matches no rule; see `mbtool rule` for the codes "
                "(a prefix such as `MB2` selects a family)"
            )


def selectors(values: Iterable[str], option: str) -> tuple[str, ...]:
    """Upper-cased code prefixes; anything else is a usage error."""
    found = []
    for value in values:
        for part in value.split(","):
            code = part.strip().upper()
            if not code:
                continue
            if not _SELECTOR.match(code):
                raise UsageError(
                    f"`{part.strip()}` in {option} is not a rule code or prefix; use e.g. `MB2` or `MB202`"
                )
            found.append(code)
    return tuple(found)


@dataclass(frozen=True)
class CheckResult:
    """What `mbtool check` found: sorted diagnostics plus what `--fix` changed."""

    location: Location
    documents: int
    diagnostics: list[Diagnostic]
    fail_on: str = "error"
    fixed: dict[str, int] = field(default_factory=dict)  # `--fix`: announced findings fixed, per file
    uncovered: int = 0  # `--fix`: findings that earlier fixes made fixable, fixed too
    skipped: tuple[str, ...] = ()  # `--fix`: files left alone because they changed meanwhile
    omitted: dict[str, int] = field(default_factory=dict)  # code → findings past the cap, not shown
    hints: tuple[tuple[str, str], ...] = ()  # (rule code, note): summary-level, never findings
    profile: str | None = None  # the bank profile the run used (DESIGN §3)
    profile_origin: str = ""  # how it was chosen ("detected: ...", "configured")

    @property
    def summary(self) -> dict[str, int]:
        return {level: sum(d.severity == level for d in self.diagnostics) for level in LEVELS}

    def omitted_lines(self) -> list[str]:
        """One sentence per rule whose findings were cut at `max-findings-per-rule`."""
        return [
            f"{count} more {code} finding{'s' if count != 1 else ''} not shown "
            "(`max-findings-per-rule`; 0 shows them all)"
            for code, count in sorted(self.omitted.items())
        ]

    @property
    def fixable(self) -> int:
        return sum(d.fix is not None for d in self.diagnostics)

    @property
    def exit_code(self) -> int:
        """0 when nothing is at or above `fail-on`, else 1 (DESIGN §6)."""
        threshold = LEVEL_ORDER[self.fail_on]
        return int(any(LEVEL_ORDER[d.severity] >= threshold for d in self.diagnostics))

    def to_json(self, bank: str) -> dict[str, object]:
        """The DESIGN §6 object; `bank` is how the bank folder is shown."""
        return {
            "version": 1,
            "bank": bank,
            "documents": self.documents,
            "diagnostics": [diagnostic.to_json() for diagnostic in self.diagnostics],
            "summary": self.summary,
            **({"omitted": dict(sorted(self.omitted.items()))} if self.omitted else {}),
        }


def run_check(
    analysis: Analysis,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rules: Sequence[Rule] = ALL_RULES,
) -> CheckResult:
    """Run the selected rules once per analysis and selection (a second call returns the same result)."""
    chosen = Selection.of(analysis.config, select, ignore)
    key = chosen.key(analysis.shellcheck)
    if rules is ALL_RULES and key in analysis.check_results:
        return analysis.check_results[key]
    active = [(rule, level) for rule in rules if (level := chosen.level(rule)) is not None]
    use = SuppressionUse(ran=tuple(rule.code for rule, _ in active), known=tuple(rule.code for rule in rules))
    found: dict[tuple[object, ...], Diagnostic] = {}
    omitted: dict[str, int] = {}
    hints: dict[str, str] = {}  # message → the first rule that gave it (one line per note)
    cap = analysis.config.max_findings_per_rule
    # Audits (MB901) run last: they look at what the other rules' findings were filtered by.
    for rule, level in sorted(active, key=lambda item: item[0].audit is not None):
        produced = rule.check(analysis) if rule.check is not None else rule.function(analysis, use)
        violations, notes, shown = _split(produced, explicit=rule.code in chosen.select)
        for note in notes:
            hints.setdefault(note, rule.code)
        kept = _unsuppressed(analysis, rule, violations, use)
        if not shown:  # collapsed into a hint: still run past the suppressions, so none is "unused"
            deque(kept, maxlen=0)
            continue
        listed, rest = _capped(kept, cap)
        if rest:
            omitted[rule.code] = rest
        for violation in listed:
            diagnostic = _diagnostic(rule, level, violation)
            found.setdefault((*diagnostic.sort_key(), diagnostic.code), diagnostic)
    diagnostics = sorted(found.values(), key=Diagnostic.sort_key)
    result = CheckResult(
        analysis.location,
        len(analysis.bank.documents),
        diagnostics,
        analysis.config.fail_on,
        omitted=omitted,
        hints=tuple((code, note) for note, code in hints.items()),
        profile=analysis.bank.profile.name,
        profile_origin=analysis.bank.profile.origin,
    )
    if rules is ALL_RULES:
        analysis.check_results[key] = result
    return result


def _split(
    produced: Iterable[Violation | Hint], *, explicit: bool
) -> tuple[list[Violation], list[str], bool]:
    """A rule's findings, its hint texts, and whether the findings are shown: a collapsing
    hint stands in for them unless the rule was selected by its exact code."""
    violations: list[Violation] = []
    hints: list[Hint] = []
    for item in produced:
        if isinstance(item, Hint):
            hints.append(item)
        else:
            violations.append(item)
    if any(hint.collapses for hint in hints):
        if explicit:
            return violations, [hint.message for hint in hints if not hint.collapses], True
        return violations, [hint.message for hint in hints], False
    return violations, [hint.message for hint in hints], True


class _Counted:
    """An iterable that counts what passes through it."""

    def __init__(self, items: Iterable[Violation]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[Violation]:
        for item in self.items:
            self.count += 1
            yield item


def _capped(violations: Iterable[Violation], cap: int) -> tuple[list[Violation], int]:
    """The first `cap` violations in report order (all when `cap` is 0), and how many were left."""
    if not cap:
        return list(violations), 0
    counted = _Counted(violations)
    chosen = heapq.nsmallest(cap, counted, key=lambda v: (v.path, v.line, v.column, v.message))
    return chosen, counted.count - len(chosen)


def _unsuppressed(
    analysis: Analysis, rule: Rule, violations: Iterable[Violation], use: SuppressionUse
) -> Iterator[Violation]:
    """The violations no suppression comment silences (recording the ones that did)."""
    for violation in violations:
        document = analysis.bank.documents.get(violation.path)
        keys = silencers(document, rule.code, violation.line) if document is not None else []
        if keys:
            use.used.update(keys)
            continue
        yield violation


def _diagnostic(rule: Rule, level: Level, violation: Violation) -> Diagnostic:
    severity = level
    if violation.level is not None and LEVEL_ORDER[violation.level] < LEVEL_ORDER[level]:
        severity = violation.level
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        path=violation.path,
        line=violation.line,
        column=violation.column,
        message=violation.message,
        fix=violation.fix() if callable(violation.fix) else violation.fix,
        related=violation.related,
        evidence=violation.evidence,
    )
