"""Impact on a real bank: every document that reaches `projectbrief.md`, pinned from a reviewed run.

The list was checked by reading the corpus: `projectbrief.md` names seven documents under
Required By; `systemPatterns.md` has no relation block of its own (the edge comes from that
Required By); `activeContext.log.md` and `testing-guide.md` declare nothing and do not reach it.
"""

from __future__ import annotations

import json

import pytest

from mbtool.cli import run
from tests.conftest import corpus

DOCUMENTS_REACHING_PROJECTBRIEF = [
    ("activeContext.md", "document", 1),
    ("dependencies.md", "map", 1),
    ("docker-workflow.md", "document", 1),
    ("productContext.md", "document", 1),
    ("progress.md", "document", 1),
    ("systemPatterns.md", "document", 1),
    ("techContext.md", "document", 1),
]

CONCEPTS_REACHING_PROJECTBRIEF = {
    # through progress.md's Required By
    "AI agent operations": "progress.md",
    "All downstream development workflows": "progress.md",
    # through activeContext.md's Required By
    "all prompt and instruction file creation": "activeContext.md",
    # through docker-workflow.md's Required By
    "CI/CD pipeline configuration": "docker-workflow.md",
    "Development environment setup": "docker-workflow.md",
    "Production deployment procedures": "docker-workflow.md",
    # through the map's Required By lists
    "All AI agents": "dependencies.md",
    "All Python environment setup operations": "dependencies.md",
    "All test files in src/tests/ directory structure": "dependencies.md",
    "All test scripts and contributors": "dependencies.md",
    "Container setup workflows": "dependencies.md",
    "Development workflows requiring build/run separation": "dependencies.md",
    "Docker prompt files": "dependencies.md",
    "Python environment setup workflows": "dependencies.md",
    "Standardized Docker implementations across all AI agents": "dependencies.md",
    "automation scripts": "dependencies.md",
    "container automation scripts": "dependencies.md",
    "instruction files": "dependencies.md",
    "mode selection": "dependencies.md",
    "multi-environment deployments": "dependencies.md",
    "prompt files": "dependencies.md",
    "scripts/setup_python_env.sh and related scripts": "dependencies.md",
}


def test_projectbrief_impact_on_vigilant_codex(capsys: pytest.CaptureFixture[str]) -> None:
    bank = corpus("Luxcium__vigilant-codex-k3a")
    assert run(["impact", "projectbrief.md", "--bank", str(bank), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    impacted = data["impacted"]
    documents = [(i["id"], i["kind"], i["distance"]) for i in impacted if i["kind"] != "concept"]
    assert documents == DOCUMENTS_REACHING_PROJECTBRIEF
    concepts = {i["id"]: i["path"] for i in impacted if i["kind"] == "concept"}
    assert concepts == {
        name: ["projectbrief.md", via, name] for name, via in CONCEPTS_REACHING_PROJECTBRIEF.items()
    }
    assert [i["distance"] for i in impacted] == sorted(i["distance"] for i in impacted)


def test_a_document_without_relations_impacts_only_the_map(capsys: pytest.CaptureFixture[str]) -> None:
    bank = corpus("Luxcium__vigilant-codex-k3a")
    assert run(["impact", "testing-guide.md", "--bank", str(bank), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    documents = [(i["id"], i["distance"]) for i in data["impacted"] if i["kind"] != "concept"]
    assert documents == [("dependencies.md", 1)]
    through_map = {i["id"] for i in data["impacted"] if i["kind"] == "concept"}
    assert through_map == {n for n, via in CONCEPTS_REACHING_PROJECTBRIEF.items() if via == "dependencies.md"}
