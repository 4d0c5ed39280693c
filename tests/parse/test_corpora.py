"""Every real bank in ../shared/corpora parses to graph JSON; counts and known facts are pinned."""

from __future__ import annotations

from collections import Counter

import pytest

from mbtool.api import graph_json, load
from mbtool.cli import run
from tests.conftest import corpus

# (documents, nodes, edges by kind) — pinned from a reviewed run; a parser change that
# moves them must be deliberate. An edge counts once, under its strongest kind (a convention
# edge that a document also declares is `declared`). Reference edges come from links and
# from `.md` names in text or code spans (critgenius's indexes name segments only that way).
EXPECTED = {
    "BioInfo__nova-brief": (5, 5, {"convention": 4}),
    "Luxcium__vigilant-codex-k3a": (10, 42, {"declared": 58, "implicit": 4, "reference": 10}),
    "Luxcium__vigilant-codex-k3a__HEAD": (163, 216, {"declared": 105, "implicit": 154, "reference": 533}),
    "Ryan-Spooner__POC-SMCP": (14, 21, {"convention": 4, "declared": 8, "implicit": 13, "reference": 48}),
    "djjay0131__agentic-kg": (6, 6, {"convention": 7, "reference": 1}),
    "jonahkeegan__critgenius-listener": (26, 27, {"declared": 24, "reference": 84}),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_counts(name: str) -> None:
    bank = load(corpus(name))
    graph = graph_json(bank)
    kinds = dict(Counter(edge["kind"] for edge in graph["edges"]))
    assert (len(bank.documents), len(graph["nodes"]), kinds) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_graph_cli_has_no_traceback(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["graph", str(corpus(name)), "--format", "json"]) == 0
    assert "Traceback" not in capsys.readouterr().err


def _edge(graph: dict, source: str, target: str) -> dict:  # type: ignore[type-arg]
    return next(e for e in graph["edges"] if e["source"] == source and e["target"] == target)


def test_seed_origin_one_sided_edge() -> None:
    graph = graph_json(load(corpus("Luxcium__vigilant-codex-k3a")))
    assert _edge(graph, "docker-workflow.md", "systemPatterns.md")["declared_by"] == ["dependent"]
    assert _edge(graph, "docker-workflow.md", "projectbrief.md")["declared_by"] == ["dependency", "dependent"]


def test_head_informs_entries_become_edges() -> None:
    bank = load(corpus("Luxcium__vigilant-codex-k3a__HEAD"))
    informs = [r for doc in bank.documents.values() for r in doc.relations if r.key.lower() == "informs"]
    assert informs, "the HEAD snapshot uses `Informs:` in place of `Required By:`"
    graph = graph_json(bank)
    for relation in informs:
        source = next(p for p, d in bank.documents.items() if relation in d.relations)
        for resolved in (e for e in bank.entries if e.source == source and e.key == relation.key):
            if resolved.node is not None:
                assert _edge(graph, resolved.node, source)["declared_by"].count("dependency") == 1
