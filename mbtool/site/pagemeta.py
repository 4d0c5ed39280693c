"""Front matter and titles as the theme sees them: escaped text or dropped, never raw markup.

Themes print `page.meta` values and titles without escaping (Material puts `status`,
`subtitle` and `icon` into the navigation of every page, `description` into `<head>`, and
passes the title through `striptags`, which decodes `&lt;` back into `<`). For bank and
generated pages the plugin therefore keeps only the keys it knows, each in a safe form:

- `title`, `description`, `subtitle`, `tags`: plain text, HTML-escaped;
- `status`: a single word; `icon`: a `set/name` the theme actually has (an unknown icon
  crashed the build with TemplateNotFound); `hide`: Material's own names; `search`:
  `exclude`/`boost` with the right types;
- any other key only when its value is a boolean or a number (it cannot carry markup);
  `template` is always dropped (a document must not pick the theme's redirect page).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from typing import Any

from mbtool.site.sanitize import text_of

TEXT_KEYS = frozenset({"title", "description", "subtitle"})
HIDE_VALUES = frozenset({"navigation", "toc", "footer", "feedback", "path", "tags"})
_WORD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ICON = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
_DROPPED = frozenset({"template"})


def escaped_text(value: str) -> str:
    """Plain text (front matter), escaped for wherever a theme prints it (element text or attribute)."""
    return html.escape(" ".join(value.split()), quote=True)


def escaped_markup_text(fragment: str) -> str:
    """The text of rendered HTML (a heading, a title from it), escaped the same way."""
    return html.escape(text_of(fragment), quote=True)


def safe_meta(meta: Mapping[Any, Any], icon_exists: Callable[[str], bool]) -> dict[str, Any]:
    """The front matter a theme may see, from a document's own front matter."""
    kept: dict[str, Any] = {}
    for key, value in meta.items():
        if not isinstance(key, str) or key in _DROPPED:
            continue
        safe = _safe_value(key, value, icon_exists)
        if safe is not None:
            kept[key] = safe
    return kept


def _safe_value(key: str, value: Any, icon_exists: Callable[[str], bool]) -> Any:
    if key in TEXT_KEYS:
        return escaped_text(str(value)) if isinstance(value, str | int | float) else None
    if key == "status":
        return value if isinstance(value, str) and _WORD.match(value) else None
    if key == "icon":
        return value if isinstance(value, str) and _ICON.match(value) and icon_exists(value) else None
    if key == "hide":
        return [item for item in value if item in HIDE_VALUES] if isinstance(value, list) else None
    if key == "tags":
        return (
            [escaped_text(str(tag)) for tag in value if isinstance(tag, str)]
            if isinstance(value, list)
            else None
        )
    if key == "search":
        return _search(value)
    return value if isinstance(value, bool | int | float) else None


def _search(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, dict):
        return None
    kept: dict[str, Any] = {}
    if isinstance(value.get("exclude"), bool):
        kept["exclude"] = value["exclude"]
    boost = value.get("boost")
    if isinstance(boost, int | float) and not isinstance(boost, bool):
        kept["boost"] = boost
    return kept or None
