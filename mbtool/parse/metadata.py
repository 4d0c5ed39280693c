"""Metadata fields and the dates inside them.

Dates: ISO date, ISO datetime, `YYYY-MM-DD HH:MM TZ`, each with trailing notes allowed.
A value that merely starts like a date but is not one (`2025-13-40`) is flagged for MB103;
a `Next Review` that is a condition ("After the compose rewrite") is plain text.
"""

from __future__ import annotations

import re
from datetime import date

from mbtool.model import MetaField, Position

# Canonical metadata keys and the spellings that mean them (normalised: lower, single spaces).
META_KEYS = {
    "last updated": "Last Updated",
    "updated": "Last Updated",
    "last modified": "Last Updated",
    "status": "Status",
    "next review": "Next Review",
    "last reviewed": "Last Reviewed",
}
TEXT_KEYS = {"why this order": "Why This Order", "impact analysis": "Impact Analysis"}

_DATE_LIKE = re.compile(r"^\s*\[?(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])")


def meta_field(key: str, value: str, position: Position) -> MetaField:
    parsed, looks = parse_date(value)
    return MetaField(key=key, value=value, position=position, date=parsed, looks_like_date=looks)


def parse_date(value: str) -> tuple[date | None, bool]:
    """(the date, whether the value looks like a date at all)."""
    match = _DATE_LIKE.match(value)
    if match is None:
        return None, False
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])), True
    except ValueError:
        return None, True
