"""The DESIGN §6 JSON object, exactly; findings about code add `related` (project-relative
paths into the code) and `evidence` (the review point and the commits, MB311/MB312)."""

from __future__ import annotations

import json

from mbtool.checks.engine import CheckResult
from mbtool.report.paths import Display


def render(result: CheckResult, display: Display) -> str:
    return (
        json.dumps(result.to_json(display.folder(result.location.bank)), indent=2, ensure_ascii=False) + "\n"
    )
