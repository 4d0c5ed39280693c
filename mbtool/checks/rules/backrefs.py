"""MB202: a relation declared on one side only, with a fix that writes the other side."""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Fix, FixPlan, TextEdit
from mbtool.checks.fix.backrefs import plan_backrefs
from mbtool.checks.fix.section import KEY_NAMES, OWN_SECTIONS
from mbtool.checks.fix.source import source_of
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.notes import FLOOD_MINIMUM
from mbtool.checks.rules.suppression import silencers
from mbtool.graph import Declaration, Edge, EdgeKind, NodeKind, Side
from mbtool.model import EntryKind, RelationKind, Resolution
from mbtool.profiles import is_archived, is_auxiliary
from mbtool.reading.resolve import clean_target

CODE = "MB202"


@dataclass(frozen=True)
class Missing:
    """`owner` should list `target` under `kind`; `declaration` is the side that was written."""

    owner: str
    kind: RelationKind
    target: str
    declaration: Declaration
    message: str


def missing_back_reference(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Checks that every relation between two documents is declared on both sides. When
    `a.md` lists `b.md` under Depends On, `b.md` must list `a.md` under Required By, and
    the other way round. Relations with a generated dependency map (one holding mbtool's
    region), with concepts and with paths are exempt (they cannot declare back), and so are
    the map's implicit edges; a hand-written `dependencies.md` is checked like any document.

    Why is this bad?
    The convention asks for bidirectional tracking so that whoever edits `b.md` sees
    what relies on it. A one-sided link means the editor of `b.md` never learns that
    `a.md` must be revisited.

    Example:
    ```markdown
    <!-- activeContext.md -->
    - **Depends On:** [systemPatterns.md](systemPatterns.md)

    <!-- systemPatterns.md: no Required By -->
    ```

    Use instead:
    ```markdown
    <!-- systemPatterns.md -->
    - **Required By:** [activeContext.md](activeContext.md)
    ```

    Fix:
    `--fix` writes the missing entry into the other document, in that document's own
    style: appended to its nested list, inline list, key heading or front matter list; or
    as a new `Depends On` / `Required By` line beside the other key; or, for a document
    with no relations at all, as a `## Dependencies and Relationships` section placed
    before a trailing `---` footer (else at the end). All the entries one document is
    missing are written together. Documents with MB001/MB002 are never written.

    The fix leaves to you: a relation inside a cycle (MB203 asks which edge is wrong), a
    target the document already names misspelt (MB201 fixes the name), and a document with
    several lists of that kind and no relations section (a hand-written registry). Archived
    documents (`archive/`, `x-legacy-…`, a name ending in a date, `Status: Superseded`) and
    agent instruction files (`*.instructions.md`, `*.prompt.md`) are neither asked for nor
    copied into back-references.

    When is it noise?
    On a bank that declares every relation on one side only (it never uses Required By, or
    never Depends On): with five or more one-sided relations, one hint says so instead of a
    finding per relation (`--select MB202` lists them; `ignore = ["MB202"]` silences the
    hint). Relations written with a profile's workflow keys (cursor's `Related Reflection`,
    `Predecessor Archive`) are one-sided by convention and never reported.
    """
    found = list(_one_sided(analysis))
    if one_directional(analysis) and len(found) >= FLOOD_MINIMUM:
        yield Hint(
            f"no document in this bank lists {_missing_key(analysis)}, so its {len(found)} one-sided "
            "relations are not listed one by one; the bank declares each relation on one side "
            '(`ignore = ["MB202"]` in [tool.mbtool] silences this note; `--select MB202` lists them)',
            collapses=True,
        )
    planner = _Planner(analysis, found)
    for missing in found:
        where = missing.declaration
        yield Violation(where.path, where.line, where.column, missing.message, planner.plan_for(missing))


def one_directional(analysis: Analysis) -> bool:
    """The bank declares relations from one side only: it has Depends On entries and no Required
    By anywhere (or the other way round). Its relations are complete as written."""
    return len(_declared_kinds(analysis)) == 1


def expects_back_reference(analysis: Analysis, edge: Edge) -> bool:
    """Whether the other side of a declared edge is owed a back-reference: not when every
    declaration of it comes from a profile's workflow keys (`Related Reflection` names the
    earlier record; the earlier one never answers), nor in a one-directional bank."""
    workflow = _workflow_positions(analysis)
    if all((d.path, d.line, d.column) in workflow for d in edge.declarations):
        return False
    return not one_directional(analysis)


def _missing_key(analysis: Analysis) -> str:
    return "Required By" if RelationKind.DEPENDS_ON in _declared_kinds(analysis) else "Depends On"


def _declared_kinds(analysis: Analysis) -> frozenset[RelationKind]:
    """The relation kinds of the resolved entries between documents, outside workflow keys
    (once per run: MB102 asks for every edge it looks at)."""

    def compute() -> frozenset[RelationKind]:
        workflow = _workflow_positions(analysis)
        return frozenset(
            entry.relation
            for entry in analysis.bank.entries
            if entry.node_kind is EntryKind.DOCUMENT
            and (entry.source, entry.entry.position.line, entry.entry.position.column) not in workflow
        )

    return analysis.memo(f"{CODE}.declared-kinds", compute)


def _workflow_positions(analysis: Analysis) -> frozenset[tuple[str, int, int]]:
    def compute() -> frozenset[tuple[str, int, int]]:
        bank = analysis.bank
        if not bank.profile.workflow:
            return frozenset()
        return frozenset(
            (entry.source, entry.entry.position.line, entry.entry.position.column)
            for entry in bank.entries
            if bank.is_workflow_key(entry.key)
        )

    return analysis.memo(f"{CODE}.workflow", compute)


def _one_sided(analysis: Analysis) -> Iterator[Missing]:
    graph, documents = analysis.graph, analysis.bank.documents
    # A generated map is owed no back-reference; a hand-written registry is.
    owing = {NodeKind.DOCUMENT}
    if not analysis.bank.is_generated_map(analysis.bank.map_path):
        owing.add(NodeKind.MAP)
    workflow = _workflow_positions(analysis)
    sections = _SectionIndex(analysis)
    archived = {path for path, document in documents.items() if is_archived(document)}
    auxiliary = {path for path in graph.documents() if is_auxiliary(path)}
    for edge in graph.edges({EdgeKind.DECLARED}):
        source, target = edge.source, edge.target
        if source == target or not edge.one_sided:
            continue
        if all((d.path, d.line, d.column) in workflow for d in edge.declarations):
            continue  # workflow keys are written by the later record only
        if graph.kind(source) not in owing or graph.kind(target) not in owing:
            continue
        if source in archived or target in archived:
            continue  # history owes nothing and is owed nothing
        if source in auxiliary or target in auxiliary:
            continue  # agent instruction files are not memory documents
        first = sections.preferred(edge.declarations)
        if first.side is Side.DEPENDENT:
            owner, kind, entry = target, RelationKind.REQUIRED_BY, source
            message = f"`{source}` depends on `{target}`, but `{target}` does not list it under Required By"
        else:
            owner, kind, entry = source, RelationKind.DEPENDS_ON, target
            message = (
                f"`{target}` is required by `{source}`, but `{source}` does not list it under Depends On"
            )
        document = documents.get(owner)
        if document is not None and document.readable:
            yield Missing(owner, kind, entry, first, message)


class _SectionIndex:
    """Which declarations sit in their document's own relations section (`## Dependencies and
    Relationships`): the heading above a line, found by bisection, per document once."""

    def __init__(self, analysis: Analysis) -> None:
        self.documents = analysis.bank.documents
        self.headings: dict[str, tuple[list[int], list[bool]]] = {}

    def preferred(self, declarations: list[Declaration]) -> Declaration:
        """Where to report: a declaration in its document's own relations section rather than
        one in a registry entry above it, else the first."""
        for declaration in declarations:
            if self._in_own_section(declaration.path, declaration.line):
                return declaration
        return declarations[0]

    def _in_own_section(self, path: str, line: int) -> bool:
        if path not in self.headings:
            document = self.documents.get(path)
            headings = document.headings if document else ()
            self.headings[path] = (
                [heading.position.line for heading in headings],
                [" ".join(heading.text.lower().split()) in OWN_SECTIONS for heading in headings],
            )
        lines, own = self.headings[path]
        index = bisect_right(lines, line) - 1
        return index >= 0 and own[index]


Plan = tuple[tuple[TextEdit, ...], set[tuple[RelationKind, str]]]


class _Planner:
    """The fixes of one run's findings, planned per document to write and only on demand.

    Which findings a fix may honestly settle is decided for every finding up front (cheaply,
    from indexes built once), because one plan covers every back-reference its document is
    missing; the plan itself (the edits) is made only when a kept finding asks for it.

    Left to the user: findings that suppressions silence; a target the document already
    names misspelt (MB201 corrects that entry; the two fixes must not write it twice); an
    edge inside a cycle (writing the other side would declare the cycle twice instead of
    letting MB203 report it); and a document with several lists of the kind to write and
    no relations section to choose (a hand-written registry: the fix cannot tell whose
    entry it is).
    """

    def __init__(self, analysis: Analysis, found: list[Missing]) -> None:
        self.analysis = analysis
        self.group_of = {node: index for index, group in enumerate(analysis.graph.groups) for node in group}
        self.names: dict[tuple[str, RelationKind], set[str]] = {}
        self.slips: dict[tuple[str, RelationKind], set[str]] | None = None
        self.wanted: dict[str, dict[RelationKind, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.eligible: set[tuple[str, RelationKind, str]] = set()
        for missing in found:
            if self._settles(missing):
                targets = self.wanted[missing.owner][missing.kind]
                if (missing.owner, missing.kind, missing.target) not in self.eligible:
                    targets.append(missing.target)
                    self.eligible.add((missing.owner, missing.kind, missing.target))
        self.plans: dict[str, Plan | None] = {}

    def plan_for(self, missing: Missing) -> FixPlan | None:
        if (missing.owner, missing.kind, missing.target) not in self.eligible:
            return None
        return partial(self._fix, missing)

    def _fix(self, missing: Missing) -> Fix | None:
        if missing.owner not in self.plans:
            self.plans[missing.owner] = self._plan(missing.owner)
        plan = self.plans[missing.owner]
        if plan is None or (missing.kind, missing.target) not in plan[1]:
            return None
        return Fix(
            description=f"Add `{missing.target}` to {KEY_NAMES[missing.kind]} in `{missing.owner}`",
            edits=plan[0],
        )

    def _plan(self, owner: str) -> Plan | None:
        source = source_of(self.analysis, owner)
        if source is None:
            return None
        ordered = {kind: sorted(targets) for kind, targets in self.wanted[owner].items()}
        plan = plan_backrefs(source, self.analysis.bank.documents[owner], ordered)
        if not plan:
            return None
        return plan, {(kind, target) for kind, targets in ordered.items() for target in targets}

    def _settles(self, missing: Missing) -> bool:
        declaring = self.analysis.bank.documents.get(missing.declaration.path)
        if declaring is not None and silencers(declaring, CODE, missing.declaration.line):
            return False
        return not self._misspelt(missing) and not self._in_cycle(missing)

    def _in_cycle(self, missing: Missing) -> bool:
        """Whether both ends of the relation lie in one group of documents that reach each other."""
        group = self.group_of.get(missing.owner)
        return group is not None and self.group_of.get(missing.target) == group

    def _misspelt(self, missing: Missing) -> bool:
        """The owner already lists the target under a wrong name: a case variant, or an
        unresolved entry whose one close match is the target (`techContextt.md`)."""
        key = (missing.owner, missing.kind)
        if key not in self.names:
            document = self.analysis.bank.documents[missing.owner]
            self.names[key] = {
                posixpath.basename(clean_target(entry.target)).lower()
                for relation in document.relations
                if relation.kind is missing.kind
                for entry in relation.entries
            }
        if posixpath.basename(missing.target).lower() in self.names[key]:
            return True
        if self.slips is None:
            self.slips = _slips(self.analysis)
        return missing.target in self.slips.get(key, ())


def _slips(analysis: Analysis) -> dict[tuple[str, RelationKind], set[str]]:
    """(document, kind) → the documents its unresolved entries of that kind are slips for."""
    resolver = analysis.bank.resolver
    found: dict[tuple[str, RelationKind], set[str]] = defaultdict(set)
    for resolved in analysis.bank.entries:
        if resolved.resolution is Resolution.UNRESOLVED:
            suggestion = resolver.unique_suggestion(resolved.entry.target)
            if suggestion is not None:
                found[(resolved.source, resolved.relation)].add(suggestion)
    return found


RULES = (Rule(CODE, "missing-back-reference", "warning", missing_back_reference, fixable=True),)
