"""SARIF 2.1.0: one run, the rule metadata from the registry, one result per diagnostic.

A finding about code (MB311, MB312) carries `relatedLocations` pointing into the code, and its
evidence (review point, commits) in the result's property bag."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import CheckResult
from mbtool.checks.rules import ALL_RULES, Rule
from mbtool.checks.rules.docs import rule_markdown, sections, summary
from mbtool.report.paths import Display
from mbtool.version import VERSION

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def render(result: CheckResult, display: Display) -> str:
    return json.dumps(sarif(result, display), indent=2, ensure_ascii=False) + "\n"


def sarif(result: CheckResult, display: Display) -> dict[str, Any]:
    rules = sorted(ALL_RULES, key=lambda rule: rule.code)
    index = {rule.code: number for number, rule in enumerate(rules)}
    bank = result.location.bank
    results = []
    for d in result.diagnostics:
        location = {
            "physicalLocation": {
                "artifactLocation": {"uri": quote(display.path(bank, d.path))},
                "region": {"startLine": d.line, "startColumn": d.column},
            }
        }
        item: dict[str, Any] = {
            "ruleId": d.code,
            "level": _LEVELS[d.severity],
            "message": {"text": d.message},
        }
        if d.code in index:
            item["ruleIndex"] = index[d.code]
        item["locations"] = [location]
        if d.related:
            item["relatedLocations"] = _related(d, result.location.project, display)
        if d.evidence is not None:
            item["properties"] = {"evidence": d.evidence.model_dump(mode="json", exclude_none=True)}
        results.append(item)
    driver = {
        "name": "mbtool",
        "version": VERSION,
        "rules": [_rule(rule) for rule in rules],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    if result.omitted:
        # Findings past `max-findings-per-rule`: counted per rule, not listed.
        run["properties"] = {"omitted": dict(sorted(result.omitted.items()))}
    if result.hints:
        # Summary-level notes (a profile to set, paths that could not be checked): advice about
        # the run's configuration, not findings.
        notes = [_note(code, message, index) for code, message in result.hints]
        run["invocations"] = [{"executionSuccessful": True, "toolConfigurationNotifications": notes}]
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def _note(code: str, message: str, index: dict[str, int]) -> dict[str, Any]:
    note: dict[str, Any] = {"level": "note", "message": {"text": message}}
    if code in index:
        note["associatedRule"] = {"id": code, "index": index[code]}
    return note


def _related(diagnostic: Diagnostic, project: Path, display: Display) -> list[dict[str, Any]]:
    """The code a finding concerns (MB311: the drifted files), paths from the project root."""
    found = []
    for number, related in enumerate(diagnostic.related, start=1):
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": quote(display.folder(project / related.path))}
        }
        if related.line is not None:
            physical["region"] = {"startLine": related.line}
        location: dict[str, Any] = {"id": number, "physicalLocation": physical}
        if related.message:
            location["message"] = {"text": related.message}
        found.append(location)
    return found


def _rule(rule: Rule) -> dict[str, Any]:
    what = " ".join(sections(rule).get("What it does", "").split())
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary(rule)},
        "fullDescription": {"text": what},
        "help": {"text": what, "markdown": rule_markdown(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.default]},
        "properties": {"fixable": rule.fixable},
    }
