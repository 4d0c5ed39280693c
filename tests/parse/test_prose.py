"""Prose is never an entry (DESIGN §3): a sentence contributes only the documents it names."""

from __future__ import annotations

import pytest

from mbtool.config import Config
from mbtool.model import Document, EntryKind
from mbtool.parse import parse_document
from mbtool.parse.entries import is_prose


def _parse(text: str) -> Document:
    return parse_document("a.md", text.encode("utf-8"), Config())


def _targets(document: Document) -> list[tuple[str, EntryKind]]:
    return [(entry.target, entry.kind) for relation in document.relations for entry in relation.entries]


def test_a_sentence_under_a_dependencies_heading_gives_only_its_documents() -> None:
    document = _parse(
        "# A\n\n## Dependencies\n\n"
        "- **Bank** – `brief.md`, `context.md`, and `tech.md` set scope, layout, and the limits that apply.\n"
        "- Follow `guide.md` and the usual review steps to keep this page right.\n"
    )
    assert _targets(document) == [
        ("brief.md", EntryKind.DOCUMENT),
        ("context.md", EntryKind.DOCUMENT),
        ("tech.md", EntryKind.DOCUMENT),
        ("guide.md", EntryKind.DOCUMENT),
    ]


def test_a_key_whose_value_is_a_sentence_declares_nothing() -> None:
    document = _parse("# A\n\n- **Dependencies:** How to record them and keep them current.\n")
    assert document.relations == ()


def test_a_code_sample_in_a_relation_is_not_a_concept() -> None:
    document = _parse("# A\n\n- **Dependencies**: `build(deps): bump a library`\n")
    assert document.relations == ()


def test_an_oxford_comma_list_keeps_its_last_document() -> None:
    document = _parse("# A\n\n- **Depends On:** b.md, c.md, and d.md\n")
    assert [target for target, _ in _targets(document)] == ["b.md", "c.md", "d.md"]


def test_short_concepts_and_annotations_stay() -> None:
    document = _parse(
        "# A\n\n- **Depends On:** b.md (the basics), CI/CD pipeline configuration\n"
        "- **Required By:** Release process\n"
    )
    entries = [entry for relation in document.relations for entry in relation.entries]
    assert [(e.target, e.kind, e.annotation) for e in entries] == [
        ("b.md", EntryKind.DOCUMENT, "the basics"),
        ("CI/CD pipeline configuration", EntryKind.CONCEPT, None),
        ("Release process", EntryKind.CONCEPT, None),
    ]


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("Update this section as things are added, removed, or updated.", True),
        ("`a.md`, `b.md` and the two notes that explain how the whole release flow is run", True),
        ("a.md, b.md, c.md.", False),
        ("Docker Engine, OpenAI API access, project structure standards", False),
        ("Phase 1 completed", False),
    ],
)
def test_is_prose(text: str, prose: bool) -> None:
    assert is_prose(text) is prose
