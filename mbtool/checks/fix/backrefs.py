"""Planning MB202 fixes: write missing back-references into a document, in its own style.

One plan covers every back-reference a document is missing, so several findings about
the same document share identical edits (the applier writes them once). In order of
preference the plan extends the document's own list of that kind (nested list, inline
list, key heading, front matter), adds the missing key next to the other kind, or adds a
`## Dependencies and Relationships` section before a trailing `---` footer (else at the
end).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass

from mbtool.checks.diagnostics import TextEdit
from mbtool.checks.fix.section import KEY_NAMES, OWN_SECTIONS, front_matter_close, section_insertion
from mbtool.checks.fix.source import Source
from mbtool.model import Document, Entry, Relation, RelationKind

_BULLET = re.compile(r"^([ \t]*(?:>[ \t]?)*[ \t]*)([-*+]|\d{1,9}[.)])([ \t]+)")
_LINE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?")
_YAML_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_VALUE_STOP = re.compile(r"[ \t]\|[ \t]|\*\*|__")

Insertion = tuple[int, int, str]


@dataclass(frozen=True)
class Style:
    via: str  # "bare", "link" or "code"
    dot: bool = False  # write `./x.md` rather than `x.md`


LINK = Style("link")


def plan_backrefs(
    source: Source, document: Document, additions: dict[RelationKind, list[str]]
) -> tuple[TextEdit, ...] | None:
    """Edits adding `additions` (kind → bank-relative targets) to `document`; None if unsure."""
    planned: list[Insertion] = []
    section: dict[RelationKind, list[str]] = {}
    for kind in (RelationKind.DEPENDS_ON, RelationKind.REQUIRED_BY):
        targets = additions.get(kind)
        if not targets:
            continue
        declared = [r for r in document.relations if r.kind in KEY_NAMES]  # not `Describes:`
        own, clear = _chosen(document, [r for r in declared if r.kind is kind])
        sibling, sibling_clear = _chosen(document, declared)
        if not clear:
            return None
        if own is not None:
            found = _extend(source, document, own, targets)
        elif declared:
            if not sibling_clear or sibling is None:
                return None
            found = _sibling(source, document, sibling, kind, targets)
        else:
            section[kind] = targets
            continue
        if found is None:
            return None
        planned.extend(found)
    if section:
        planned.append(section_insertion(source, document, section, _link))
    return tuple(source.edit(start, end, text) for start, end, text in _merge(planned))


def _chosen(document: Document, relations: list[Relation]) -> tuple[Relation | None, bool]:
    """The list to write into: the only one, else the only one under the document's own
    relations heading (`## Dependencies and Relationships`). (None, False) when several
    remain: a registry of many documents' relations, whose right entry the fix cannot know."""
    if len(relations) <= 1:
        return (relations[0] if relations else None), True
    own = [relation for relation in relations if _in_own_section(document, relation)]
    if len({relation.kind for relation in own}) == len(own) and own:
        return own[0], True
    return None, False


def _in_own_section(document: Document, relation: Relation) -> bool:
    line = relation.position.line
    above = [h for h in document.headings if h.position.line <= line]
    if not above:
        return False
    heading = above[-1]
    return heading.level <= 2 and " ".join(heading.text.lower().split()) in OWN_SECTIONS


def render(owner: str, target: str, style: Style) -> str:
    """How `owner` writes a reference to `target` in `style` (always relative to its folder)."""
    relative = posixpath.relpath(target, posixpath.dirname(owner) or ".")
    if style.dot and not relative.startswith("../"):
        relative = "./" + relative
    if style.via == "link":
        return f"[{posixpath.basename(target)}]({relative.replace(' ', '%20')})"
    if style.via == "code":
        return f"`{relative}`"
    return relative


