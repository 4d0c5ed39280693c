"""CommonMark list layout rewritten for Python-Markdown, so the site renders what GitHub shows.

Bank documents are written for CommonMark renderers: a list may follow a paragraph with no
blank line, and nested lists are indented two or three spaces. Python-Markdown (MkDocs)
needs a blank line before a list and four spaces per nesting level, or it flattens the
lists into the paragraph. We parse once with markdown-it (CommonMark) and re-indent only
the lines that belong to list items; nothing else changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mbtool.parse.blocks import parse_blocks
from mbtool.parse.decode import split_lines

_MARKER = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])([ \t]{1,4}|$)")


@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    depth: int  # 1 for a top-level list item
    content: int  # column where the item's content starts in the original


def for_python_markdown(text: str) -> str:
    lines = split_lines(text)
    items, list_starts, quoted = _structure(text, lines)
    if not items:
        return text
    out: list[str] = []
    innermost = _innermost_by_line(items)
    for number, line in enumerate(lines):
        if number in list_starts and number not in quoted and _needs_gap(lines, number):
            out.append("\n")
        item = innermost.get(number)
        out.append(line if item is None or number in quoted else _reindent(line, number, item))
    return "".join(out)


def _structure(text: str, lines: list[str]) -> tuple[list[_Item], set[int], set[int]]:
    items: list[_Item] = []
    list_starts: set[int] = set()
    quoted: set[int] = set()
    depth = 0
    for token in parse_blocks(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if token.map:
                list_starts.add(token.map[0])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "blockquote_open" and token.map:
            quoted.update(range(*token.map))
        elif token.type == "list_item_open" and token.map:
            match = _MARKER.match(lines[token.map[0]].rstrip("\r\n"))
            if match is not None:
                items.append(_Item(token.map[0], token.map[1], depth, match.end()))
    return items, list_starts, quoted


def _needs_gap(lines: list[str], number: int) -> bool:
    """A list right after paragraph text needs a blank line; right after its parent item's line not."""
    if number == 0 or not lines[number - 1].strip():
        return False
    return _MARKER.match(lines[number - 1].rstrip("\r\n")) is None


def _innermost_by_line(items: list[_Item]) -> dict[int, _Item]:
    """Each line's deepest enclosing item (the later one on a tie), in one pass over the items:
    asking per line was quadratic on long lists."""
    best: dict[int, _Item] = {}
    for item in items:
        for number in range(item.start, item.end):
            current = best.get(number)
            if current is None or item.depth >= current.depth:
                best[number] = item
    return best


def _reindent(line: str, number: int, item: _Item) -> str:
    body = line.lstrip(" \t")
    indent = len(line) - len(body)
    if number == item.start:
        return " " * (4 * (item.depth - 1)) + body
    if not body.strip() or indent < item.content:
        return line  # blank, or a lazy continuation line: CommonMark and Python-Markdown agree
    return " " * (4 * item.depth + indent - item.content) + body


_TAG_START = re.compile(r"<(?=[A-Za-z/?!])")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_AUTOLINK = re.compile(r"<(?:https?|mailto):[^<>\s]+>")
# A code run starts at the start of a backtick run and never gives back backticks (`++`):
# on a long run of backticks the old pattern backtracked for minutes.
_CODE_RUN = re.compile(r"(?<!`)(`++)(?:.+?)(?<!`)\1(?!`)")


def escape_raw_html(text: str) -> str:
    """Raw HTML in a bank document shown as text: tags become `&lt;…`, outside code.

    Comments and autolinks are kept. Memory Banks are written by agents as often as by
    people; a page of the published bank must not run what a document smuggles in.
    """
    if "<" not in text:
        return text  # nothing to escape: skip the parse
    lines = split_lines(text)
    code_lines: set[int] = set()
    for token in parse_blocks(text):
        if token.type in ("fence", "code_block") and token.map:
            code_lines.update(range(*token.map))
    return "".join(line if number in code_lines else _escape_line(line) for number, line in enumerate(lines))


def _escape_line(line: str) -> str:
    if "<" not in line:
        return line
    out: list[str] = []
    position = 0
    # Comments are looked for only up to the last `-->`: unclosed `<!--` would each rescan the line.
    comments = _COMMENT.finditer(line, 0, line.rfind("-->") + 3) if "-->" in line else ()
    found = [*comments, *_AUTOLINK.finditer(line), *_CODE_RUN.finditer(line)]
    for match in sorted(found, key=lambda m: m.start()):
        if match.start() < position:
            continue
        out.append(_TAG_START.sub("&lt;", line[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.append(_TAG_START.sub("&lt;", line[position:]))
    return "".join(out)
