"""Output formats: each renders a `CheckResult` (one `Diagnostic` value, many renderings).

File paths in `text`, `github` and `sarif` are relative to the current directory (the
repository root in a CI job) so editors and GitHub can place them; `json` keeps DESIGN §6's
bank-relative paths and shows the bank folder relative to the current directory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mbtool.checks.engine import CheckResult
from mbtool.report import github, jsonout, sarif, text
from mbtool.report.paths import Display

Renderer = Callable[[CheckResult, Display], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": jsonout.render,
    "github": github.render,
    "sarif": sarif.render,
}

__all__ = ["FORMATS", "Display", "render", "render_report"]


def render(result: CheckResult, fmt: str, display: Display) -> str:
    return FORMATS[fmt](result, display)


def render_report(
    result: CheckResult, fmt: str = "text", *, color: bool = False, cwd: Path | None = None
) -> str:
    """`render` with a default `Display`: for callers that just want the text."""
    return render(result, fmt, Display(cwd=cwd or Path.cwd(), color=color))
