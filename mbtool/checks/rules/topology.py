"""Rules about the shape of the dependency graph (MB203, MB204, MB210, MB212).

Only declared edges between documents can form a cycle: the map's implicit edges, the
profile's convention edges, links, and edges to concepts or paths never do.
"""

from __future__ import annotations

from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.notes import floods
from mbtool.graph import EdgeKind, NodeKind
from mbtool.profiles import is_archived, is_auxiliary

# A group with more simple cycles than this is one MB212 instead of a flood of MB203.
MAX_CYCLES_PER_GROUP = 5


def dependency_cycle(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports each cycle of Depends On edges between documents once, with its path
    (`a.md → b.md → a.md`), at the first declaration of its first edge. Cycles start at
    their alphabetically first document. Self-dependencies are MB204; a group of
    documents holding more than five cycles is one MB212 instead.

    Why is this bad?
    A cycle has no reading order: agents told to read dependencies first cannot start,
    and impact analysis reports every member as affected by every other.

    Example:
    ```markdown
    <!-- a.md -->
    - **Depends On:** b.md
    <!-- b.md -->
    - **Depends On:** a.md
    ```

    Use instead:
    Decide which document is foundational and turn the other edge around (or drop it),
    recording the reason under **Why This Order**.

    Fix:
    By hand; which edge is wrong is a judgement.

    When is it noise?
    When two documents really inform each other: keep one direction as Depends On and
    write the other as a plain link (a reference, which never forms a cycle).
    """
    for group in analysis.graph.groups:
        cycles = analysis.graph.cycles(group, MAX_CYCLES_PER_GROUP)
        if len(cycles) <= MAX_CYCLES_PER_GROUP:
            for cycle in cycles:
                yield _at_cycle(analysis, cycle, f"dependency cycle `{_path(cycle)}`")


def self_dependency(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document that depends on itself (lists itself under Depends On or
    Required By).

    Why is this bad?
    It says nothing true, and usually is a copy-paste slip for another document's name.

    Example:
    ```markdown
    <!-- progress.md -->
    - **Depends On:** progress.md
    ```

    Use instead:
    ```markdown
    - **Depends On:** activeContext.md
    ```

    Fix:
    Remove or correct the entry by hand.

    When is it noise?
    Never: a document that depends on itself is always a slip.
    """
    graph = analysis.graph
    for node in graph.documents():
        if graph.has_edge(node, node) and graph.edge(node, node).declared:
            where = graph.edge(node, node).first_declaration()
            yield Violation(where.path, where.line, where.column, f"`{node}` depends on itself")


def orphan_document(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Reports a document with no edges at all: it depends on nothing, nothing depends on it,
    the profile's convention does not place it, and no other document links to it or names
    it in a code span (the dependency map's implicit edges do not count; edges to concepts
    and paths do). Archived documents and agent instruction files (`*.instructions.md`,
    `*.prompt.md`, `*.chatmode.md`) are not expected to be connected and are not reported.

    Why is this bad?
    Nobody will be told to read or revisit it; it is often a leftover or a document that
    was meant to be linked into the bank.

    Example:
    `notes/old-ideas.md` with no relations, named by no other document.

    Use instead:
    Declare where it belongs (`**Depends On:** projectbrief.md`), link to it from the
    document that introduces it, or delete it.

    Fix:
    By hand.

    When is it noise?
    On a bank whose documents stand alone by design (a folder of notes): when more than half
    of the documents (five or more) would be reported, one hint says so instead; set
    `ignore = ["MB210"]`, or a profile whose conventions place them (`[tool.mbtool.profiles]`).
    """
    graph = analysis.graph
    eligible = 0
    found: list[Violation] = []
    for node in graph.nodes(NodeKind.DOCUMENT):
        document = analysis.bank.documents.get(node)
        if document is None or not document.readable or is_archived(document) or is_auxiliary(node):
            continue
        if any(finding.code == "MB003" for finding in document.problems):
            continue
        eligible += 1
        if all(edge.kind is EdgeKind.IMPLICIT for edge in graph.touching(node)):
            found.append(Violation(node, 1, 1, f"`{node}` has no relations to any other node"))
    yield from found
    if floods(len(found), eligible):
        yield Hint(
            f"{len(found)} of {eligible} documents are connected to no other document (profile "
            f"`{analysis.bank.profile.name}`), so they are not listed one by one; link them, set a "
            'profile whose conventions place them, or `ignore = ["MB210"]`',
            collapses=True,
        )


def dense_cycle_group(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a group of documents that all reach each other through Depends On edges and
    hold more than five distinct cycles, once, with its size and one shortest cycle. Groups
    with five cycles or fewer are reported cycle by cycle as MB203.

    Why is this bad?
    Such a group has no reading order at all: every member is upstream and downstream of
    every other, so "read the dependencies first" and impact analysis say nothing. Listing
    each of its (possibly thousands of) cycles would bury the one decision that matters.

    Example:
    Five documents that each list the other four under **Depends On**.

    Use instead:
    Decide which documents are foundational, keep Depends On edges pointing towards them,
    and turn the others into Required By entries (or plain links).

    Fix:
    By hand; which edges are wrong is a judgement.

    When is it noise?
    As MB203: links between peers belong in plain links (references), not in Depends On.
    """
    for group in analysis.graph.groups:
        if len(analysis.graph.cycles(group, MAX_CYCLES_PER_GROUP)) > MAX_CYCLES_PER_GROUP:
            cycle = analysis.graph.shortest_cycle(group)
            shown = ", ".join(f"`{node}`" for node in group[:3]) + (" and others" if len(group) > 3 else "")
            message = (
                f"{len(group)} documents ({shown}) all depend on each other, in more than "
                f"{MAX_CYCLES_PER_GROUP} cycles; one of them: `{_path(cycle)}`"
            )
            yield _at_cycle(analysis, cycle, message)


def _path(cycle: list[str]) -> str:
    return " → ".join([*cycle, cycle[0]])


def _at_cycle(analysis: Analysis, cycle: list[str], message: str) -> Violation:
    """A violation placed at the first declaration of the cycle's first edge."""
    where = analysis.graph.edge(cycle[0], cycle[1]).first_declaration()
    return Violation(where.path, where.line, where.column, message)


RULES = (
    Rule("MB203", "dependency-cycle", "error", dependency_cycle),
    Rule("MB204", "self-dependency", "error", self_dependency),
    Rule("MB210", "orphan-document", "info", orphan_document),
    Rule("MB212", "dense-cycle-group", "error", dense_cycle_group),
)
