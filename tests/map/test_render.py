"""The generated region creates no edges and no false findings, and its links resolve."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mbtool.api import check, graph_json, load
from mbtool.mapdoc import write_map
from mbtool.mapdoc.render import escape
from mbtool.model import Resolution
from mbtool.reading.bank import Bank
from mbtool.reading.discover import locate
from tests.banks import doc
from tests.banks import write_project as write_bank
from tests.check.helpers import copy_case
from tests.conftest import corpus

NASTY = {
    "Dependencies.md": doc("Dependencies", depends="a b.md"),
    "a b.md": doc(
        "**Depends On:** [x](y.md) | <!-- mbtool:map:end -->",
        required="[Dependencies.md](Dependencies.md)",
        extra="- **Why This Order:** `code` and *stars* | pipes <b>html</b>\n",
    ),
}


def explicit_edges(bank: Bank) -> list[dict[str, Any]]:
    return [edge for edge in graph_json(bank)["edges"] if edge["kind"] == "declared"]


def findings(bank: Bank) -> dict[str, list[str]]:
    return {path: sorted(f.code for f in document.problems) for path, document in bank.documents.items()}


def assert_region_is_inert(bank_folder: Path, map_name: str = "dependencies.md") -> None:
    before = load(bank_folder)
    outcome, _ = write_map(locate(bank_folder))
    assert outcome in ("created", "updated")
    after = load(bank_folder)
    if map_name in before.documents:
        assert explicit_edges(after) == explicit_edges(before)
    else:  # the new document can only add edges that other documents already declared
        assert [
            e for e in explicit_edges(after) if map_name not in (e["source"], e["target"])
        ] == explicit_edges(before)
    the_map = after.documents[map_name]
    assert the_map.map_region is not None
    assert the_map.problems == ()
    start, end = the_map.map_region
    inside = [r for r in the_map.relations if start <= r.position.line <= end]
    assert inside == []
    assert not any(start <= t.position.line <= end for t in the_map.texts)
    assert not any(start <= m.position.line <= end for m in the_map.metadata)
    for link in the_map.links:
        if start <= link.position.line <= end:
            target, how, _ = after.resolver.document(map_name, link.target)
            assert how is Resolution.DOCUMENT_FOLDER, link
            assert target in after.documents
    for span in the_map.code_spans:
        if start <= span.position.line <= end:
            assert "/" not in span.text and "." not in span.text, span


def test_region_on_a_small_bank_is_inert(chain: Path) -> None:
    assert_region_is_inert(chain)
    text = (chain / "dependencies.md").read_text()
    assert "- Depends on → [a.md](a.md) (the base)" in text
    assert "- Required by ← [c.md](c.md)" in text
    assert "- Why this order — it is first" in text
    assert "**Depends On" not in text


def test_hostile_titles_and_texts_are_escaped(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, NASTY)
    assert_region_is_inert(bank)
    reloaded = load(bank)
    edges = {(edge["source"], edge["target"]) for edge in explicit_edges(reloaded)}
    assert edges == {("Dependencies.md", "a b.md")}
    text = (bank / "dependencies.md").read_text()
    assert "[a b.md](a%20b.md)" in text
    assert text.count("<!-- mbtool:map:end -->") == 1


def test_links_are_relative_to_a_nested_map_document(chain: Path) -> None:
    (chain.parent / "mbtool.toml").write_text('map = "maps/deps.md"\n')
    assert_region_is_inert(chain, "maps/deps.md")
    assert "[a.md](../a.md)" in (chain / "maps" / "deps.md").read_text()


def test_the_project_bank_region_is_inert(project_bank: Path) -> None:
    path = project_bank / "dependencies.md"
    text = path.read_text()
    start, end = text.index("<!-- mbtool:map:start -->"), text.index("<!-- mbtool:map:end -->")
    path.write_text(text[:start] + "<!-- mbtool:map:start -->\n" + text[end:])
    assert_region_is_inert(project_bank)
    assert path.read_text() == text


@pytest.mark.parametrize(
    "name",
    [
        "Luxcium__vigilant-codex-k3a",
        "Ryan-Spooner__POC-SMCP",
        "jonahkeegan__critgenius-listener",
        "Luxcium__vigilant-codex-k3a__HEAD",
    ],
)
def test_region_on_real_banks_is_inert_and_idempotent(tmp_path: Path, name: str) -> None:
    source = corpus(name)
    (tmp_path / "mbtool.toml").write_text("", encoding="utf-8")
    bank = tmp_path / "bank"
    copy_case(source, bank)  # writable copies: mbtool never writes a read-only file
    before = findings(load(bank))
    assert_region_is_inert(bank)
    after = findings(load(bank))
    assert {path: codes for path, codes in after.items() if path != "dependencies.md"} == {
        path: codes for path, codes in before.items() if path != "dependencies.md"
    }
    assert write_map(locate(bank))[0] == "unchanged"


@pytest.mark.parametrize("name", ["Luxcium__vigilant-codex-k3a", "jonahkeegan__critgenius-listener"])
def test_check_finds_nothing_new_after_map(tmp_path: Path, name: str) -> None:
    """The region adds no findings. Some may go: once generated, the map is owed no back-references."""
    source = corpus(name)
    (tmp_path / "mbtool.toml").write_text("", encoding="utf-8")
    copy_case(source, tmp_path / "bank")

    def found() -> Counter[tuple[str, str, str]]:
        result = check(tmp_path / "bank", today=dt.date(2026, 1, 1))
        return Counter((d.code, d.path, d.message) for d in result.diagnostics if d.code != "MB303")

    before = found()
    write_map(locate(tmp_path / "bank"))
    after = found()
    assert not after - before
    assert all(code == "MB202" and "dependencies.md" in message for code, _, message in before - after)


def test_escape_neutralises_markdown() -> None:
    assert escape("**Depends On:** [x](y.md)") == r"\*\*Depends On:\*\* \[x\](y.md)"
    assert escape("a |\n b") == r"a \| b"
