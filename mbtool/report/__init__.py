"""Output formats: each renders a `CheckResult` (one `Diagnostic` value, many renderings).

File paths in `text`, `github` and `sarif` are relative to the current directory (the
repository root in a CI job) so editors and GitHub can place them; `json` keeps DESIGN §6's
bank-relative paths and shows the bank folder relative to the current directory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbtool.report.paths import Display

if TYPE_CHECKING:
    from mbtool.checks.engine import CheckResult

Renderer = Callable[["CheckResult", Display], str]

__all__ = ["FORMATS", "Display", "render", "render_report"]


@cache
def formats() -> dict[str, Renderer]:
    """The check renderers by format name. Imported when first asked for, so `mbtool.report.impact`
    (an impact answered from a kept graph) does not load the check engine and every rule."""
    # start-up: the check engine and its rules only when a check result is rendered
    from mbtool.report import github, jsonout, sarif, text

    return {"text": text.render, "json": jsonout.render, "github": github.render, "sarif": sarif.render}


def __getattr__(name: str) -> Any:
    if name == "FORMATS":
        return formats()
    raise AttributeError(name)


def render(result: CheckResult, fmt: str, display: Display) -> str:
    return formats()[fmt](result, display)


def render_report(
    result: CheckResult, fmt: str = "text", *, color: bool = False, cwd: Path | None = None
) -> str:
    """`render` with a default `Display`: for callers that just want the text."""
    return render(result, fmt, Display(cwd=cwd or Path.cwd(), color=color))
