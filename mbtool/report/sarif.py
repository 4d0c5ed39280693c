"""SARIF 2.1.0: one run, the rule metadata from the registry, one result per diagnostic."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from mbtool.checks.engine import CheckResult
from mbtool.checks.rules import ALL_RULES, Rule
from mbtool.checks.rules.docs import rule_markdown, sections, summary
from mbtool.report.paths import Display
from mbtool.version import VERSION

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/mbtool/"
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
        results.append(item)
    driver = {
        "name": "mbtool",
        "version": VERSION,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in rules],
    }
    run: dict[str, Any] = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
    if result.omitted:
        # Findings past `max-findings-per-rule`: counted per rule, not listed.
        run["properties"] = {"omitted": dict(sorted(result.omitted.items()))}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


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
