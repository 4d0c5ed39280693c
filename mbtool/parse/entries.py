"""Relation values to entries: splitting, annotations, sentinels and entry kinds (DESIGN §3)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import Literal

from mbtool.model import Entry, EntryKind, Position
from mbtool.parse.pairs import Segment

Via = Literal["bare", "link", "code"]

_SEPARATORS = frozenset(",;|")
_OPENERS = {"(": ")", "[": "]", "<": ">"}
_SENTINEL = re.compile(r"^(?:none|n/a|na|nothing|—|–|-)(?:$|[\s.,:;(—–-])", re.IGNORECASE)
_LEADING_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<href><[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
# Hostile values (thousands of backticks, spaces or unclosed `*`) made these backtrack for
# minutes: hence the possessive `++`, the bounded emphasis span, and `(?<!\s)` so a search
# tries a run of whitespace once, from its start (where the leftmost match starts anyway).
_LEADING_CODE = re.compile(r"(`++)(?P<code>.+?)\1")
_TRAILING_PARENS = re.compile(r"(?<!\s)\s*\((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\)\s*$")
_DASH_NOTE = re.compile(r"(?<!\s)\s+(?:—|–|-{1,2}|:)\s+(?P<note>.+)$")
_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Prose detection (`is_prose`): references removed, then words counted.
_REFERENCE = re.compile(r"(`++)[^`]*?\1|!?\[[^\]]*\]\([^)]*\)")
_WORD = re.compile(r"[^\W\d_][\w'./-]*")
_NAME_LIKE = re.compile(r"[./]\w")
_SENTENCE_WORDS = 3
_LONG_ITEM_WORDS = 9
_CONNECTIVE = re.compile(r"(?:and|or|&)\s+(?=\S)", re.IGNORECASE)
_INNER_REFERENCE = re.compile(
    r"!?\[[^\]]*+\]\((?P<href><[^>]*+>|[^)\s]*+)[^)]*+\)"
    r"|(`++)(?P<code>[^`]+?)\2"
    r"|(?<![\w/.-])(?P<bare>[\w./-]+\.md)(?![\w/-])",
    re.IGNORECASE,
)
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)(.{1,200}?)(?<=\S)\1(?!\w)")


class Located:
    """A value joined from segments, able to map an offset back to a line and column."""

    def __init__(self, segments: list[Segment]) -> None:
        self.text = ""
        self._starts: list[int] = []
        self._segments = segments
        for segment in segments:
            if self.text:
                self.text += " "
            self._starts.append(len(self.text))
            self.text += segment.text

    def position(self, offset: int) -> Position:
        index = max(bisect_right(self._starts, offset) - 1, 0)
        segment = self._segments[index]
        return Position(line=segment.line + 1, column=segment.column + offset - self._starts[index] + 1)


def entries_from(segments: list[Segment]) -> list[Entry]:
    """The entries of one relation value. A value written as a sentence contributes only the
    document references in it (DESIGN §3: prose is never an entry)."""
    value = Located(segments)
    if is_empty_value(value.text):
        return []
    prose = is_prose(value.text)
    found: list[Entry] = []
    for start, piece in split_top_level(value.text):
        found.extend(_entries_of_piece(piece, start, value, prose))
    return found


def is_empty_value(text: str) -> bool:
    """No value, or one that says "none" (`None`, `N/A`, `—`)."""
    return not text.strip() or _SENTINEL.match(text.strip()) is not None


def is_prose(text: str) -> bool:
    """A value that reads as a sentence rather than a list of names: it ends like a sentence
    after three or more words, or one of its list items runs to nine or more words. Names,
    paths, links and code spans are not counted as words."""
    plain = _REFERENCE.sub(" ", text)
    words = [word for word in _WORD.findall(plain) if not _NAME_LIKE.search(word)]
    if len(words) >= _SENTENCE_WORDS and plain.rstrip(" \t*_)\"'").endswith((".", "!", "?")):
        return True
    return any(
        len([w for w in _WORD.findall(piece) if not _NAME_LIKE.search(w)]) >= _LONG_ITEM_WORDS
        for _, piece in split_top_level(plain)
    )


def split_top_level(text: str) -> Iterator[tuple[int, str]]:
    """Split on `,` `;` `|` outside parentheses, brackets and code spans; yields (offset, piece)."""
    depth: list[str] = []
    in_code = False
    start = 0
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif in_code:
            continue
        elif char in _OPENERS:
            depth.append(_OPENERS[char])
        elif depth and char == depth[-1]:
            depth.pop()
        elif char in _SEPARATORS and not depth:
            yield from _stripped(text, start, index)
            start = index + 1
    yield from _stripped(text, start, len(text))


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    if piece:
        yield start + lead, piece


def _entries_of_piece(piece: str, start: int, value: Located, prose: bool) -> list[Entry]:
    connective = _CONNECTIVE.match(piece)
    if connective is not None:  # `a.md, b.md, and c.md`: the last item starts with "and"
        piece, start = piece[connective.end() :], start + connective.end()
    listed = _parenthesised_files(piece, start, value)
    if listed:
        return _documents_only(listed) if prose else listed
    position = value.position(start)
    found: list[Entry] = []
    link = _LEADING_LINK.match(piece)
    code = _LEADING_CODE.match(piece)
    if link is not None:
        href = link.group("href").strip("<>")
        found = [_entry(piece, href, "link", _note(piece[link.end() :]), position)]
    elif code is not None:
        content = code.group("code").strip()
        if not any(char.isspace() for char in content) or classify(content) is EntryKind.DOCUMENT:
            found = [_entry(piece, content, "code", _note(piece[code.end() :]), position)]
    else:
        target, note = _bare_target(piece)
        if _INNER_REFERENCE.search(piece) and (not target or any(c.isspace() for c in target)):
            # A phrase naming documents (`the brief in `projectbrief.md``): they are the entries.
            inner = _inner_documents(piece, start, value)
            if inner or prose:
                return inner
        if target and not _SENTINEL.fullmatch(target):
            found = [_entry(piece, target, "bare", note, position)]
    return _documents_only(found) if prose else found


def _documents_only(entries: list[Entry]) -> list[Entry]:
    """The documents a sentence names, marked as named in prose."""
    return [entry.model_copy(update={"prose": True}) for entry in entries if entry.kind is EntryKind.DOCUMENT]


def _inner_documents(piece: str, start: int, value: Located) -> list[Entry]:
    """Document references inside a phrase: links, code spans and bare `.md` names."""
    found = []
    for match in _INNER_REFERENCE.finditer(piece):
        href, code, bare = match.group("href"), match.group("code"), match.group("bare")
        via: Via = "link" if href is not None else "code" if code is not None else "bare"
        target = (href or code or bare or "").strip().strip("<>")
        if target and classify(target, via) is EntryKind.DOCUMENT:
            position = value.position(start + match.start())
            entry = _entry(match.group(0), target, via, None, position)
            found.append(entry.model_copy(update={"prose": True}))
    return found


def _parenthesised_files(piece: str, start: int, value: Located) -> list[Entry]:
    """`All nine files (a.md, b.md, .clinerules/x.md)` → the files are the entries."""
    parens = _TRAILING_PARENS.search(piece)
    if parens is None or piece[: parens.start()].rstrip().endswith("]"):
        return []
    inner_start = parens.start("note")
    names = list(split_top_level(parens.group("note")))
    if not names or not all(_is_path_like(_strip_marks(name)) for _, name in names):
        return []
    label = piece[: parens.start()].strip() or None
    return [
        _entry(name, _strip_marks(name), "bare", label, value.position(start + inner_start + offset))
        for offset, name in names
    ]


def _bare_target(piece: str) -> tuple[str, str | None]:
    parens = _TRAILING_PARENS.search(piece)
    if parens is not None and parens.start() > 0 and not piece[: parens.start()].endswith("]"):
        return _clean_concept(piece[: parens.start()]), parens.group("note").strip() or None
    dash = _DASH_NOTE.search(piece)
    if dash is not None and dash.start() > 0:
        return _clean_concept(piece[: dash.start()]), dash.group("note").strip() or None
    return _clean_concept(piece), None


def _note(rest: str) -> str | None:
    rest = rest.strip().lstrip("—–-:").strip()
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1].strip()
    return rest or None


def _clean_concept(text: str) -> str:
    return _EMPHASIS.sub(r"\2", text).strip().rstrip(".").strip()


def _strip_marks(text: str) -> str:
    return text.strip().strip("`").strip()


def _entry(text: str, target: str, via: Via, note: str | None, position: Position) -> Entry:
    return Entry(
        text=text, target=target, kind=classify(target, via), annotation=note, position=position, via=via
    )


def classify(target: str, via: str = "bare") -> EntryKind:
    """A `.md` name or link is a document; a path-like token a path; anything else a concept."""
    if _SCHEME.match(target) and not target.lower().startswith("file:"):
        return EntryKind.CONCEPT
    bare = target.split("#", 1)[0].split("?", 1)[0]
    if bare.lower().endswith(".md"):
        return EntryKind.DOCUMENT
    if via == "link" or _is_path_like(target):
        return EntryKind.PATH
    return EntryKind.CONCEPT


def _is_path_like(token: str) -> bool:
    if not token or any(char.isspace() for char in token) or _SCHEME.match(token):
        return False
    return "/" in token or bool(_EXTENSION.search(token))
