"""Planning `mbtool ack`: the document's text with a review recorded, in its own style.

The review date goes where the document keeps it:
- an existing `Last Reviewed` field (footer, header or front matter) gets the new value;
- else a `Last Reviewed` line is added beside `Last Updated`, written like it (bold or plain,
  colon inside or outside, list bullet, front matter key spelling);
- else beside the document's other footer metadata (`Status`, `Next Review`);
- else a `**Last Reviewed:**` line is appended at the end (the footer).
Per-reference blob ids (`--ref`) live in front matter under `reviewed:`, a block mbtool owns:
it is rewritten whole (created, with front matter, when missing). Pure text in, text out:
the same inputs twice give the same text, so a second `ack` on the same day changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from mbtool.model import Document, MetaField
from mbtool.parse.decode import split_lines
from mbtool.parse.frontmatter import split as front_size

_KEY = {
    "Last Reviewed": r"last[\s_-]*reviewed",
    "Last Updated": r"last[\s_-]*(?:updated|modified)|updated",
    "Status": r"status",
    "Next Review": r"next[\s_-]*review",
}
_LINE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_PLAIN_YAML = re.compile(r"^[\w./@+-][\w ./@+()#,'—–-]*$")
_FRONT_KEY = re.compile(r"^(?P<key>['\"]?[^:#'\"]+['\"]?)[ \t]*:")


@dataclass(frozen=True)
class Review:
    day: dt.date
    reason: str | None = None
    blobs: tuple[tuple[str, str], ...] = ()  # (path as written, blob id), the whole `reviewed:` block

    @property
    def value(self) -> str:
        reason = " ".join((self.reason or "").split())
        return self.day.isoformat() + (f" — {reason}" if reason else "")


def plan_ack(document: Document, text: str, review: Review) -> str:
    """`text` (the document as read, BOM removed) with `review` recorded."""
    lines = split_lines(text)
    front = front_size(lines)
    eol = "\r\n" if "\r\n" in text else "\n"
    lines = _record_date(document, lines, front, review.value, eol)
    if review.blobs or document.reviewed:
        lines = _record_blobs(lines, front_size(lines), review.blobs, eol)
    return "".join(lines)


# -- the date ----------------------------------------------------------------------------------------


def _record_date(document: Document, lines: list[str], front: int, value: str, eol: str) -> list[str]:
    reviewed = document.meta("Last Reviewed")
    if reviewed is not None:
        return _replace_value(lines, reviewed, front, value)
    for key in ("Last Updated", "Status", "Next Review"):
        template = document.meta(key)
        if template is not None:
            return _insert_like(lines, template, key, front, value, eol)
    ending = lines[-1] if lines else ""
    tail = [] if not lines or ending.endswith(("\n", "\r")) else [eol]
    gap = [eol] if lines and lines[-1].strip() else []
    return [*lines, *tail, *gap, f"**Last Reviewed:** {value}{eol}"]


def _replace_value(lines: list[str], field: MetaField, front: int, value: str) -> list[str]:
    index = field.position.line - 1
    line = lines[index]
    if index < front:
        key = _FRONT_KEY.match(line)
        if key is None:
            return lines
        lines[index] = f"{key.group('key')}: {_yaml(value)}{_ending(line)}"
        return lines
    start, end = _value_span(line, field)
    if start < 0:
        return lines
    lines[index] = line[:start] + value + line[end:]
    return lines


def _value_span(line: str, field: MetaField) -> tuple[int, int]:
    """(start, end) of a footer/header field's value on its line; (-1, -1) when not found."""
    body = line.rstrip("\r\n")
    key = re.compile(
        rf"(?:\*\*|__)?[ \t]*(?:{_KEY[field.key]})[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*", re.I
    )
    match = key.match(body, field.position.column - 1)
    if match is None:
        return -1, -1
    start = match.end()
    separator = body.find(" | ", start)
    end = separator if separator >= 0 else len(body)
    while end > start and body[end - 1] in " \t\\":
        end -= 1
    return start, end


def _insert_like(
    lines: list[str], template: MetaField, key: str, front: int, value: str, eol: str
) -> list[str]:
    """A `Last Reviewed` line written like `template`'s, after it (or before a Status / Next Review)."""
    index = template.position.line - 1
    line = lines[index]
    if index < front:
        written = _FRONT_KEY.match(line)
        name = _reviewed_key(written.group("key").strip("'\"") if written else "last_reviewed")
        lines.insert(index + 1, f"{name}: {_yaml(value)}{_ending(line) or eol}")
        return lines
    start, _ = _value_span(line, template)
    prefix = _LINE_PREFIX.match(line)
    lead = prefix.group(0) if prefix is not None and prefix.end() <= template.position.column - 1 else ""
    if start < 0:
        new = f"{lead}**Last Reviewed:** {value}"
    else:
        label = line[template.position.column - 1 : start]
        label = re.sub(_KEY[key], "Last Reviewed", label, count=1, flags=re.I)
        new = f"{lead}{label}{value}"
    content = line.rstrip("\r\n")
    brk = _HARD_BREAK.search(content)
    new += (brk.group(0) if brk else "") + (_ending(line) or eol)
    position = index + 1 if key == "Last Updated" else index
    if position == len(lines) and not _ending(line):
        lines[index] = line + eol
    lines.insert(position, new)
    return lines


def _reviewed_key(updated: str) -> str:
    """The front matter spelling of `Last Reviewed` that matches the document's `Last Updated` key."""
    if "_" in updated or "-" in updated or " " in updated:
        separator = next(char for char in "_- " if char in updated)
        first, second = ("Last", "Reviewed") if updated[:1].isupper() else ("last", "reviewed")
        return f"{first}{separator}{second}"
    if re.search(r"[a-z][A-Z]", updated):
        return "lastReviewed"
    return "last_reviewed"


# -- per-reference blobs -------------------------------------------------------------------------------


def _record_blobs(lines: list[str], front: int, blobs: tuple[tuple[str, str], ...], eol: str) -> list[str]:
    """Rewrite the front matter's `reviewed:` block (the only one mbtool writes there)."""
    block = [f"reviewed:{eol}", *(f"  {_yaml(path)}: {blob}{eol}" for path, blob in blobs)] if blobs else []
    if front == 0:
        return [f"---{eol}", *block, f"---{eol}", *lines] if block else lines
    start = next((i for i in range(1, front - 1) if re.match(r"^reviewed[ \t]*:", lines[i])), None)
    if start is None:
        return [*lines[: front - 1], *block, *lines[front - 1 :]]
    end = start + 1
    while end < front - 1 and (lines[end].startswith((" ", "\t", "-")) or not lines[end].strip()):
        end += 1
    return [*lines[:start], *block, *lines[end:]]


# -- helpers ------------------------------------------------------------------------------------------------


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _yaml(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back the same, else double-quoted."""
    if _PLAIN_YAML.match(text) and not text.endswith(" ") and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)
