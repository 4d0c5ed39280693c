"""A document's review point: from when on a change to the code it describes is news to it.

The later of its `Last Reviewed` and `Last Updated` dates; without either, its last commit
(found in the same `git log` as the code's history); a document with uncommitted edits and
no date is being reviewed right now. A date is a calendar day, so commits on that day are
not after it (same rule as MB302). `mbtool ack --ref` can also record, per reference, the
blob the document was checked against: that reference then counts from that blob.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mbtool.model import Document


@dataclass(frozen=True)
class DatedReview:
    """A review point written in the document: the date and the field it came from."""

    date: dt.date
    field: str  # "Last Reviewed" or "Last Updated"

    def describe(self) -> str:
        return f"{self.field} {self.date.isoformat()}"


def dated_review(document: Document) -> DatedReview | None:
    """The later of `Last Reviewed` and `Last Updated` (a tie goes to `Last Reviewed`)."""
    found = []
    for key in ("Last Reviewed", "Last Updated"):
        field = document.meta(key)
        if field is not None and field.date is not None:
            found.append(DatedReview(field.date, key))
    return max(found, key=lambda review: review.date, default=None)
