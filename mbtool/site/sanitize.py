"""Nothing from a document reaches a published page as script: one HTML sanitiser, two policies.

`clean_fragment` (strict) is applied to everything derived from documents: the rendered
content of every bank and generated page, and the SVG that comes out of the renderer. It
re-serialises the fragment from tokens, so the browser parses exactly what was checked:

- every start tag is rebuilt from its parsed attributes (names lower-case, values quoted
  and escaped), dropping event attributes (`on*`), attribute names a browser would read
  differently, and URL attributes whose value, decoded and with whitespace and control
  characters removed, uses the `javascript:`, `vbscript:` or `data:` scheme;
- text is re-escaped, so anything the parser did not take for a tag cannot become one;
- comments, declarations and processing instructions are dropped whole (a browser may end
  them earlier than Python's parser does, and what follows would be markup);
- elements that run or embed code (`script`, `iframe`, `object`, `embed`, `base`, `meta`,
  `link`, `foreignObject`, SVG animation) are dropped with their content, and so are
  elements whose content a browser reads as raw text (`style`, `textarea`, `noscript`,
  `xmp`, `title` outside SVG…), where the two parsers would disagree about where they end.

`guard_page` (lenient) is the safety net over a whole page the theme rendered: it keeps
the theme's markup and scripts (Material's bundle, its inline helpers, its JSON config),
and removes only event attributes, script URLs, `<base>` and `<meta http-equiv>`
everywhere. Titles, metadata and the table of contents reach the theme escaped
(`pagemeta`), so a theme template never prints document text as markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SCRIPT_SCHEME = re.compile(r"(?<![a-z0-9+.\-])(?:javascript|vbscript|livescript|data):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")
_STYLE_SCRIPT = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding|javascript:|vbscript:")
_ATTRIBUTE_NAME = re.compile(r"^[a-z_][a-z0-9_.:\-]*$")
_TAG_NAME = re.compile(r"^[a-z][a-z0-9\-]*$")

URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "background", "poster", "cite", "longdesc",
        "lowsrc", "dynsrc", "data", "codebase", "srcset", "ping", "manifest", "icon", "profile",
        "usemap", "classid", "archive", "xlink:href", "xml:base", "to", "from", "values", "by",
        "srcdoc", "imagesrcset",
    }
)  # fmt: skip
# Dropped with everything inside them: they run, embed or redirect to code.
DANGEROUS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "link",
        "meta", "foreignobject", "animate", "set", "animatemotion", "animatetransform",
        "animatecolor", "handler", "listener", "portal", "template", "param",
    }
)  # fmt: skip
# Dropped because a browser reads their content as raw text (Python's parser may not).
RAW_TEXT = frozenset({"style", "textarea", "noscript", "noembed", "noframes", "xmp", "plaintext", "title"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
     "track", "wbr", "frame", "keygen"}
)  # fmt: skip
FOREIGN = frozenset({"svg", "math"})


def is_script_url(value: str) -> bool:
    """True for a URL a browser would run or render as a document: decoded, invisibles removed."""
    compact = _INVISIBLE.sub("", html.unescape(value)).lower()
    return _SCRIPT_SCHEME.search(compact) is not None


def unsafe_attribute(name: str, value: str | None) -> str | None:
    """Why this attribute may not be published (None when it may)."""
    if name.startswith("on"):
        return f"event attribute `{name}`"
    if not _ATTRIBUTE_NAME.match(name):
        return "malformed attribute name"
    if value is None:
        return None
    is_url = name in URL_ATTRIBUTES or name.endswith(("href", "src"))
    if is_url and is_script_url(value):
        return f"script URL in `{name}`"
    if name == "style" and _STYLE_SCRIPT.search(_INVISIBLE.sub("", value).lower()):
        return "script in a style attribute"
    return None


@dataclass
class _Result:
    parts: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


class _Sanitiser(HTMLParser):
    """Token stream in, sanitised text out (`strict` re-serialises; lenient keeps the original)."""

    def __init__(self, strict: bool) -> None:
        super().__init__(convert_charrefs=strict)
        self.strict = strict
        self.result = _Result()
        self.skipping: list[str] = []  # open dropped elements, innermost last
        self.foreign = 0  # depth inside <svg>/<math>, where <title> and <style> are elements

    # -- tags ----------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.skipping:
            if not closed and tag == self.skipping[-1] and tag not in VOID:
                self.skipping.append(tag)
            return
        if self._dropped(tag, attrs):
            if tag not in RAW_TEXT:
                self.result.removed.append(f"element `<{tag}>`")
            if not closed and tag not in VOID:
                self.skipping.append(tag)
                if tag in RAW_TEXT or tag == "script":
                    self.set_cdata_mode(tag)
            return
        if tag in FOREIGN and not closed:
            self.foreign += 1
        if self.strict and not _TAG_NAME.match(tag):
            return  # unwrapped: a tag name a browser might read differently; its content stays
        kept = self._attributes(attrs)
        if not self.strict and len(kept) == len(attrs):
            self.result.parts.append(self.get_starttag_text() or "")
            return
        self.result.parts.append(_tag(tag, kept, closed))

    def _dropped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if not self.strict:
            return tag == "base" or (tag == "meta" and any(name == "http-equiv" for name, _ in attrs))
        if tag == "title" and self.foreign:
            return False  # an SVG <title> is an element (Graphviz tooltips), not raw text
        return tag in DANGEROUS or tag in RAW_TEXT

    def _attributes(self, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
        kept: list[tuple[str, str | None]] = []
        seen: set[str] = set()
        for name, value in attrs:
            reason = unsafe_attribute(name, value)
            if reason is not None:
                self.result.removed.append(reason)
            elif name not in seen:
                seen.add(name)
                kept.append((name, value))
        return kept

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
                if not self.skipping:
                    self.clear_cdata_mode()
            return
        if tag in FOREIGN and self.foreign:
            self.foreign -= 1
        dropped = tag in DANGEROUS or (tag in RAW_TEXT and not (tag == "title" and self.foreign))
        if self.strict and (not _TAG_NAME.match(tag) or dropped or tag in VOID):
            return
        self.result.parts.append(f"</{tag}>")

    # -- text and the rest ---------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.strict:
            if self.cdata_elem in ("title", "textarea"):  # Python 3.14 reads these as RCDATA
                data = html.unescape(data)
            self.result.parts.append(html.escape(data, quote=False))
        else:
            self.result.parts.append(data)

    def handle_entityref(self, name: str) -> None:  # lenient only (strict converts references)
        if not self.skipping:
            self.result.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skipping:
            self.result.parts.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.strict and not self.skipping:
            self.result.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        if "[" in decl or "entity" in decl.lower():
            self.result.removed.append("a DOCTYPE with entity definitions")
        if not self.strict and not self.skipping:
            self.result.parts.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        if data.lower().startswith("xml-stylesheet"):
            self.result.removed.append("an `xml-stylesheet` instruction")
        if not self.strict and not self.skipping:
            self.result.parts.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        if not self.strict and not self.skipping:
            self.result.parts.append(f"<![{data}]>")


def _tag(tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> str:
    rendered = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
        for name, value in attrs
    )
    return f"<{tag}{rendered}{' /' if closed else ''}>"


def _run(text: str, strict: bool) -> _Result:
    parser = _Sanitiser(strict)
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        return _Result([html.escape(text, quote=False)], ["unparsable markup"])
    return parser.result


def clean_fragment(fragment: str) -> str:
    """A document-derived HTML (or inline SVG) fragment with nothing that can run script."""
    return "".join(_run(fragment, strict=True).parts)


def unsafe_parts(document: str) -> list[str]:
    """What in an HTML or SVG document could run script (empty: safe to publish as it is).

    Used for SVG files published as they are: besides script, event attributes and script
    URLs, an XML DOCTYPE with entities or a stylesheet instruction counts (an XML parser
    would expand or run what the HTML tokenizer sees as text)."""
    return _run(document, strict=True).removed


# The theme's own inert link (Material's search "share" button); removed like any script URL.
_THEME_SCRIPT_LINK = ' href="javascript:void(0)"'
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
# What could be an event attribute, a script URL (plain, entity-encoded or split by whitespace
# before its colon), `<base>` or a refresh. Each pattern starts with a literal, so the scan is
# fast on pages that carry the whole navigation; they run on the lower-cased page.
_EVENT = re.compile(r"on[a-z]+[\s\x00-\x1f]*=")
_SCHEME = (re.compile(r"script[\s\x00-\x1f]*[:&]"), re.compile(r"data[\s\x00-\x1f]*[:&]"))
_LITERALS = ("&#", "&colon", "&tab", "&newline", "<base", "http-equiv")


def _suspect(page: str) -> bool:
    """Whether anything outside the theme's scripts could be what `guard_page` removes."""
    low = _SCRIPT_ELEMENT.sub("", page).replace(_THEME_SCRIPT_LINK, "").lower()
    if any(literal in low for literal in _LITERALS) or any(p.search(low) for p in _SCHEME):
        return True
    return any(m.start() == 0 or low[m.start() - 1] in " \t\n\r\f\"'/" for m in _EVENT.finditer(low))


def guard_page(page: str) -> str:
    """A whole themed page with every event attribute, script URL, `<base>` and refresh removed.

    Most pages hold none of these outside the theme's scripts (their content was cleaned
    strictly, titles and metadata escaped); a quick scan finds those, and only a page where
    something could be one is re-read with the parser (pages carry the whole navigation, so
    parsing every page would cost as much as rendering it)."""
    if not _suspect(page):
        return page.replace(_THEME_SCRIPT_LINK, "")
    return "".join(_run(page, strict=False).parts)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text_of(fragment: str) -> str:
    """The plain text of an HTML fragment (tags dropped, references decoded), on one line."""
    parser = _Text()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:
        return " ".join(fragment.split())
    return " ".join("".join(parser.parts).split())
