"""Escaping for everything mbtool writes into Markdown that becomes HTML.

Markdown passes raw HTML through, so any text taken from a user's bank (titles, concepts,
annotations, diagnostics) is HTML-escaped and its Markdown punctuation neutralised before
it is placed in a generated page.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")


def text(value: str) -> str:
    """Inline text: HTML-escaped, Markdown punctuation backslash-escaped, on one line."""
    flat = " ".join(value.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=True))


def attribute(value: str) -> str:
    return html.escape(value, quote=True)


def code(value: str) -> str:
    """Inline code: backticks cannot be escaped inside a code span, so widen the fence."""
    flat = " ".join(value.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    padding = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{padding}{flat}{padding}{fence}"
