"""The impact query: what transitively depends on a node, or what it rests on.

Pure: a graph and a target in, an `Impact` value out; no files, no git. The walk is a
breadth-first search over predecessors (an edge A → B means "A depends on B", so the nodes
impacted by B are the nodes with a path to B), level by level with every level sorted, so
the distances, the order and the why-paths are the same on every run: each node's
why-path goes through the alphabetically first node of the level before it.

The walk follows declared, convention and implicit (map) edges; links between documents
are weaker, so the documents that merely link to the target are listed apart
(`mentioned_by`) unless `references` asks to follow them too.
"""

from __future__ import annotations

import difflib
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from mbtool.errors import UsageError
from mbtool.graph.model import ALL_KINDS, STRONG_KINDS, BankGraph, Edge, EdgeKind, NodeKind

_OMITTED_WHEN_NONE = frozenset(
    {"since", "changed", "target", "direction", "changed_by", "mentioned_by", "code_changed"}
)


class _Value(BaseModel):
    """A frozen model whose optional keys are left out of `model_dump()` when unset."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    @model_serializer(mode="wrap")
    def _omit_unset(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v is not None or k not in _OMITTED_WHEN_NONE}


class Impacted(_Value):
    """One node reached from the target; `path` runs from the target (or changed document) to it."""

    id: str
    kind: str
    distance: int
    path: list[str]
    changed_by: list[str] | None = None
    annotation: str | None = Field(default=None, exclude=True)  # of the last edge, for the text tree


class Impact(_Value):
    """The answer to `mbtool impact`: `model_dump()` is exactly the JSON the CLI prints (DESIGN §6)."""

    since: str | None = None
    changed: list[str] | None = None
    target: str | None = None
    direction: Literal["upstream"] | None = None
    impacted: list[Impacted]
    mentioned_by: list[str] | None = None  # documents that only link to the target(s)
    # `--since`: documents whose described code changed in the range → that code (mbtool.drift);
    # they are listed under `changed` too, as the walk starts from them
    code_changed: dict[str, list[str]] | None = None

    @property
    def upstream(self) -> bool:
        return self.direction == "upstream"

    @property
    def roots(self) -> list[str]:
        """Where the why-paths start: the target, or the changed documents."""
        return list(self.changed or []) if self.target is None else [self.target]


# -- the walk ----------------------------------------------------------------------------------


def walk(
    graph: BankGraph,
    start: str,
    *,
    upstream: bool = False,
    depth: int | None = None,
    references: bool = False,
) -> list[Impacted]:
    """Every node reachable from `start` against the edges (with them when `upstream`), nearest first."""
    kinds = ALL_KINDS if references else STRONG_KINDS
    parents: dict[str, str] = {start: start}
    found: list[Impacted] = []
    level, distance = [start], 0
    while level and (depth is None or distance < depth):
        distance += 1
        following: dict[str, str] = {}
        for node in level:
            for neighbour in graph.depends_on(node, kinds) if upstream else graph.dependents(node, kinds):
                if neighbour not in parents and neighbour not in following:
                    following[neighbour] = node
        parents.update(following)
        level = sorted(following)
        found.extend(_impacted(graph, node, distance, parents, upstream) for node in level)
    return found


def _impacted(
    graph: BankGraph, node: str, distance: int, parents: dict[str, str], upstream: bool
) -> Impacted:
    path = [node]
    while parents[path[-1]] != path[-1]:
        path.append(parents[path[-1]])
    path.reverse()
    parent = path[-2]
    edge = (parent, node) if upstream else (node, parent)
    return Impacted(
        id=node,
        kind=graph.kind(node).value,
        distance=distance,
        path=path,
        annotation=_annotation(graph.edge(*edge)),
    )


def _annotation(edge: Edge) -> str | None:
    if edge.kind is EdgeKind.IMPLICIT:
        return "implicit: the map lists every document"
    if edge.kind is EdgeKind.CONVENTION:
        return "convention of the bank profile"
    if edge.kind is EdgeKind.REFERENCE:
        return "links to it"
    return "; ".join(edge.annotations) or None


def mentions(
    graph: BankGraph, roots: Iterable[str], impacted: Iterable[Impacted], upstream: bool
) -> list[str]:
    """Documents linked with the roots by a reference edge only, and not already impacted."""
    seen = set(roots) | {item.id for item in impacted}
    found: set[str] = set()
    for root in roots:
        if root in graph:
            linked = (
                graph.depends_on(root, {EdgeKind.REFERENCE})
                if upstream
                else graph.dependents(root, {EdgeKind.REFERENCE})
            )
            found.update(node for node in linked if node not in seen)
    return sorted(found)


def impact_of(
    graph: BankGraph,
    target: str,
    *,
    upstream: bool = False,
    depth: int | None = None,
    references: bool = False,
) -> Impact:
    """The impact of one node (already resolved to a node id, see `find_target`)."""
    found = walk(graph, target, upstream=upstream, depth=depth, references=references)
    mentioned = None if references else mentions(graph, [target], found, upstream)
    return Impact(
        target=target,
        direction="upstream" if upstream else None,
        impacted=found,
        mentioned_by=mentioned or None,
    )


def impact_of_changes(
    graph: BankGraph,
    since: str,
    changed: Iterable[str],
    *,
    upstream: bool = False,
    depth: int | None = None,
    references: bool = False,
) -> Impact:
    """The union of the impacts of the changed documents; each node names the ones that reach it.

    A node keeps the shortest why-path from its nearest changed document (ties: the first by id).
    Changed files that are not documents of the bank are left out.
    """
    sources = sorted({path for path in changed if graph.is_document(path)})
    best: dict[str, Impacted] = {}
    reached_by: dict[str, list[str]] = {}
    for source in sources:
        for item in walk(graph, source, upstream=upstream, depth=depth, references=references):
            reached_by.setdefault(item.id, []).append(source)
            if item.id not in best or item.distance < best[item.id].distance:
                best[item.id] = item
    impacted = [
        item.model_copy(update={"changed_by": reached_by[item.id]})
        for item in sorted(best.values(), key=lambda item: (item.distance, item.id))
    ]
    direction: Literal["upstream"] | None = "upstream" if upstream else None
    mentioned = None if references else mentions(graph, sources, impacted, upstream)
    return Impact(
        since=since, changed=sources, direction=direction, impacted=impacted, mentioned_by=mentioned or None
    )


# -- finding the target ---------------------------------------------------------------------------


def find_target(graph: BankGraph, target: str, aliases: Iterable[str] = ()) -> str:
    """The node id `target` names, trying in order: a node id as written (bank-relative path,
    path node), the `aliases` (the same text taken relative to the current directory), a concept
    case-insensitively, a unique document basename. Unknown or ambiguous is a `UsageError`."""
    written = target.strip()
    cleaned = posixpath.normpath(written.replace("\\", "/")) if written else written
    for candidate in (written, cleaned, *aliases):
        if candidate in graph:
            return candidate
    concept = _concept(graph, written)
    if concept is not None:
        return concept
    return _by_basename(graph, cleaned)


def _concept(graph: BankGraph, text: str) -> str | None:
    lowered = text.casefold()
    matches = [n for n in graph.nodes(NodeKind.CONCEPT) if n.casefold() == lowered]
    return matches[0] if matches else None


def _by_basename(graph: BankGraph, path: str) -> str:
    name = posixpath.basename(path)
    matches = [n for n in graph.documents() if posixpath.basename(n) == name]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(
            f"`{path}` matches several documents ({', '.join(matches)}); pass the bank-relative path"
        )
    raise UsageError(f"`{path}` is not a document, concept or path in this memory bank{_hint(graph, path)}")


def _hint(graph: BankGraph, text: str) -> str:
    names = {n.casefold(): n for n in graph.nodes()}
    names.update({posixpath.basename(n).casefold(): n for n in graph.documents()})
    close = difflib.get_close_matches(text.casefold(), list(names), n=1, cutoff=0.6)
    return f"; did you mean `{names[close[0]]}`?" if close else ""


def cwd_aliases(target: str, cwd: Path, bank: Path, project: Path) -> list[str]:
    """`target` read relative to `cwd`, as a bank-relative and a project-relative id (if inside).

    Path arithmetic only (no file is touched); `cwd`, `bank` and `project` are absolute.
    """
    absolute = os.path.normpath(os.path.join(cwd, target))
    aliases = []
    for root in (bank, project):
        relative = os.path.relpath(absolute, root) if os.path.splitdrive(absolute)[0] == root.drive else ".."
        if relative != ".." and not relative.startswith(".." + os.sep):
            aliases.append(Path(relative).as_posix())
    return aliases
