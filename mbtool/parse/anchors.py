"""Heading anchors exactly as MkDocs (Python-Markdown `toc`) generates them."""

from __future__ import annotations

import re
import unicodedata

# No leading `\s*` and no `{` inside: both made `search` quadratic on hostile headings.
_CUSTOM_ID = re.compile(r"\{\s*#([\w-]+)[^{}]*\}\s*$")
_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def split_custom_id(text: str) -> tuple[str, str | None]:
    """`Title {#id}` (attr_list) → ("Title", "id")."""
    match = _CUSTOM_ID.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match.group(1)


def slugify(text: str) -> str:
    """toc's default slugify: ASCII-fold, drop punctuation, lower-case, hyphenate."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SEPARATORS.sub("-", _NOT_WORD.sub("", ascii_text).strip().lower())


class AnchorAllocator:
    """Duplicate headings get `_1`, `_2`... as toc's `unique()` does.

    The last counter per anchor is remembered, so thousands of equal headings stay linear.
    """

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._counters: dict[str, int] = {}

    def allocate(self, text: str) -> str:
        text, custom = split_custom_id(text)
        anchor = custom or slugify(text) or "_"
        candidate, counter = anchor, self._counters.get(anchor, 0)
        if counter:
            candidate = f"{anchor}_{counter}"
        while candidate in self._used:
            counter += 1
            candidate = f"{anchor}_{counter}"
        self._used.add(candidate)
        self._counters[anchor] = counter
        return candidate
