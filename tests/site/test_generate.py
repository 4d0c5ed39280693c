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
    assert page.count("<svg") == 1
    assert 'image="/etc/hostname"' in page and "```text" in page
    assert any("image" in warning for warning in generated.warnings)


def test_panel_lists_both_directions_with_annotations(tmp_path: Path) -> None:
    generated = generate(analyse(_bank(tmp_path), cache=False), prefix="memory-bank", site_name="t")
    page_a = generated.page_markdown("memory-bank/a.md", generated.pages["memory-bank/a.md"])
    page_b = generated.page_markdown("memory-bank/b.md", generated.pages["memory-bank/b.md"])
    assert "[b.md](b.md) — the basics" in page_a
    assert "[a.md](a.md)" in page_b.split("**Required By**")[1]
    assert "changes here affect 1 document" in page_b


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
