"""Context packs: the smallest reading set for work on one document (`mbtool context`).

A context pack holds what DOC rests on (its transitive depends-on and convention edges),
dependencies first, then DOC itself, then the documents to re-check after changing it
(its impact). Sizes are token estimates (`mbtool.reading.tokens`), and the budget applies
to the whole Markdown bundle as printed.

Over the budget, the pack shrinks in a fixed order, re-measuring after every step:

1. drop the farthest ancestors first (distance 2 and more; larger first at equal distance);
2. cut the direct dependencies, largest first, to their headings plus the sections that
   matter (those a dependency entry or link of the pack points at, and those naming DOC);
3. drop those cut direct dependencies, largest first;
4. cut DOC itself to its headings plus the sections holding its relations;
5. shorten the re-check list to its nearest entries.

Everything left out is named, with its size and how to get it. No clock, no randomness:
the same bank gives the same pack.
"""

from __future__ import annotations

import heapq
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Literal
from urllib.parse import unquote

from mbtool.agents.sections import Outline, innermost, outline, sections
from mbtool.analysis import Analysis
from mbtool.graph import BankGraph
from mbtool.graph.impact import Impacted, mentions, walk
from mbtool.reading.tokens import estimate_tokens

Mode = Literal["full", "outline", "dropped"]
RECHECK_LIMITS = (20, 10, 5, 0)


@dataclass(frozen=True)
class Part:
    """One document of the reading order, as included (or not) in the pack."""

    path: str
    distance: int  # 0 for the target
    why: tuple[str, ...]  # from the target to this document
    annotation: str | None
    full_tokens: int
    mode: Mode = "full"
    text: str = ""
    kept: tuple[str, ...] = ()  # anchors kept in full when the mode is "outline"
    left_out_lines: tuple[tuple[int, int], ...] = ()

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.text) if self.mode != "dropped" else 0


@dataclass(frozen=True)
class Step:
    """One shrinking step: a document's new mode, or (document None) a shorter re-check list."""

    path: str | None
    mode: Mode
    recheck_limit: int | None = None


@dataclass(frozen=True)
class ContextPack:
    target: str
    bank: str  # the bank folder, project-relative ("." at the root)
    budget: int | None
    parts: tuple[Part, ...]  # dependencies in reading order, then the target
    recheck: tuple[Impacted, ...]
    recheck_total: int
    mentioned_by: tuple[str, ...]
    rests_on: tuple[tuple[str, str], ...]  # (id, kind) of the concepts and paths it rests on
    tokens: int = 0  # the Markdown bundle's estimated size
    full_tokens: int = 0  # the same with nothing left out

    @property
    def over_budget(self) -> bool:
        return self.budget is not None and self.tokens > self.budget


class PackBuilder:
    """Everything about the target that does not depend on the budget, computed once."""

    def __init__(self, analysis: Analysis, target: str) -> None:
        graph = analysis.graph
        self.analysis, self.target = analysis, target
        upstream = walk(graph, target, upstream=True)
        ancestors = [item for item in upstream if graph.is_document(item.id)]
        self.rests_on = tuple((item.id, item.kind) for item in upstream if not graph.is_document(item.id))
        self.order = dependency_order(graph, ancestors)
        self.recheck = walk(graph, target)
        self.mentioned = tuple(mentions(graph, [target], self.recheck, upstream=False))
        members = {target, *(item.id for item in ancestors)}
        self.keep = _pointed_sections(analysis, members)
        for item in ancestors:
            self.keep[item.id] |= naming_sections(analysis, item.id, posixpath.basename(target))
        self.keep[target] |= relation_sections(analysis, target)
        self._parts: dict[tuple[str, Mode], Part] = {}

    def pack(
        self, modes: dict[str, Mode], limit: int | None, budget: int | None, full_tokens: int = 0
    ) -> ContextPack:
        parts = [self.part(item.id, item, modes.get(item.id, "full")) for item in self.order]
        parts.append(self.part(self.target, None, modes.get(self.target, "full")))
        recheck = self.recheck if limit is None else self.recheck[:limit]
        return ContextPack(
            target=self.target,
            bank=self.analysis.bank.prefix,
            budget=budget,
            parts=tuple(parts),
            recheck=tuple(recheck),
            recheck_total=len(self.recheck),
            mentioned_by=self.mentioned,
            rests_on=self.rests_on,
            full_tokens=full_tokens,
        )

    def part(self, path: str, item: Impacted | None, mode: Mode) -> Part:
        cached = self._parts.get((path, mode))
        if cached is not None:
            return cached
        text = self.analysis.bank.text(path) or ""
        base = Part(
            path=path,
            distance=item.distance if item else 0,
            why=tuple(item.path) if item else (path,),
            annotation=item.annotation if item else None,
            full_tokens=estimate_tokens(text),
            mode=mode,
            text=text if mode == "full" else "",
        )
        if mode == "outline":
            cut: Outline = outline(text, self.analysis.bank.documents[path], self.keep.get(path, set()))
            base = replace(base, text=cut.text, kept=cut.kept, left_out_lines=cut.left_out)
        self._parts[(path, mode)] = base
        return base

    def schedule(self) -> list[Step]:
        """The shrinking steps, in the order they are tried."""
        sizes = {item.id: self.part(item.id, item, "full").full_tokens for item in self.order}
        far = sorted(
            (i for i in self.order if i.distance >= 2), key=lambda i: (-i.distance, -sizes[i.id], i.id)
        )
        near = sorted((i for i in self.order if i.distance == 1), key=lambda i: (-sizes[i.id], i.id))
        steps = [Step(item.id, "dropped") for item in far]
        steps += [Step(item.id, "outline") for item in near]
        steps += [Step(item.id, "dropped") for item in near]
        steps.append(Step(self.target, "outline"))
        steps += [Step(None, "full", limit) for limit in RECHECK_LIMITS if limit < len(self.recheck)]
        return steps


