"""The benchmark tools: a deterministic generator, a runner that survives missing commands, the report."""

from __future__ import annotations

import sys
from pathlib import Path

from mbtool.api import graph_json, load
from tests.perf.conftest import bench_module

generate = bench_module("generate")
report = bench_module("report")
runner = bench_module("run")


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_the_generator_is_deterministic_and_seed_shaped(tmp_path: Path) -> None:
    first = generate.generate(tmp_path / "a", 60)
    second = generate.generate(tmp_path / "b", 60)
    assert tree(first) == tree(second)
    documents = [path for path in first.rglob("*.md")]
    assert len(documents) == 60
    assert any("/" in path.relative_to(first).as_posix() for path in documents)  # nested folders
    sizes = [len(path.read_bytes()) for path in documents if path.name != "dependencies.md"]
    assert 2_000 < sum(sizes) / len(sizes) < 8_500
    text = (first / "progress.md").read_text()
    for part in (
        "## Dependencies",
        "- **Depends On:**",
        "- **Required By:**",
        "**Last Updated:**",
        "**Status:**",
        "**Next Review:**",
        "```bash",
    ):
        assert part in text


def test_generated_banks_have_both_and_one_sided_edges_and_no_cycles(tmp_path: Path) -> None:
    bank = generate.generate(tmp_path, 120)
    edges = graph_json(load(bank, cache=False))["edges"]
    sides = {tuple(edge["declared_by"]) for edge in edges}
    assert {("dependency", "dependent"), ("dependent",), ("dependency",)} <= sides
    import networkx as nx

    depends = nx.DiGraph((e["source"], e["target"]) for e in edges if e["source"] != "dependencies.md")
    assert nx.is_directed_acyclic_graph(depends)


def test_a_missing_command_is_an_na_row_and_a_failing_one_a_failed_row(tmp_path: Path) -> None:
    settings = runner.Settings(repeat=1, timeout=60, site_timeout=60, out=tmp_path, available={"graph"})
    missing = runner.Step("check (cold)", "check", [sys.executable, "-c", "pass"], "mbtool check")
    assert runner.best_of(missing, tmp_path, {}, settings, lambda: None).status == "n/a"
    failing = runner.Step("graph (warm)", "graph", [sys.executable, "-c", "import sys; sys.exit(3)"], "x")
    assert runner.best_of(failing, tmp_path, {}, settings, lambda: None).status.startswith("failed (rc 3")
    working = runner.Step("graph (warm)", "graph", [sys.executable, "-c", "x = bytearray(50_000_000)"], "x")
    measured = runner.best_of(working, tmp_path, {}, settings, lambda: None)
    assert measured.status == "ok" and measured.seconds > 0 and measured.peak_mb >= 45


def test_a_step_past_its_timeout_is_reported_not_waited_for(tmp_path: Path) -> None:
    settings = runner.Settings(repeat=1, timeout=0.5, site_timeout=60, out=tmp_path, available={"graph"})
    slow = runner.Step("graph (warm)", "graph", [sys.executable, "-c", "import time; time.sleep(30)"], "x")
    assert runner.best_of(slow, tmp_path, {}, settings, lambda: None).status == "timeout (> 0.5 s)"


def rows(check_seconds: float | None) -> list[object]:
    row = report.Row
    status = "ok" if check_seconds else "n/a"
    return [
        row("parse floor", "floor", "", "ok", 2.0, 20.0),
        row("check (cold)", "check", "parse", status, check_seconds, 100.0 if check_seconds else None),
        row("check (warm)", "check", "parse", status, check_seconds and check_seconds / 20, None),
        row("check (one edit)", "check", "parse", status, check_seconds and check_seconds / 2, None),
        row("graph (cold)", "graph", "parse", "ok", 3.0, 90.0),
        row("graph (warm)", "graph", "parse", "ok", 0.5, 90.0),
        row("impact (warm)", "impact", "parse", "n/a", None, None),
        row("impact (new target)", "impact", "parse", "ok", 0.6, 80.0),
        row("site floor", "mkdocs", "", "ok", 10.0, 80.0),
        row("site build (warm)", "build", "site", "ok", 12.0, 120.0),
    ]


def test_the_table_judges_targets_and_falls_back_to_graph_as_proxy() -> None:
    with_check = report.render_size(1000, 3, rows(1.5))
    assert (
        "| check (cold) | `check` | 1.50 s | 0.75× parse | 100 MB | ≤ 1.0× parse floor: 0.75× — met |"
        in with_check
    )
    assert "≤ 0.1× cold check: 0.05× — met" in with_check  # nothing changed
    assert "≤ 0.25× cold check: 0.50× — missed" in with_check  # one edit
    assert "≤ 0.25× cold check: 0.40× — missed" in with_check  # a new impact query
    assert "| impact (warm) | `impact` | n/a |" in with_check
    assert "1.20× site | 120 MB | ≤ 1.15× site floor: 1.20× — missed" in with_check
    proxy = report.render_size(10_000, 1, rows(None))
    assert "≤ 1.0× parse floor: 1.50× — missed (graph as proxy)" in proxy
    assert "≤ 0.1× cold graph: 0.17× — missed (graph as proxy)" in proxy
    assert "120 MB (target ≤ 500 MB at 10,000 documents: met)" in proxy
    site = report.render_size(300, 1, [row for row in rows(None) if "site" in row.name])
    assert "≤ 1.15× site floor: 1.20× — missed |" in site  # the site rows never stand in for anything


def test_the_tiny_files_table_has_its_own_title_and_region(tmp_path: Path) -> None:
    tiny = report.render_size(20_000, 3, rows(10.0)[:4], tiny=True)
    assert tiny.startswith("### 20,000 tiny files") and "at 10,000 documents" not in tiny
    page = tmp_path / "performance.md"
    report.write_docs(page, "- CPU", [report.render_size(20_000, 1, rows(1.0)), tiny], "bench/run.py")
    text = page.read_text(encoding="utf-8")
    assert "<!-- bench:size=20000-tiny:start -->" in text
    assert text.index("### 20,000 documents") < text.index("### 20,000 tiny files")


def test_writing_the_docs_replaces_only_the_sizes_that_ran(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    page.write_text("# Performance\n\nHand-written text.\n", encoding="utf-8")
    report.write_docs(
        page,
        "- CPU: one",
        [report.render_size(100, 1, rows(1.0)), report.render_size(10_000, 1, rows(9.0))],
        "bench/run.py",
    )
    report.write_docs(page, "- CPU: two", [report.render_size(100, 1, rows(2.0))], "bench/run.py --sizes 100")
    text = page.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\nHand-written text.\n")
    assert "- CPU: two" in text and "- CPU: one" not in text
    assert "### 100 documents" in text and "### 10,000 documents" in text
    assert "2.00 s" in text and "| check (cold) | `check` | 1.00 s" not in text
    assert text.index("### 100 documents") < text.index("### 10,000 documents")
