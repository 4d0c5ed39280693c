"""`path:line:col: CODE message`, one per line, then a summary line; colour only on a terminal."""

from __future__ import annotations

from mbtool.checks.engine import CheckResult
from mbtool.report.paths import Display

_COLOURS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def render(result: CheckResult, display: Display) -> str:
    bank = result.location.bank
    lines = []
    for d in result.diagnostics:
        path = display.path(bank, d.path)
        if display.color:
            code = f"{_COLOURS[d.severity]}{d.code}{_RESET}"
            lines.append(f"{_BOLD}{path}{_RESET}:{d.line}:{d.column}: {code} {d.message}")
        else:
            lines.append(f"{path}:{d.line}:{d.column}: {d.code} {d.message}")
    if result.fixed or result.uncovered:
        fixed = sum(result.fixed.values())
        line = f"Fixed {_plural(fixed, 'problem')} in {_plural(len(result.fixed), 'file')}"
        if result.uncovered:
            line += f", and {result.uncovered} more that those fixes uncovered"
        lines.append(line)
    lines.extend(result.omitted_lines())
    for path in result.skipped:
        shown = display.path(bank, path)
        lines.append(f"Skipped {shown}: it changed while mbtool was fixing it; run `--fix` again")
    lines.extend(f"hint: {code}: {message}" for code, message in result.hints)
    if result.profile is not None:
        lines.append(f"Profile: {result.profile} ({result.profile_origin})")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result: CheckResult) -> str:
    documents = _plural(result.documents, "document")
    if not result.diagnostics:
        return f"All checks passed ({documents})"
    counts = result.summary
    parts = (
        f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, {counts['info']} info"
    )
    line = f"Found {_plural(len(result.diagnostics), 'problem')} ({parts}) in {documents}"
    if result.fixable:
        line += f"; {result.fixable} fixable with `--fix`"
    return line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