def dependency_order(graph: BankGraph, items: list[Impacted]) -> list[Impacted]:
    """Dependencies before what depends on them (Kahn's algorithm, farthest then by name among
    the ready ones); members of a cycle, and what waits on them, follow by distance then name."""
    by_id = {item.id: item for item in items}
    depends = {node: {t for t in graph.depends_on(node) if t in by_id and t != node} for node in by_id}
    dependents: dict[str, set[str]] = defaultdict(set)
    for node, targets in depends.items():
        for other in targets:
            dependents[other].add(node)
    waiting = {node: len(targets) for node, targets in depends.items()}
    ready = [(-by_id[node].distance, node) for node, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    ordered: list[str] = []
    while ready:
        _, node = heapq.heappop(ready)
        ordered.append(node)
        for other in dependents[node]:
            waiting[other] -= 1
            if waiting[other] == 0:
                heapq.heappush(ready, (-by_id[other].distance, other))
    placed = set(ordered)
    rest = sorted(
        (node for node in by_id if node not in placed), key=lambda node: (-by_id[node].distance, node)
    )
    return [by_id[node] for node in ordered + rest]


def _pointed_sections(analysis: Analysis, members: set[str]) -> dict[str, set[str]]:
    """Per document, the anchors of the sections worth keeping when it is cut to an outline."""
    bank = analysis.bank
    keep: dict[str, set[str]] = defaultdict(set)
    for resolved in bank.entries:
        if resolved.node in members and resolved.source in members and "#" in resolved.entry.target:
            keep[resolved.node].add(_anchor(resolved.entry.target))
    for source in sorted(members):
        for link in bank.documents[source].links:
            linked = bank.resolver.link_document(source, link.target) if "#" in link.target else None
            if linked in members and linked != source:
                keep[linked].add(_anchor(link.target))
    return keep


def naming_sections(analysis: Analysis, path: str, name: str) -> set[str]:
    """Anchors of the innermost sections of `path` whose lines name `name` (a file name, not
    part of a longer one: `top.md` is not named by `laptop.md`)."""
    text = analysis.bank.text(path) or ""
    lines = text.splitlines()
    found = sections(analysis.bank.documents[path], len(lines))
    named = re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?![\w-])")
    anchors = set()
    for number, line in enumerate(lines, start=1):
        if named.search(line):
            section = innermost(found, number)
            if section is not None:
                anchors.add(section.anchor)
    return anchors


def relation_sections(analysis: Analysis, path: str) -> set[str]:
    """Anchors of the sections holding a document's relation declarations."""
    document = analysis.bank.documents[path]
    found = sections(document, document.line_count or 10**9)
    anchors = set()
    for relation in document.relations:
        section = innermost(found, relation.position.line)
        if section is not None:
            anchors.add(section.anchor)
    return anchors


def _anchor(target: str) -> str:
    return unquote(target.split("#", 1)[1]).lower()
