"""A Python-Markdown extension that sanitises the rendered HTML of bank and generated pages.

For engines that run Python-Markdown but no MkDocs plugins (Zensical): listed under
`markdown_extensions` as `mbtool.site.mdext` with the site folders to clean (`prefixes`),
it applies the same strict sanitiser as the MkDocs plugin's `on_page_content` as the last
step of every page's rendering. The page being rendered is read from the engine's rendering
context when it offers one (Zensical's `rendering_context` preprocessor); without one, every
page is cleaned (the safe side).
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from mbtool.site.sanitize import clean_fragment


class _Sanitise(Postprocessor):  # type: ignore[misc]
    def __init__(self, md: Markdown, prefixes: list[str]) -> None:
        super().__init__(md)
        self.prefixes = tuple(prefixes)

    def run(self, text: str) -> str:
        path = _page_path(self.md)
        if path is not None and self.prefixes and not path.startswith(self.prefixes):
            return text
        return clean_fragment(text)


def _page_path(md: Markdown) -> str | None:
    """The source path of the page being rendered, when the engine says (else None)."""
    for processor in md.preprocessors:
        page = getattr(processor, "page", None)
        path = getattr(page, "path", None)
        if isinstance(path, str):
            return path.replace("\\", "/")
    return None


class SanitiseExtension(Extension):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"prefixes": [[], "site paths whose pages are sanitised (default: every page)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Sanitise(md, list(self.getConfig("prefixes"))), "mbtool_sanitise", 0)


def makeExtension(**kwargs: Any) -> SanitiseExtension:
    return SanitiseExtension(**kwargs)
