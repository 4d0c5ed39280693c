"""The one small exception hierarchy: problems that stop mbtool (never problems in a user's files).

Problems found in a user's documents are `ReadProblem`/`Diagnostic` values, not exceptions.
The CLI turns these exceptions into exit codes in exactly one place (`mbtool.cli`).
"""

from __future__ import annotations


class MbtoolError(Exception):
    """Base class: a condition that stops the current command."""

    exit_code = 3


class UsageError(MbtoolError):
    """Bad command line, unknown bank or document, missing renderer: exit 2 with one line."""

    exit_code = 2


class ConfigError(UsageError):
    """Invalid `[tool.mbtool]` / `mbtool.toml` configuration: exit 2 naming the valid keys."""
