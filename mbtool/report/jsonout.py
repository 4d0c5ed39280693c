"""The DESIGN §6 JSON object, with the bank profile and the run's hints; findings about code add
`related` (project-relative paths into the code) and `evidence` (the review point and the
commits, MB311/MB312)."""

from __future__ import annotations

import json

from mbtool.checks.engine import CheckResult
from mbtool.report.paths import Display


def render(result: CheckResult, display: Display) -> str:
    """DESIGN §6's object, plus `profile` (the bank profile used) and `hints` (summary-level
    notes, each `{"code", "message"}`; never findings)."""
    data = result.to_json(display.folder(result.location.bank))
    ordered = {key: data[key] for key in ("version", "bank")}
    ordered["profile"] = result.profile
    ordered.update(data)
    ordered["hints"] = [{"code": code, "message": message} for code, message in result.hints]
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"
