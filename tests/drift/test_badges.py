"""The drift badge: on the document's site panel and in `map --format json`, never in the map
document's generated region (a code commit must not make the map stale)."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import analyse, map_json, map_status, write_map
from mbtool.site.generate import generate
from tests.drift.repo import Repo, needs_git

pytestmark = needs_git


def drifted(root: Path) -> Repo:
    repo = Repo(root)
    repo.commit(
        "Start",
        "2026-01-05",
        {
            "src/app.py": "X = 1\n",
            "memory-bank/system.md": "# System\n\n- **Describes:** src/app.py\n"
            "- **Required By:** active.md\n\n**Last Reviewed:** 2026-01-10\n",
            "memory-bank/active.md": "# Active\n\n- **Depends On:** system.md\n",
        },
    )
    write_map(repo.bank)
    repo.commit("Map", "2026-01-06")
    return repo


def test_the_site_panel_shows_the_badge(tmp_path: Path) -> None:
    repo = drifted(tmp_path)
    quiet = generate(analyse(repo.bank, cache=False), prefix="memory-bank", site_name="t")
    assert "code drift" not in quiet.page_markdown(
        "memory-bank/system.md", quiet.pages["memory-bank/system.md"]
    )
    repo.commit("Change", "2026-01-11", {"src/app.py": "X = 2\n"})
    generated = generate(analyse(repo.bank, cache=False), prefix="memory-bank", site_name="t")
    page = generated.page_markdown("memory-bank/system.md", generated.pages["memory-bank/system.md"])
    assert '<details class="warning mbtool-panel"' in page and "· code drift</summary>" in page
    assert "<li>Code drift: `src/app.py` changed in 1 commit" in page
    assert "<li>Last Reviewed: 2026-01-10</li>" in page
    active = generated.page_markdown("memory-bank/active.md", generated.pages["memory-bank/active.md"])
    assert '<details class="info mbtool-panel"' in active and "<li>Suspect: rests on" in active


def test_the_map_json_carries_the_badge_and_the_region_stays_fresh(tmp_path: Path) -> None:
    repo = drifted(tmp_path)
    repo.commit("Change", "2026-01-11", {"src/app.py": "X = 2\n"})
    nodes = {node["id"]: node for node in map_json(analyse(repo.bank, cache=False))["nodes"]}
    assert nodes["system.md"]["drift"] == {
        "described": 1,
        "changed": ["src/app.py"],
        "declared": True,
        "commits": 1,
        "review_point": "after this document's review point (Last Reviewed 2026-01-10)",
    }
    assert nodes["active.md"]["drift"] is None
    assert map_status(analyse(repo.bank, cache=False)).fresh
