"""Hint texts more than one rule gives (summary-level notes, DESIGN §5)."""

from __future__ import annotations

UNVERIFIED_HINT = (
    "paths outside the bank were not checked: no `.git`, `pyproject.toml` or `mbtool.toml` lies "
    "above the bank, so the project's files are unknown; check the bank inside its repository"
)

# A rule firing on more than this share of a bank's documents (and on at least
# `FLOOD_MINIMUM` of them) says so once instead, naming the configuration that would fit.
FLOOD_SHARE = 0.5
FLOOD_MINIMUM = 5


def floods(count: int, total: int) -> bool:
    """Whether `count` findings over `total` documents are most of the bank (DESIGN §5)."""
    return count >= FLOOD_MINIMUM and count > total * FLOOD_SHARE
