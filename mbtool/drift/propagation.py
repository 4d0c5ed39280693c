"""Who rests on a drifted document: one breadth-first walk from all of them at once.

Walking the impact of each drifted document separately is quadratic on a large bank (a
thousand walks of a thousand nodes). This walk starts from every drifted document together
and gives each dependant its nearest drifted documents (the first few by name), the
neighbour it reaches them through (for the finding's position) and the distance. A drifted
document is not a dependant of another here: it has findings of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mbtool.graph import BankGraph, NodeKind

NAMED = 3  # drifted documents named per dependant


@dataclass(frozen=True)
class Resting:
    """A document that depends (transitively) on drifted documents."""

    sources: tuple[str, ...]  # the nearest drifted documents, by name, at most NAMED
    more: bool  # more drifted documents are as near
    via: str  # the document it depends on directly on the way
    distance: int


def resting_on(graph: BankGraph, drifted: Iterable[str]) -> dict[str, Resting]:
    """Every document that rests on a drifted one (declared, convention and implicit edges)."""
    sources = sorted(node for node in set(drifted) if node in graph)
    reached: dict[str, frozenset[str]] = {node: frozenset({node}) for node in sources}
    found: dict[str, Resting] = {}
    level, distance = sources, 0
    while level:
        distance += 1
        following: dict[str, tuple[set[str], str]] = {}
        for node in level:
            for dependant in graph.dependents(node):
                if dependant in reached:
                    continue
                names, via = following.setdefault(dependant, (set(), node))
                if len(names) <= NAMED:
                    names.update(reached[node])
        for dependant, (names, via) in following.items():
            reached[dependant] = frozenset(sorted(names)[: NAMED + 1])
            if graph.kind(dependant) is NodeKind.DOCUMENT:
                shown = tuple(sorted(names)[:NAMED])
                found[dependant] = Resting(shown, len(names) > NAMED, via, distance)
        level = sorted(following)
    return found