# -- extending an existing list ------------------------------------------------------------------
def _extend(
    source: Source, document: Document, relation: Relation, targets: list[str]
) -> list[Insertion] | None:
    if not relation.entries:
        return _fill_empty(source, document, relation, targets)
    last = _last(relation)
    style = _style(relation)
    rendered = [_value(document.path, target, style, relation) for target in targets]
    item = _item_of(source, relation, last)
    if item is not None:
        lead, marker, gap, end_line = item
        text = "".join(
            f"\n{lead}{_marker(marker, index)}{gap}{value}" for index, value in enumerate(rendered)
        )
        return [(source.line_end(end_line), source.line_end(end_line), text)]
    end = entry_end(source, last)
    if end is None:
        return None
    separator = _separator(source, relation, last)
    return [(end, end, "".join(separator + value for value in rendered))]


def _fill_empty(
    source: Source, document: Document, relation: Relation, targets: list[str]
) -> list[Insertion] | None:
    """`**Depends On:** None` → `**Depends On:** [a.md](a.md)`; front matter `key: []` likewise."""
    line = relation.position.line
    text = source.line(line)
    if relation.form == "front-matter":
        colon = text.find(":", max(relation.position.column - 1, 0))
        if colon < 0 or _front_matter_block_follows(source, line):
            return None
        value = "[" + ", ".join(_yaml(render(document.path, t, Style("bare"))) for t in targets) + "]"
        start = source.offset(line) + colon + 1
        return [(start, source.offset(line) + len(text.rstrip()), " " + value)]
    if relation.form == "heading":
        return None
    match = _key_pattern(relation.key).match(text, relation.position.column - 1)
    if match is None:
        return None
    stop = _VALUE_STOP.search(text, match.end())
    value_end = len(text[: stop.start() if stop else len(text)].rstrip())
    value = ", ".join(render(document.path, target, LINK) for target in targets)
    start = source.offset(line) + match.end()
    return [(start, source.offset(line) + max(value_end, match.end()), " " + value)]


def _item_of(source: Source, relation: Relation, last: Entry) -> tuple[str, str, str, int] | None:
    """(lead, marker, gap, last line) of the list item holding `last`, if it is in one."""
    line = last.position.line
    if relation.form in ("bold", "plain") and line == relation.position.line:
        return None
    match = _BULLET.match(source.line(line))
    if match is None or match.end() > last.position.column - 1:
        return None
    indent = len(match.group(1))
    end = line
    while end < source.line_count:
        following = source.line(end + 1)
        if not following.strip() or len(following) - len(following.lstrip()) <= indent:
            break
        end += 1
    return match.group(1), match.group(2), match.group(3), end


def entry_end(source: Source, entry: Entry) -> int | None:
    """Offset just after `entry`'s text (which may wrap onto following lines), if found."""
    line, column = entry.position.line, entry.position.column
    remaining = entry.text
    while line <= source.line_count:
        rest = source.line(line)[column - 1 :]
        if rest.startswith(remaining):
            return source.offset(line, column) + len(remaining)
        stripped = rest.rstrip()
        if not stripped or not remaining.startswith(stripped):
            return None
        remaining = remaining[len(stripped) :].lstrip()
        line += 1
        following = source.line(line)
        column = len(following) - len(following.lstrip(" \t>")) + 1
    return None


def _separator(source: Source, relation: Relation, last: Entry) -> str:
    earlier = [e for e in relation.entries if e.position.line == last.position.line and e is not last]
    if not earlier:
        return ", "
    end = entry_end(source, earlier[-1])
    between = source.text[end : source.offset(last.position.line, last.position.column)] if end else ""
    if "|" in between:
        return " | "
    return "; " if ";" in between else ", "


