"""Extractors over a document's skeleton and original lines: each method yields model values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mbtool.config import Config
from mbtool.model import (
    CodeSpan,
    Entry,
    Fence,
    Heading,
    Link,
    ListItem,
    MetaField,
    Position,
    Relation,
    RelationKind,
    ReviewedBlob,
    Suppression,
)
from mbtool.parse import pairs as pairs_module
from mbtool.parse.anchors import AnchorAllocator, split_custom_id
from mbtool.parse.blocks import Item, ListBlock, Paragraph, Skeleton
from mbtool.parse.entries import classify, entries_from, is_empty_value
from mbtool.parse.metadata import META_KEYS, TEXT_KEYS, meta_field
from mbtool.parse.pairs import Pair, Segment, normalise_key, segments_of

_BOLD_LABEL = re.compile(r"^(\*\*|__)[^*_]+\1\s*[—–:-]\s*")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_BLOB = re.compile(r"^[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?$")


@dataclass(frozen=True)
class Keys:
    """Normalised key → canonical meaning, for relations, metadata and kept texts."""

    relations: dict[str, RelationKind]
    plain: frozenset[str]
    workflow: frozenset[str] = frozenset()  # bold pairs only: never a heading or front matter key


def keys_for(config: Config) -> Keys:
    """Workflow keys (a profile's `Related Plan`, `Archive`...) are relations only in bold: as
    plain words at the start of a line they are too often prose (`Plan: ...`). Their direction
    is settled after resolution (`mbtool.profiles.orient`); they are read as depends-on here."""
    vocabulary = config.relations
    relations = {normalise_key(key): RelationKind.DEPENDS_ON for key in vocabulary.depends_on}
    relations.update({normalise_key(key): RelationKind.REQUIRED_BY for key in vocabulary.required_by})
    relations.update({normalise_key(key): RelationKind.DESCRIBES for key in vocabulary.describes})
    plain = frozenset(relations) | frozenset(META_KEYS) | frozenset(TEXT_KEYS)
    workflow = frozenset(normalise_key(key) for key in vocabulary.workflow) - frozenset(relations)
    relations.update(dict.fromkeys(workflow, RelationKind.DEPENDS_ON))
    return Keys(relations, plain, workflow)


class Extractor:
    def __init__(
        self,
        lines: list[str],
        skeleton: Skeleton,
        keys: Keys,
        front_size: int,
        map_region: tuple[int, int] | None,
    ) -> None:
        self.lines = lines
        self.skeleton = skeleton
        self.keys = keys
        self.front_size = front_size
        self.map_region = map_region
        self.headings = self._headings()
        self.texts: list[MetaField] = []
        self._pairs = {id(p): self._scan(p) for p in skeleton.paragraphs if not self._in_map(p)}

    # -- structure -----------------------------------------------------------------------
    def _headings(self) -> list[Heading]:
        allocator = AnchorAllocator()
        result = []
        for raw in self.skeleton.headings:
            text, _ = split_custom_id(raw.text)
            column = len(self.lines[raw.line]) - len(self.lines[raw.line].lstrip()) + 1
            result.append(
                Heading(
                    level=raw.level,
                    text=text.strip(),
                    anchor=allocator.allocate(raw.text),
                    position=Position(line=raw.line + 1, column=column),
                )
            )
        return result

    def title(self) -> str | None:
        return next((h.text for h in self.headings if h.level == 1 and h.text), None)

    def _in_map(self, paragraph: Paragraph) -> bool:
        if self.map_region is None:
            return False
        start, end = self.map_region
        return start <= paragraph.start + 1 <= end

    def _list_in_map(self, block: ListBlock) -> bool:
        """The generated map region creates no edges, whatever headings it holds."""
        return any(item.paragraph is not None and self._in_map(item.paragraph) for item in block.items)

    def _scan(self, paragraph: Paragraph) -> list[Pair]:
        return pairs_module.scan(self.lines, paragraph.start, paragraph.end, self.keys.plain)

    # -- links, code spans, fences -----------------------------------------------------------
    def links(self) -> Iterator[Link]:
        for inline in self.skeleton.inlines:
            cursor = _Cursor(self.lines, inline.start, inline.end)
            for text, href in inline.links:
                position = cursor.find(f"({href}") or cursor.find(f"<{href}>") or cursor.find(f"[{text}]")
                yield Link(text=text, target=href, position=position or cursor.here())

    def code_spans(self) -> Iterator[CodeSpan]:
        for inline in self.skeleton.inlines:
            cursor = _Cursor(self.lines, inline.start, inline.end)
            for code in inline.code_spans:
                position = cursor.find(code)
                if position is not None:
                    position = Position(line=position.line, column=max(position.column - 1, 1))
                yield CodeSpan(text=code, position=position or cursor.here())

    def fences(self) -> Iterator[Fence]:
        for raw in self.skeleton.fences:
            info = raw.info.strip()
            language = info.split(None, 1)[0].split("{", 1)[0] if info else ""
            anchor = self.headings[raw.section].anchor if raw.section >= 0 else None
            column = len(self.lines[raw.start]) - len(self.lines[raw.start].lstrip()) + 1
            yield Fence(
                info=info,
                language=language.lower(),
                content=raw.content,
                position=Position(line=raw.start + 1, column=column),
                end_line=raw.end,
                heading_anchor=anchor,
                list_item=self._list_item(raw.item, raw.start),
            )

    def _list_item(self, item: Item | None, fence_start: int) -> ListItem | None:
        """The ordered-list item's number and the text of its opening paragraph, marker removed."""
        if item is None or item.number is None:
            return None
        paragraph = item.paragraph
        if paragraph is None:
            return ListItem(number=item.number, text="", line=fence_start + 1)
        text = " ".join(line.strip() for line in self.lines[paragraph.start : paragraph.end])
        text = re.sub(r"^\d{1,9}[.)]\s*", "", text)
        return ListItem(number=item.number, text=text, line=paragraph.start + 1)

    # -- relations ---------------------------------------------------------------------------
    def relations(self, front: dict[str, Any]) -> list[Relation]:
        found = list(self._front_matter_relations(front))
        consumed: set[int] = set()
        for paragraph in self.skeleton.paragraphs:
            for pair in self._pairs.get(id(paragraph), ()):
                kind = self.keys.relations.get(normalise_key(pair.key))
                if kind is not None:
                    relation = self._pair_relation(pair, kind, paragraph, consumed)
                    if relation is not None:
                        found.append(relation)
                elif normalise_key(pair.key) in TEXT_KEYS:
                    self.texts.append(
                        MetaField(
                            key=TEXT_KEYS[normalise_key(pair.key)],
                            value=pair.value,
                            position=_position(pair.line, pair.column),
                        )
                    )
        found.extend(self._heading_relations(consumed))
        return sorted(found, key=lambda relation: (relation.position.line, relation.position.column))

    def _pair_relation(
        self, pair: Pair, kind: RelationKind, paragraph: Paragraph, consumed: set[int]
    ) -> Relation | None:
        """The relation a key declares; None when its value is a sentence naming no document
        (`**Dependencies:** How to manage them.` describes a section, it declares nothing)."""
        entries = entries_from(pair.segments)
        is_last = self._pairs[id(paragraph)][-1] is pair
        nested = _following_lists(paragraph, bool(pair.segments)) if is_last else []
        for block in nested:
            for item in block.items:
                entries.extend(self._item_entries(item, consumed))
        if not entries and not is_empty_value(pair.value):
            return None
        return Relation(
            kind=kind,
            key=pair.key,
            form="bold" if pair.bold else "plain",
            entries=tuple(entries),
            position=_position(pair.line, pair.column),
        )

    def _item_entries(self, item: Item, consumed: set[int]) -> list[Entry]:
        paragraph = item.paragraph
        if paragraph is None or id(paragraph) in consumed or self._pairs.get(id(paragraph)):
            return []
        consumed.add(id(paragraph))
        segments = segments_of(self.lines, paragraph.start, paragraph.end)
        if segments:
            label = _BOLD_LABEL.match(segments[0].text)
            if label is not None:
                first = segments[0]
                segments[0] = Segment(first.line, first.column + label.end(), first.text[label.end() :])
        return entries_from(segments)

    def _heading_relations(self, consumed: set[int]) -> Iterator[Relation]:
        """`### Depends On` followed by a list: the list's keyless items are the entries."""
        for block in self.skeleton.lists:
            if not block.top_level or block.section < 0 or self._list_in_map(block):
                continue
            heading = self.headings[block.section]
            name = normalise_key(heading.text.rstrip(":"))
            kind = self.keys.relations.get(name)
            if kind is None or name in self.keys.workflow:
                continue
            entries = [entry for item in block.items for entry in self._item_entries(item, consumed)]
            if entries:
                yield Relation(
                    kind=kind,
                    key=heading.text.rstrip(":"),
                    form="heading",
                    entries=tuple(entries),
                    position=heading.position,
                )

    def _front_matter_relations(self, front: dict[str, Any]) -> Iterator[Relation]:
        for key, value in front.items():
            if not isinstance(key, str):
                continue
            name = normalise_key(_CAMEL.sub(" ", key))
            kind = self.keys.relations.get(name)
            if kind is None or name in self.keys.workflow:
                continue
            line = self._front_line(key)
            values = value if isinstance(value, list) else [value]
            entries = []
            for item in values:
                if isinstance(item, str | int | float) and str(item).strip():
                    entries.extend(self._front_entries(str(item), line))
            yield Relation(
                kind=kind, key=key, form="front-matter", entries=tuple(entries), position=_position(line, 0)
            )

    def _front_entries(self, text: str, key_line: int) -> list[Entry]:
        for number in range(key_line, max(self.front_size - 1, key_line + 1)):
            column = self.lines[number].find(text)
            if column >= 0:
                return entries_from([Segment(number, column, text)])
        return [
            entry.model_copy(update={"kind": classify(entry.target, entry.via)})
            for entry in entries_from([Segment(key_line, 0, text)])
        ]

    def _front_line(self, key: str) -> int:
        pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
        for number in range(1, max(self.front_size - 1, 1)):
            if pattern.match(self.lines[number]):
                return number
        return 0

    def reviewed(self, front: dict[str, Any]) -> Iterator[ReviewedBlob]:
        """`reviewed:` in front matter, a mapping of described path → git blob id (`mbtool ack --ref`)."""
        recorded = front.get("reviewed")
        if not isinstance(recorded, dict):
            return
        start = self._front_line("reviewed")
        for path, blob in recorded.items():
            if isinstance(path, str) and isinstance(blob, str) and _BLOB.match(blob.strip()):
                line = self._front_value_line(path, start)
                yield ReviewedBlob(path=path, blob=blob.strip().lower(), position=_position(line, 0))

    def _front_value_line(self, text: str, start: int) -> int:
        for number in range(start, max(self.front_size - 1, start)):
            if text in self.lines[number]:
                return number
        return start

    # -- metadata and suppressions ---------------------------------------------------------------
    def metadata(self, front: dict[str, Any]) -> list[MetaField]:
        fields = []
        for key, value in front.items():
            canonical = META_KEYS.get(normalise_key(_CAMEL.sub(" ", str(key))))
            if canonical is not None and isinstance(value, str | int | float):
                fields.append(meta_field(canonical, str(value), _position(self._front_line(str(key)), 0)))
        header_end, footer_start = self._header_footer()
        for paragraph in self.skeleton.paragraphs:
            if header_end <= paragraph.start < footer_start:
                continue
            pairs = self._pairs.get(id(paragraph), [])
            if not _metadata_block(self.lines, paragraph, pairs):
                continue  # a log entry's `**Status:** done`, inside prose: not the document's
            for pair in pairs:
                canonical = META_KEYS.get(normalise_key(pair.key))
                if canonical is not None:
                    fields.append(meta_field(canonical, pair.value, _position(pair.line, pair.column)))
        return fields

    def _header_footer(self) -> tuple[int, int]:
        """Metadata lives before the first `##` heading or after the last heading / rule."""
        sections = [h.position.line - 1 for h in self.headings if h.level >= 2]
        if not sections:
            return len(self.lines), len(self.lines)
        last_heading = self.headings[-1].position.line - 1
        last_rule = max(self.skeleton.thematic_breaks, default=-1)
        return sections[0], max(last_heading, last_rule)

    def suppressions(self, pattern: re.Pattern[str]) -> Iterator[Suppression]:
        for number, line in enumerate(self.lines):
            if "mbtool:" not in line:
                continue
            for match in pattern.finditer(line):
                codes = tuple(code.strip().upper() for code in match.group(2).split(",") if code.strip())
                yield Suppression(
                    codes=codes,
                    position=_position(number, match.start()),
                    next_line=match.group(1) == "disable-next-line",
                )


def _metadata_block(lines: list[str], paragraph: Paragraph, pairs: list[Pair]) -> bool:
    """A paragraph made of `Key: value` pairs only (values may wrap): every non-blank line
    holds a pair or continues one."""
    covered = {pair.line for pair in pairs} | {seg.line for pair in pairs for seg in pair.segments}
    return all(
        number in covered or not lines[number].strip() for number in range(paragraph.start, paragraph.end)
    )


def _following_lists(paragraph: Paragraph, has_inline_value: bool) -> list[ListBlock]:
    """Nested lists always continue a key; a sibling list only when the key has no inline value."""
    lists = list(paragraph.item.lists) if paragraph.item is not None else []
    if has_inline_value:
        return lists
    if paragraph.next_list is not None and paragraph.next_list not in lists:
        lists.append(paragraph.next_list)
    return lists


def _position(line: int, column: int) -> Position:
    return Position(line=line + 1, column=column + 1)


class _Cursor:
    """Finds successive substrings in a line range, so repeated links get distinct positions.

    A search looks at most `WINDOW` characters ahead: a link whose written form is not found
    (reference links, autolinks) would otherwise rescan the rest of the run, which made
    thousands of them in one hostile paragraph quadratic.
    """

    WINDOW = 32_768

    def __init__(self, lines: list[str], start: int, end: int) -> None:
        self.lines, self.line, self.end, self.column = lines, start, end, 0

    def here(self) -> Position:
        return _position(self.line, self.column)

    def find(self, needle: str) -> Position | None:
        budget = self.WINDOW
        for number in range(self.line, self.end):
            begin = self.column if number == self.line else 0
            column = self.lines[number].find(needle, begin, begin + budget + len(needle))
            if column >= 0:
                self.line, self.column = number, column + len(needle)
                return _position(number, column)
            budget -= len(self.lines[number]) - begin
            if budget <= 0:
                return None
        return None
