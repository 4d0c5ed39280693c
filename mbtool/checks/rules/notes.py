"""Hint texts more than one rule gives (summary-level notes, DESIGN §5)."""

from __future__ import annotations

UNVERIFIED_HINT = (
    "paths outside the bank were not checked: no `.git`, `pyproject.toml` or `mbtool.toml` lies "
    "above the bank, so the project's files are unknown; check the bank inside its repository"
)
