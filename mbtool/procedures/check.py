"""`mbtool procedures check`: the MB4xx rules plus shellcheck, as diagnostics. Nothing is run.

The rules are the registry's (`mbtool.checks.rules.procedures`); shellcheck's warnings are added
here as `MB402` at `info` level, so they inform without failing a build that lacks
shellcheck or disagrees with its style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.rules.base import Context, Rule, Violation
from mbtool.checks.rules.procedures import RULES, procedures_in
from mbtool.graph.build import build_graph
from mbtool.model import Document
from mbtool.procedures.shell import shellcheck, syntax_error
from mbtool.reading.bank import Bank


def check_procedures(bank: Bank, use_shellcheck: bool = True) -> list[Diagnostic]:
    context = Context(bank=bank, graph=build_graph(bank), today=dt.date.today())
    found = [d for rule in RULES for d in _diagnostics(rule, context)]
    if use_shellcheck:
        found.extend(_shellcheck(context))
    kept = [d for d in found if not _suppressed(bank.documents.get(d.path), d)]
    return sorted(kept, key=Diagnostic.sort_key)


def _diagnostics(rule: Rule, context: Context) -> Iterable[Diagnostic]:
    severity = context.config.severity.get(rule.code, rule.default)
    if severity == "off":
        return []
    return [_diagnostic(rule.code, rule.name, severity, v) for v in rule.check(context)]


def _diagnostic(code: str, name: str, severity: str, violation: Violation) -> Diagnostic:
    return Diagnostic.model_validate(
        {
            "code": code,
            "name": name,
            "severity": severity,
            "path": violation.path,
            "line": violation.line,
            "column": violation.column,
            "message": violation.message,
        }
    )


def _shellcheck(context: Context) -> Iterable[Diagnostic]:
    if context.config.severity.get("MB402") == "off":
        return
    for procedure in procedures_in(context):
        for step in procedure.steps:
            if syntax_error(step.command) is not None:  # MB402 proper already says it; no echo
                continue
            for problem in shellcheck(step.command):
                violation = Violation(
                    step.path, step.line + problem.line, step.column + problem.column - 1, problem.message
                )
                yield _diagnostic("MB402", "procedure-syntax-error", "info", violation)


def _suppressed(document: Document | None, diagnostic: Diagnostic) -> bool:
    """`<!-- mbtool: disable=MB4 -->` (file) and `disable-next-line=`; codes match by prefix."""
    if document is None:
        return False
    for suppression in document.suppressions:
        applies = not suppression.next_line or suppression.position.line + 1 == diagnostic.line
        if applies and any(diagnostic.code.startswith(code) for code in suppression.codes):
            return True
    return False
