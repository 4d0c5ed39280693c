"""Bytes to text: the encoding findings (MB002, MB003) are decided here, before any parsing."""

from __future__ import annotations

import re

from mbtool.model import Position, ReadProblem

BOM = "\ufeff"
# Lines end at `\r\n`, `\r` or `\n` only, as markdown-it (and editors) count them.
# `str.splitlines` also splits at form feeds, `\x1c`-`\x1e`, NEL and U+2028/9, which shifted
# every later line against markdown-it's line map and lost relations below such a character.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """`text.splitlines(keepends=True)`, but splitting only at `\r\n`, `\r` and `\n`."""
    return _LINE.findall(text)


def decode(raw: bytes) -> tuple[str | None, list[ReadProblem]]:
    """Decode UTF-8 (a BOM is accepted and dropped); None when the file cannot be read as text."""
    if b"\x00" in raw:
        line, column = _position_of(raw, raw.index(b"\x00"))
        return None, [
            ReadProblem(
                code="MB002",
                message="file contains NUL bytes; it is not text",
                position=Position(line=line, column=column),
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position_of(raw, exc.start)
        return None, [
            ReadProblem(
                code="MB002",
                message=f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                position=Position(line=line, column=column),
            )
        ]
    text = text.removeprefix(BOM)
    if not text.strip():
        return text, [
            ReadProblem(code="MB003", message="document is empty", position=Position(line=1, column=1))
        ]
    return text, []


def _position_of(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column
