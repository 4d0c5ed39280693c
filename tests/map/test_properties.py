"""Splicing the region is idempotent and keeps every byte outside the markers."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from mbtool.mapdoc.document import markers, splice

START, END = "<!-- mbtool:map:start -->", "<!-- mbtool:map:end -->"
LINE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=20)
# Region lines come from `escape`, which folds all whitespace, so they hold no line separators.
REGION = st.lists(
    st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=20), max_size=5
)


# Lines that open, close or look like code blocks: a region must survive them on either side.
FENCY = st.sampled_from(["~~~", "```", "~~~~", "```bash", "    code", "text", "- item", ""])


@example(lines=["~~~"], newline="\n", first=[], second=["~~~"])
@example(lines=["```"], newline="\n", first=["```"], second=[])
@given(
    st.lists(LINE | FENCY, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    REGION | st.lists(FENCY, max_size=4),
    REGION,
)
def test_splice_is_idempotent_and_keeps_outside_text(
    lines: list[str], newline: str, first: list[str], second: list[str]
) -> None:
    text = "".join(line + newline for line in lines if START not in line and END not in line)
    newline = newline if text else "\n"  # an empty document has no line ending to keep
    once = splice(text, first)
    assert splice(once, first) == once
    again = splice(once, second)
    found = markers(again.splitlines(keepends=True))
    assert found is not None
    start, end = found
    kept = again.splitlines(keepends=True)
    assert kept[start + 1 : end] == [line + newline for line in second]
    assert "".join(kept[: start + 1] + kept[end:]) == "".join(
        once.splitlines(keepends=True)[: start + 1] + once.splitlines(keepends=True)[start + 1 + len(first) :]
    )
