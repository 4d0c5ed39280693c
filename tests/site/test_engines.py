"""The site under ProperDocs and Zensical: the same pages, panels and neighbourhoods as MkDocs.

Each build runs in its own process, as a user runs it: ProperDocs takes `mkdocs`'s place
before anything imports it, which a test process that already loaded MkDocs cannot undo.
ProperDocs must build the project's bank with `--strict`; Zensical (alpha software) is
non-blocking: when it fails for a reason of its own, the test is skipped with that reason.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mbtool.errors import UsageError
from mbtool.site import engines
from tests.conftest import ROOT
from tests.hostile.site_bank import DOCUMENTS, write_hostile_project
from tests.hostile.test_site_safety import problems_in

BANK_DOCUMENTS = sorted(p.stem for p in (ROOT / "memory-bank").glob("*.md"))


def _build(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mbtool", "build", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def _assert_panels(site: Path) -> None:
    """Every bank page has its collapsed panel under the title; the map is interactive."""
    for stem in BANK_DOCUMENTS:
        html = (site / "memory-bank" / stem / "index.html").read_text(encoding="utf-8")
        assert '<details class="info mbtool-panel"' in html or '<details class="warning mbtool-panel"' in html
        assert html.index("mbtool-panel") < html.index("<h2"), stem  # near the top
        for link in re.findall(
            r'<a href="(\.\./[^"#]+)"', html.split("mbtool-panel", 1)[1].split("</details>")[0]
        ):
            assert (site / "memory-bank" / stem / link / "index.html").resolve().is_file(), (stem, link)
    docker = (site / "memory-bank" / "dockerWorkflow" / "index.html").read_text(encoding="utf-8")
    assert "mbtool-local-graph" in docker
    map_page = (site / "mbtool" / "dependency-map" / "index.html").read_text(encoding="utf-8")
    assert "mb-node" in map_page and "mbtool-legend" in map_page and "mbtool.js" in map_page
    assert (site / "mbtool" / "mbtool.js").is_file()


def test_properdocs_builds_the_projects_bank_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = _build(ROOT, "--engine", "properdocs", "--strict", "--site-dir", str(site))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "ProperDocs" in (site / "index.html").read_text(encoding="utf-8")
    _assert_panels(site)


def _zensical(cwd: Path, site: Path, *args: str) -> None:
    done = _build(cwd, "--engine", "zensical", "--site-dir", str(site), *args)
    if done.returncode not in (0, 1) and "site build failed (zensical)" in done.stderr:
        pytest.skip(f"Zensical failed on its own: {done.stderr.strip()[:300]}")
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr


def test_zensical_builds_the_projects_bank(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _zensical(ROOT, site)
    _assert_panels(site)
    assert (site / "rules" / "index.html").is_file()  # the project's own pages come along


def test_zensical_publishes_nothing_that_runs_from_a_hostile_bank(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write_hostile_project(project)
    site = tmp_path / "site"
    _zensical(project, site)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= len(DOCUMENTS)
    found = {}
    for page in pages:
        problems = [
            problem
            for problem in problems_in(page.read_text(encoding="utf-8", errors="replace"))
            # Zensical's theme scripts live elsewhere than Material's; only ours and theirs run.
            if "that is neither the theme's nor mbtool's" not in problem or "xss" in problem
        ]
        if problems:
            found[page.relative_to(site).as_posix()] = problems
    assert found == {}


def test_the_default_engine_is_the_first_installed() -> None:
    assert engines.choose(None) == "mkdocs"
    assert engines.choose("zensical") == "zensical"
    with pytest.raises(UsageError, match="unknown engine"):
        engines.choose("sphinx")


def test_properdocs_cannot_follow_mkdocs_in_one_process() -> None:
    import mkdocs.plugins  # noqa: F401  (this test process runs MkDocs)

    with pytest.raises(UsageError, match="already loaded MkDocs"):
        engines.family("properdocs")
