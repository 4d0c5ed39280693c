"""Bank diagrams: whole bank, focus and impact views, folding, determinism, escaping."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mbtool.api import diagram, load
from mbtool.cli import run
from mbtool.diagrams.bank import DiagramOptions, bank_dot
from mbtool.graph import BankGraph, EdgeKind, NodeKind, build_graph
from tests.conftest import FIXTURES, ROOT, assert_golden

DOCUMENTS = sorted(p.name for p in (ROOT / "memory-bank").glob("*.md"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "memory-bank", tmp_path / "memory-bank")
    (tmp_path / "mbtool.toml").write_text('bank = "memory-bank"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _titles(svg: str) -> set[str]:
    return set(re.findall(r"<title>([^<]*)</title>", svg))


def test_whole_bank_svg_links_every_document_and_is_deterministic(project: Path) -> None:
    assert run(["diagram", "memory-bank", "--output", "bank.svg"]) == 0
    first = (project / "bank.svg").read_bytes()
    assert run(["diagram", "memory-bank", "--output", "bank.svg"]) == 0
    assert (project / "bank.svg").read_bytes() == first
    svg = first.decode("utf-8")
    assert set(DOCUMENTS) <= _titles(svg)
    for name in DOCUMENTS:
        assert f'xlink:href="memory-bank/{name}"' in svg, name


def test_focus_view_holds_the_neighbourhood(project: Path) -> None:
    svg = diagram("memory-bank", focus="dockerWorkflow.md", concepts=True).data.decode("utf-8")
    titles = _titles(svg)
    assert {"dockerWorkflow.md", "projectbrief.md", "progress.md", "CI/CD pipeline configuration"} <= titles
    assert "productContext.md" not in titles  # two steps away


def test_impact_view_holds_what_a_change_affects(project: Path) -> None:
    svg = diagram("memory-bank", impact="dockerWorkflow.md", concepts=True).data.decode("utf-8")
    titles = _titles(svg)
    assert {"dockerWorkflow.md", "dependencies.md", "Development environment setup"} <= titles
    assert "projectbrief.md" not in titles  # a dependency, not impacted
    assert "(distance 1)" in svg


def test_concepts_and_paths_are_drawn_only_on_request(project: Path) -> None:
    for view in ({}, {"focus": "dockerWorkflow.md"}, {"impact": "dockerWorkflow.md"}):
        svg = diagram("memory-bank", **view).data.decode("utf-8")  # type: ignore[arg-type]
        titles = _titles(svg)
        assert "dockerWorkflow.md" in titles
        assert not titles & {"CI/CD pipeline configuration", "Development environment setup"}, view
    assert run(["diagram", "memory-bank", "--impact", "dockerWorkflow.md", "--concepts", "-o", "i.svg"]) == 0
    assert "Development environment setup" in _titles((project / "i.svg").read_text(encoding="utf-8"))


def test_unknown_document_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["diagram", "memory-bank", "--focus", "nope.md"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_dot_builder_golden() -> None:
    bank = load(FIXTURES / "forms" / "entry-kinds" / "memory-bank")
    source = bank_dot(
        build_graph(bank),
        DiagramOptions(
            title="entry kinds",
            href=lambda node: f"{node}.html",
            severities={"a.md": "warning"},
            stale={"b.md"},
        ),
    )
    assert_golden(Path(__file__).parent / "fixtures" / "bank-entry-kinds.dot", source.dot)


def test_folding_above_the_threshold() -> None:
    bank = load(ROOT / "memory-bank")
    source = bank_dot(build_graph(bank), DiagramOptions(fold_threshold=3))
    assert source.note is not None and "folded" in source.note
    assert "(bank root)" in source.dot


def test_html_like_names_stay_text() -> None:
    graph = BankGraph()
    graph.add_node("<b>bold</b>", NodeKind.CONCEPT)
    graph.add_node("a.md", NodeKind.DOCUMENT, "<i>x</i>")
    graph.add_edge("<b>bold</b>", "a.md", EdgeKind.DECLARED)
    dot = bank_dot(graph, DiagramOptions()).dot
    assert 'label="<b>bold</b>"' in dot and "<<b>" not in dot
