"""GitHub Actions workflow commands: `::error file=...,line=...,col=...,title=CODE::message`.

`file` is relative to the current directory, which in a workflow step is the repository
root (`GITHUB_WORKSPACE`), so GitHub places the annotation on the line in the pull request.
"""

from __future__ import annotations

from mbtool.checks.engine import CheckResult
from mbtool.report.paths import Display

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(result: CheckResult, display: Display) -> str:
    bank = result.location.bank
    lines = []
    for d in result.diagnostics:
        properties = ",".join(
            f"{key}={_property(value)}"
            for key, value in (
                ("file", display.path(bank, d.path)),
                ("line", str(d.line)),
                ("col", str(d.column)),
                ("title", d.code),
            )
        )
        lines.append(f"::{_COMMANDS[d.severity]} {properties}::{_data(d.message)}")
    for code, line in zip(sorted(result.omitted), result.omitted_lines(), strict=True):
        lines.append(f"::notice title={_property(code)}::{_data(line)}")
    for code, message in result.hints:  # summary-level notes, as in text output
        lines.append(f"::notice title={_property(code + ' hint')}::{_data(message)}")
    return "".join(line + "\n" for line in lines)


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
