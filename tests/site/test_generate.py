"""The engine-agnostic generator and the plugin's small hooks, without a full MkDocs build."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import analyse
from mbtool.site.content import relative_url
from mbtool.site.generate import generate
from mbtool.site.plugin import MemoryBankPlugin


def _bank(tmp_path: Path) -> Path:
    (tmp_path / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    bank = tmp_path / "memory-bank"
    bank.mkdir()
    (bank / "a.md").write_text(
        "# A\n\n- **Depends On:** b.md (the basics)\n\n```dot\ndigraph { x -> y }\n```\n\n"
        '```graphviz\ndigraph { n [image="/etc/hostname"] }\n```\n',
        encoding="utf-8",
    )
    (bank / "b.md").write_text("# B\n\n- **Required By:** a.md\n", encoding="utf-8")
    return bank


def test_dot_fences_render_inline_and_unsafe_ones_stay_text(tmp_path: Path) -> None:
    generated = generate(analyse(_bank(tmp_path), cache=False), prefix="memory-bank", site_name="t")
    page = generated.page_markdown("memory-bank/a.md", generated.pages["memory-bank/a.md"])
    body = page.split('<div class="mbtool-page-head"', 1)[1].split("</details>\n</div>", 1)[1]
    assert body.count("<svg") == 1  # the fence's picture (the page's neighbourhood is above it)
    assert 'image="/etc/hostname"' in page and "```text" in page
    assert any("image" in warning for warning in generated.warnings)


def test_panel_lists_both_directions_with_annotations(tmp_path: Path) -> None:
    generated = generate(analyse(_bank(tmp_path), cache=False), prefix="memory-bank", site_name="t")
    page_a = generated.page_markdown("memory-bank/a.md", generated.pages["memory-bank/a.md"])
    page_b = generated.page_markdown("memory-bank/b.md", generated.pages["memory-bank/b.md"])
    assert '<a href="../b/">b.md</a> — the basics' in page_a
    assert '<a href="../a/">a.md</a>' in page_b.split("<strong>Required By</strong>")[1]
    assert "a change affects 1 document" in page_b


def test_relative_urls_between_directory_pages() -> None:
    assert relative_url("mbtool/dependency-map/", "memory-bank/a/") == "../../memory-bank/a/"
    assert relative_url("index.html", "memory-bank/a/") == "memory-bank/a/"


def test_serve_watches_the_bank(tmp_path: Path) -> None:
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    plugin = MemoryBankPlugin()
    plugin.bank_root = tmp_path
    plugin.on_serve(Server(), config=None, builder=None)  # type: ignore[arg-type]
    assert watched == [str(tmp_path)]


def test_the_block_sits_under_the_title_and_its_counts_match_its_lists(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    (bank / "c.md").write_text(
        "# C\n\n- **Depends On:** a.md\n- **Required By:** Release process, `scripts/x.sh`\n",
        encoding="utf-8",
    )
    generated = generate(analyse(bank, cache=False), prefix="memory-bank", site_name="t")
    page_b = generated.page_markdown("memory-bank/b.md", generated.pages["memory-bank/b.md"])
    assert page_b.startswith('# B\n\n<div class="mbtool-page-head"')
    panel = page_b.split('<details class="info mbtool-panel"', 1)[1].split("</details>", 1)[0]
    # b ← a ← c, and the concept and the path rest on c: two documents affected, each listed.
    assert "a change affects 2 documents</summary>" in panel
    impact = panel.split("<strong>Impact</strong>", 1)[1].split("<strong>Freshness</strong>", 1)[0]
    assert impact.split("It also reaches")[0].count("<li>") == 2
    assert "It also reaches 2 concepts and paths" in impact
    assert "<details " in page_b and " open" not in page_b.split("</div>", 1)[0]


def test_each_finding_links_to_its_rule(tmp_path: Path) -> None:
    bank = _bank(tmp_path)
    (bank / "c.md").write_text("# C\n\nSee [gone](gone.md).\n", encoding="utf-8")
    generated = generate(analyse(bank, cache=False), prefix="memory-bank", site_name="t")
    page = generated.page_markdown("memory-bank/c.md", generated.pages["memory-bank/c.md"])
    findings = page.split('mbtool-findings">', 1)[1].split("</details>", 1)[0]
    link = '<a href="../../mbtool/rules/#mb205-broken-link" title="broken-link"><code>MB205</code></a>'
    assert link in findings


def test_the_local_picture_links_neighbours_and_never_uses_a_plain_href(tmp_path: Path) -> None:
    generated = generate(analyse(_bank(tmp_path), cache=False), prefix="memory-bank", site_name="t")
    page = generated.page_markdown("memory-bank/a.md", generated.pages["memory-bank/a.md"])
    picture = page.split('<figure class="mbtool-local">', 1)[1].split("</figure>", 1)[0]
    assert '<a xlink:href="../b/" class="mbtool-local-node"><title>b.md</title>' in picture
    # Material's instant navigation assigns `element.href` for every `[href]`: an SVG link's
    # `href` is read-only, so a plain `href` there is a script error on every page.
    assert " href=" not in picture.replace("xlink:href=", "")
