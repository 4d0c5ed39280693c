"""The DESIGN §6 JSON object, exactly."""

from __future__ import annotations

import json

from mbtool.checks.engine import CheckResult
from mbtool.report.paths import Display


def render(result: CheckResult, display: Display) -> str:
    return (
        json.dumps(result.to_json(display.folder(result.location.bank)), indent=2, ensure_ascii=False) + "\n"
    )
