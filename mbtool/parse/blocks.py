"""One markdown-it pass over a document: the block skeleton the extractors read.

markdown-it gives line ranges but not columns, so we keep line ranges here and let the
extractors find exact columns in the original lines. This module is the only caller of
markdown-it-py.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Characters without which an inline run holds no link, image, autolink or code span.
_INLINE_MARKERS = ("[", "<", "`")
# markdown-it spends up to 0.1 ms on an unmatched `[` (5 MB of `![` took four minutes); real
# documents hold a few hundred markers. Past this budget inline runs are not parsed, and
# `env[SKIPPED]` holds the 0-based line of the first one left out.
MAX_INLINE_MARKERS = 20_000
SKIPPED = "mbtool_inline_skipped"


def _needed_inlines(state: StateCore) -> None:
    """markdown-it's `inline` core rule, skipping runs whose children nobody reads.

    The skeleton reads inline children only for heading text and for links / code spans;
    a paragraph without `[`, `<` or a backtick has neither, so parsing it is wasted work
    (about a third of markdown-it's time on prose-heavy banks). The result is identical.
    """
    budget = MAX_INLINE_MARKERS
    previous = ""
    for token in state.tokens:
        if token.type == "inline" and (
            previous == "heading_open" or any(marker in token.content for marker in _INLINE_MARKERS)
        ):
            markers = sum(token.content.count(marker) for marker in _INLINE_MARKERS)
            if markers > budget:
                state.env.setdefault(SKIPPED, token.map[0] if token.map else 0)
                token.children = [Token("text", "", 0, content=token.content)]
            else:
                budget -= markers
                if token.children is None:
                    token.children = []
                state.md.inline.parse(token.content, state.md, state.env, token.children)
        previous = token.type


def _quiet_block_rules() -> None:
    """markdown-it's block rules call `LOGGER.debug(message, state, start, end, silent)` each
    time they are tried: 750,000 calls per 1,000 documents, 5 % of a cold check. When nobody
    listens at DEBUG level, their logger is swapped for a no-op (`"".format` takes any
    arguments and formats none), so the calls cost almost nothing."""
    for name, module in list(sys.modules.items()):
        logger = getattr(module, "LOGGER", None)
        quiet = isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG)
        if name.startswith("markdown_it.rules_block.") and quiet:
            module.LOGGER = SimpleNamespace(debug="".format)  # type: ignore[attr-defined]


# CommonMark plus tables, as MkDocs renders them; nesting is capped so hostile input
# (thousands of nested lists) cannot recurse without bound.
_quiet_block_rules()
_MD = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")
_MD.core.ruler.at("inline", _needed_inlines)
# The same block pass without any inline parsing, for callers that read block tokens only.
_BLOCKS = MarkdownIt("commonmark", {"maxNesting": 40}).enable("table")
_BLOCKS.core.ruler.disable("inline")


# Tokens between a paragraph and a list that still make the list "directly after" it.
_KEEPS_LAST_PARAGRAPH = frozenset(
    {"paragraph_open", "paragraph_close", "inline", "bullet_list_open", "ordered_list_open"}
)


@dataclass
class Paragraph:
    start: int  # 0-based first line
    end: int  # 0-based line after the last
    section: int  # index into Skeleton.headings of the heading above it, -1 for none
    item: Item | None = None  # the list item this paragraph opens, if any
    next_list: ListBlock | None = None  # a list directly after it at the same level


@dataclass
class Item:
    paragraph: Paragraph | None = None
    lists: list[ListBlock] = field(default_factory=list)
    number: int | None = None  # the marker number of an ordered-list item; None in bullet lists


@dataclass
class ListBlock:
    items: list[Item]
    section: int
    top_level: bool


@dataclass
class RawHeading:
    level: int
    line: int
    text: str


@dataclass
class RawInline:
    """An inline run with its line range and the links / code spans markdown-it found in it."""

    start: int
    end: int
    links: list[tuple[str, str]]  # (text, href)
    code_spans: list[str]


@dataclass
class RawFence:
    info: str
    content: str
    start: int
    end: int
    section: int
    item: Item | None = None  # the innermost ordered-list item holding the fence


@dataclass
class Skeleton:
    headings: list[RawHeading] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    inlines: list[RawInline] = field(default_factory=list)
    fences: list[RawFence] = field(default_factory=list)
    thematic_breaks: list[int] = field(default_factory=list)


def parse_markdown(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """Block tokens with line maps. Inline `children` exist only for headings and for runs
    holding `[`, `<` or a backtick (see `_needed_inlines`); others have `children=None`."""
    return _MD.parse(text, env)


def parse_blocks(text: str) -> list[Token]:
    """Block tokens with line maps and no inline children at all (`fence`, `code_block`)."""
    return _BLOCKS.parse(text)


def skeleton(tokens: list[Token]) -> Skeleton:
    result = _Walker()
    result.walk(tokens)
    return result.skeleton


class _Walker:
    def __init__(self) -> None:
        self.skeleton = Skeleton()
        self.items: list[Item] = []
        self.lists: list[ListBlock] = []
        self.depth_stack: list[str] = []  # container token types, to know "same level"
        self.last_paragraph: tuple[Paragraph, int] | None = None

    @property
    def section(self) -> int:
        return len(self.skeleton.headings) - 1

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "heading_open":
                self._heading(token, tokens[index + 1])
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self._open_list()
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
                self.depth_stack.pop()
            elif kind == "list_item_open":
                item = Item(number=int(token.info) if token.info.isascii() and token.info.isdigit() else None)
                self.lists[-1].items.append(item)
                self.items.append(item)
                self.depth_stack.append(kind)
            elif kind == "list_item_close":
                self.items.pop()
                self.depth_stack.pop()
            elif kind == "blockquote_open":
                self.depth_stack.append(kind)
            elif kind == "blockquote_close":
                self.depth_stack.pop()
            elif kind == "paragraph_open" and token.map:
                self._paragraph(token)
            elif kind == "inline" and token.map:
                self._inline(token)
            elif kind in ("fence", "code_block") and token.map:
                self.skeleton.fences.append(
                    RawFence(
                        token.info if kind == "fence" else "",
                        token.content,
                        token.map[0],
                        token.map[1],
                        self.section,
                        next((i for i in reversed(self.items) if i.number is not None), None),
                    )
                )
            elif kind == "hr" and token.map:
                self.skeleton.thematic_breaks.append(token.map[0])
            if kind not in _KEEPS_LAST_PARAGRAPH:
                self.last_paragraph = None

    def _heading(self, token: Token, inline: Token) -> None:
        line = token.map[0] if token.map else 0
        text = "".join(
            child.content
            for child in inline.children or ()
            if child.type in ("text", "code_inline", "html_inline")
        )
        self.skeleton.headings.append(RawHeading(int(token.tag[1:]), line, text.strip()))

    def _open_list(self) -> None:
        block = ListBlock([], self.section, top_level=not self.items)
        if self.last_paragraph is not None and self.last_paragraph[1] == len(self.depth_stack):
            self.last_paragraph[0].next_list = block
        if self.items:
            self.items[-1].lists.append(block)
        self.skeleton.lists.append(block)
        self.lists.append(block)
        self.depth_stack.append("list")
        self.last_paragraph = None

    def _paragraph(self, token: Token) -> None:
        assert token.map is not None
        paragraph = Paragraph(token.map[0], token.map[1], self.section)
        item = self.items[-1] if self.items else None
        if item is not None and item.paragraph is None and not item.lists:
            item.paragraph = paragraph
            paragraph.item = item
        self.skeleton.paragraphs.append(paragraph)
        self.last_paragraph = (paragraph, len(self.depth_stack))

    def _inline(self, token: Token) -> None:
        assert token.map is not None
        links: list[tuple[str, str]] = []
        codes: list[str] = []
        open_link: list[str] | None = None
        href = ""
        for child in token.children or ():
            if child.type == "link_open":
                href, open_link = str(child.attrs.get("href", "")), []
            elif child.type == "link_close" and open_link is not None:
                links.append(("".join(open_link), href))
                open_link = None
            elif child.type == "image":
                links.append((child.content, str(child.attrs.get("src", ""))))
            elif child.type == "code_inline":
                codes.append(child.content)
                if open_link is not None:
                    open_link.append(child.content)
            elif child.type == "text" and open_link is not None:
                open_link.append(child.content)
        if links or codes:
            self.skeleton.inlines.append(RawInline(token.map[0], token.map[1], links, codes))
