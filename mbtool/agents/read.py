"""The `read` tool: one document (or one of its sections) with what an agent should know
before trusting it — its relations, its size, its freshness, and drift against the code.

Freshness and drift come from the run's check results (memoised per analysis): MB301/MB302
for freshness, the MB31x code-drift rules for drift. Where this mbtool has no drift rule
registered, the answer says drift was not checked instead of claiming there is none.
"""

from __future__ import annotations

from mbtool.agents.queries import bank_relative, document_id
from mbtool.agents.sections import Section, sections
from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import run_check
from mbtool.checks.rules import ALL_RULES
from mbtool.errors import UsageError
from mbtool.graph import EdgeKind
from mbtool.reading.tokens import estimate_tokens

FRESHNESS_CODES = ("MB301", "MB302")
DRIFT_PREFIX = "MB31"
RELATION_KINDS = frozenset({EdgeKind.DECLARED, EdgeKind.CONVENTION})


def read(analysis: Analysis, path: str, section: str | None = None) -> str:
    """A header (relations, size, freshness, drift), then the text or the asked section."""
    node = document_id(analysis, path)
    text = analysis.bank.text(node)
    if text is None:
        raise UsageError(f"`{node}` cannot be read (run the `check` tool for the reason)")
    body, part = text, None
    if section is not None:
        part = find_section(analysis, node, section, text)
        body = "\n".join(text.splitlines()[part.start - 1 : part.end]) + "\n"
    diagnostics = run_check(analysis).diagnostics
    header = [
        f"# `{node}` — {' '.join(analysis.bank.documents[node].title.split())}",
        "",
        f"- File: `{bank_relative(analysis, node)}`",
        f"- Size: ~{estimate_tokens(text):,} tokens"
        + (f"; this section ~{estimate_tokens(body):,}" if part else ""),
        f"- Depends on: {_neighbours(analysis, node, upstream=True)}",
        f"- Required by: {_neighbours(analysis, node, upstream=False)}",
        f"- Freshness: {_freshness(analysis, node, diagnostics)}",
        f"- Drift: {_drift(node, diagnostics)}",
    ]
    if part is not None:
        header.append(f"- Section: `#{part.anchor}`, lines {part.start}–{part.end}")
    return "\n".join([*header, "", "---", "", body.rstrip("\n")]) + "\n"


def find_section(analysis: Analysis, node: str, wanted: str, text: str) -> Section:
    """The section named by its anchor (`#data-flow` or `data-flow`) or its heading text."""
    found = sections(analysis.bank.documents[node], len(text.splitlines()))
    key = wanted.strip().lstrip("#").strip().lower()
    for candidate in found:
        if key in (candidate.anchor.lower(), " ".join(candidate.title.split()).lower()):
            return candidate
    names = ", ".join(f"`{candidate.anchor}`" for candidate in found[:20]) or "none"
    raise UsageError(f"`{node}` has no section `{wanted}`; its sections are {names}")


def _neighbours(analysis: Analysis, node: str, *, upstream: bool) -> str:
    graph = analysis.graph
    found = graph.depends_on(node, RELATION_KINDS) if upstream else graph.dependents(node, RELATION_KINDS)
    parts = []
    for other in found:
        edge = graph.edge(node, other) if upstream else graph.edge(other, node)
        kind = "" if graph.is_document(other) else f" ({graph.kind(other).value})"
        notes = "; ".join(edge.annotations)
        convention = " [convention]" if edge.kind is EdgeKind.CONVENTION else ""
        parts.append(f"`{other}`{kind}{convention}" + (f" — {notes}" if notes else ""))
    return ", ".join(parts) or "nothing"


def _freshness(analysis: Analysis, node: str, diagnostics: list[Diagnostic]) -> str:
    document = analysis.bank.documents[node]
    recorded = [
        f"{key.lower()} {' '.join(field.value.split())}"
        for key in ("Last Updated", "Status", "Next Review")
        if (field := document.meta(key)) is not None
    ]
    findings = [_finding(d) for d in diagnostics if d.path == node and d.code in FRESHNESS_CODES]
    return "; ".join([" · ".join(recorded) or "not recorded", *findings])


def _drift(node: str, diagnostics: list[Diagnostic]) -> str:
    if not any(rule.code.startswith(DRIFT_PREFIX) for rule in ALL_RULES):
        return "not checked (this mbtool has no code-drift rules)"
    findings = [_finding(d) for d in diagnostics if d.path == node and d.code.startswith(DRIFT_PREFIX)]
    return "; ".join(findings) or "none found"


def _finding(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.code} line {diagnostic.line}: {diagnostic.message}"
