"""`mbtool ack` writes the review date in the document's own style, and twice is once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mbtool.config import Config
from mbtool.drift.ack import Review, plan_ack
from mbtool.parse import parse_document
from tests.hostile.strategies import documents

DAY = dt.date(2026, 3, 4)


def acked(text: str, reason: str | None = None, blobs: tuple[tuple[str, str], ...] = ()) -> str:
    document = parse_document("a.md", text.encode(), Config())
    return plan_ack(document, text, Review(DAY, reason, blobs))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # an existing field keeps its form: bold, plain, colon outside, in a pipe-separated line
        ("# A\n\n**Last Reviewed:** 2025-01-01\n", "# A\n\n**Last Reviewed:** 2026-03-04\n"),
        ("# A\n\n## S\n\nLast Reviewed: 2025-01-01\n", "# A\n\n## S\n\nLast Reviewed: 2026-03-04\n"),
        ("# A\n\n- **Last Reviewed**: 2025-01-01\n", "# A\n\n- **Last Reviewed**: 2026-03-04\n"),
        (
            "# A\n\n**Last Reviewed:** 2025-01-01 | **Status:** Active\n",
            "# A\n\n**Last Reviewed:** 2026-03-04 | **Status:** Active\n",
        ),
        ("---\nlast_reviewed: 2025-01-01\n---\n# A\n", "---\nlast_reviewed: 2026-03-04\n---\n# A\n"),
        # beside Last Updated, written like it (hard break kept)
        (
            "# A\n\n---\n\n**Last Updated:** 2025-01-01  \n**Status:** Active\n",
            "# A\n\n---\n\n**Last Updated:** 2025-01-01  \n"
            "**Last Reviewed:** 2026-03-04  \n**Status:** Active\n",
        ),
        (
            "# A\n\n## S\n\n- Last Updated: 2025-01-01\n",
            "# A\n\n## S\n\n- Last Updated: 2025-01-01\n- Last Reviewed: 2026-03-04\n",
        ),
        (
            "---\nlastUpdated: 2025-01-01\n---\n# A\n",
            "---\nlastUpdated: 2025-01-01\nlastReviewed: 2026-03-04\n---\n# A\n",
        ),
        # before the other footer fields when there is no Last Updated
        (
            "# A\n\n## S\n\n*Status:* x\n\n**Status:** Active\n",
            "# A\n\n## S\n\n*Status:* x\n\n**Last Reviewed:** 2026-03-04\n**Status:** Active\n",
        ),
        # nothing yet: a footer line
        ("# A\n\nText.\n", "# A\n\nText.\n\n**Last Reviewed:** 2026-03-04\n"),
        ("# A\n\nText.", "# A\n\nText.\n\n**Last Reviewed:** 2026-03-04\n"),
        # line endings are the document's
        (
            "# A\r\n\r\n**Last Updated:** 2025-01-01\r\n",
            "# A\r\n\r\n**Last Updated:** 2025-01-01\r\n**Last Reviewed:** 2026-03-04\r\n",
        ),
    ],
)
def test_the_date_goes_where_the_document_keeps_it(before: str, after: str) -> None:
    assert acked(before) == after
    assert acked(after) == after  # a second ack on the same day changes nothing
    reread = parse_document("a.md", after.encode(), Config()).meta("Last Reviewed")
    assert reread is not None and reread.date == DAY


def test_a_reason_follows_the_date_and_front_matter_quotes_what_yaml_would_misread() -> None:
    assert acked("# A\n\n**Last Reviewed:** 2025-01-01\n", "checked: the new API") == (
        "# A\n\n**Last Reviewed:** 2026-03-04 — checked: the new API\n"
    )
    quoted = acked("---\nlast-reviewed: 2025-01-01\n---\n# A\n", "a: b")
    assert quoted == '---\nlast-reviewed: "2026-03-04 — a: b"\n---\n# A\n'
    field = parse_document("a.md", quoted.encode(), Config()).meta("Last Reviewed")
    assert field is not None and field.date == DAY


BLOB = "3b18e512dba79e4c8300dd08aeb37f8e728b8dad"


def test_blob_ids_live_in_a_front_matter_block_mbtool_owns() -> None:
    created = acked("# A\n\nText.\n", blobs=(("src/x.py", BLOB),))
    assert created.startswith(f"---\nreviewed:\n  src/x.py: {BLOB}\n---\n# A\n")
    document = parse_document("a.md", created.encode(), Config())
    assert [(mark.path, mark.blob) for mark in document.reviewed] == [("src/x.py", BLOB)]
    other = "0" * 39 + "1"
    replaced = plan_ack(document, created, Review(DAY, None, (("src/y.py", other),)))
    assert f"  src/y.py: {other}\n" in replaced and "src/x.py" not in replaced
    kept = acked(
        f"---\ntitle: A\nreviewed:\n  src/x.py: {BLOB}\nstatus: x\n---\n# A\n", blobs=(("src/x.py", BLOB),)
    )
    assert (
        kept
        == f"---\ntitle: A\nreviewed:\n  src/x.py: {BLOB}\nstatus: x\nlast_reviewed: 2026-03-04\n---\n# A\n"
    )


@settings(max_examples=200, deadline=None)
@given(documents(), st.sampled_from([None, "checked", "a: b # c"]))
def test_ack_on_any_document_records_the_day_once(text: str, reason: str | None) -> None:
    """Whatever the document looks like: the date reads back, a second ack changes nothing,
    and every line the document had is still there."""
    document = parse_document("a.md", text.encode(), Config())
    if not document.readable:
        return
    once = plan_ack(document, text, Review(DAY, reason))
    reread = parse_document("a.md", once.encode(), Config())
    field = reread.meta("Last Reviewed")
    assert field is not None and field.date == DAY
    assert plan_ack(reread, once, Review(DAY, reason)) == once
    kept = [line for line in text.splitlines() if "last reviewed" not in line.lower()]
    assert all(line in once for line in kept)