# -- adding the missing key next to the other one ------------------------------------------------
def _sibling(
    source: Source, document: Document, sibling: Relation, kind: RelationKind, targets: list[str]
) -> list[Insertion] | None:
    style = _style(sibling)
    rendered = [_value(document.path, target, style, sibling) for target in targets]
    name = KEY_NAMES[kind]
    line = sibling.position.line
    before = kind is RelationKind.DEPENDS_ON
    if sibling.form == "front-matter":
        close = front_matter_close(source)
        if close is None:
            return None
        key = _front_matter_key(sibling.key, kind)
        return [(source.offset(close), source.offset(close), f"{key}: [{', '.join(rendered)}]\n")]
    if sibling.form == "heading":
        heading = next((h for h in document.headings if h.position.line == line), None)
        if heading is None:
            return None
        block = f"{'#' * heading.level} {name}\n\n" + "".join(f"- {value}\n" for value in rendered)
        if before:
            return [(source.offset(line), source.offset(line), block + "\n")]
        return [_after_line(source, _relation_end(source, sibling), "\n" + block.rstrip("\n"))]
    text = source.line(line)
    match = _key_pattern(sibling.key).match(text, sibling.position.column - 1)
    prefix = _LINE_PREFIX.match(text)
    if match is None or prefix is None:
        return None
    bold, inner, outer = match.group(1) or "", match.group(2), (match.group(3) or "").strip()
    new_line = f"{prefix.group(0)}{bold}{name}{inner}{bold}{outer} {', '.join(rendered)}"
    if before:
        return [(source.offset(line), source.offset(line), new_line + "\n")]
    return [_after_line(source, _relation_end(source, sibling), new_line)]


def _relation_end(source: Source, relation: Relation) -> int:
    """The last line a relation's declaration occupies."""
    if not relation.entries:
        return relation.position.line
    last = _last(relation)
    item = _item_of(source, relation, last)
    if item is not None:
        return item[3]
    end = entry_end(source, last)
    return source.position(end)[0] if end is not None else last.position.line


def _front_matter_key(key: str, kind: RelationKind) -> str:
    words = KEY_NAMES[kind].split()
    if "_" in key:
        return "_".join(words).lower()
    if "-" in key:
        return "-".join(words).lower()
    if " " in key:
        return " ".join(words) if key[:1].isupper() else " ".join(words).lower()
    if any(char.isupper() for char in key[1:]):
        return words[0].lower() + words[1]
    return "_".join(words).lower()


# -- small helpers ---------------------------------------------------------------------------------
def _after_line(source: Source, line: int, content: str) -> Insertion:
    if line < source.line_count or source.text.endswith(("\n", "\r")):
        at = source.after_line(line)
        return (at, at, content + "\n")
    end = len(source.text)
    return (end, end, "\n" + content)


def _front_matter_block_follows(source: Source, line: int) -> bool:
    following = source.line(line + 1)
    return following.startswith((" ", "\t", "-")) and following.strip() not in ("---", "...")


def _last(relation: Relation) -> Entry:
    return max(relation.entries, key=lambda entry: (entry.position.line, entry.position.column))


def _style(relation: Relation) -> Style:
    if not relation.entries:
        return LINK
    last = _last(relation)
    return Style(last.via, last.target.startswith("./"))


def _value(owner: str, target: str, style: Style, relation: Relation) -> str:
    if relation.form == "front-matter":
        return _yaml(render(owner, target, Style("bare", style.dot)))
    return render(owner, target, style)


def _link(owner: str, target: str) -> str:
    return render(owner, target, LINK)


def _yaml(value: str) -> str:
    return value if _YAML_PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def _marker(marker: str, index: int) -> str:
    if marker[:-1].isdigit():
        return f"{int(marker[:-1]) + index + 1}{marker[-1]}"
    return marker


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"(\*\*|__)?[ \t]*{re.escape(key)}[ \t]*(:?)[ \t]*(?(1)\1)([ \t]*:)?")


def _merge(planned: list[Insertion]) -> list[Insertion]:
    """Join insertions that land on the same point, in plan order."""
    merged: dict[tuple[int, int], str] = {}
    for start, end, text in planned:
        merged[(start, end)] = merged.get((start, end), "") + text
    return [(start, end, text) for (start, end), text in sorted(merged.items())]
