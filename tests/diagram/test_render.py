"""The renderer adapter: graphviz-pure by default, system `dot` on request, one-line errors."""

from __future__ import annotations

import importlib
import re
import stat
import sys
from pathlib import Path

import pytest

from mbtool.compose import compose_to_dot, load_compose
from mbtool.diagrams.render import find_renderer, render, svg_for_inline
from mbtool.errors import UsageError

FIXTURE = Path(__file__).parent / "fixtures" / "compose"
# The package re-exports the `render` function, which hides the submodule of the same name
# from `import mbtool.diagrams.render as ...`; import_module returns the module itself.
render_module = importlib.import_module("mbtool.diagrams.render")
TINY = 'digraph g { a [href="https://example.org/a.html" tooltip="A"]; a -> b }'


def fake_renderer(tmp_path: Path, body: str) -> str:
    """A stand-in executable, so failure paths run a real process."""
    script = tmp_path / "fake-renderer"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_graphviz_pure_is_found_beside_the_interpreter() -> None:
    assert Path(find_renderer()).name.startswith("graphviz-pure")


def test_graphviz_pure_missing_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_module.sysconfig, "get_path", lambda name: str(tmp_path))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    monkeypatch.setenv("PATH", "")
    with pytest.raises(UsageError, match=r"uv sync.*--renderer dot"):
        find_renderer("pure")


def test_dot_missing_from_path_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(UsageError, match="`dot` was not found on PATH"):
        find_renderer("dot")


def test_unknown_renderer_and_format() -> None:
    with pytest.raises(UsageError, match="unknown renderer `neato`"):
        find_renderer("neato")
    with pytest.raises(UsageError, match="unknown diagram format `pdf`"):
        render(TINY, "pdf")  # type: ignore[arg-type]


def test_dot_format_returns_the_source_unchanged() -> None:
    assert render(TINY, "dot") == TINY.encode()


def test_the_fixture_renders_to_svg_with_every_service() -> None:
    dot = compose_to_dot(
        load_compose([FIXTURE / "docker-compose.yml", FIXTURE / "docker-compose.override.yml"])
    )
    svg = render(dot, "svg").decode()
    titles = set(re.findall(r"<title>([^<]*)</title>", svg))
    assert {f"service_{name}" for name in ("web", "api", "db", "migrate", "adminer")} <= titles
    assert {"volume_dbdata", "secret_db_password"} <= titles


def test_href_becomes_an_svg_link() -> None:
    assert '<a xlink:href="https://example.org/a.html"' in render(TINY, "svg").decode()


def test_rendering_is_deterministic() -> None:
    assert render(TINY, "svg") == render(TINY, "svg")
    assert render(TINY, "png") == render(TINY, "png")


def test_png_is_supported_by_graphviz_pure() -> None:
    assert render(TINY, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_a_syntax_error_reports_the_renderers_first_line() -> None:
    with pytest.raises(UsageError, match=r"graphviz-pure failed: .*syntax error in line 1") as caught:
        render("digraph { a -> ", "svg")
    assert "\n" not in str(caught.value)


def test_a_failing_renderer_reports_its_first_stderr_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_renderer(tmp_path, "echo '' >&2; echo 'first problem' >&2; echo 'second' >&2; exit 3")
    monkeypatch.setattr(render_module, "find_renderer", lambda renderer: script)
    with pytest.raises(UsageError, match=r"failed: first problem$"):
        render(TINY, "svg")


def test_a_slow_renderer_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fake_renderer(tmp_path, "exec sleep 10")
    monkeypatch.setattr(render_module, "find_renderer", lambda renderer: script)
    with pytest.raises(UsageError, match=r"took longer than 0\.2s"):
        render(TINY, "svg", timeout=0.2)


def test_svg_for_inline_drops_the_prologue() -> None:
    inline = svg_for_inline(render(TINY, "svg"))
    assert "<?xml" not in inline and "<!DOCTYPE" not in inline
    assert inline.lstrip().startswith(("<svg", "<!--"))
    assert inline.rstrip().endswith("</svg>")


def test_svg_for_inline_keeps_an_svg_without_prologue() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><title>x</title></svg>'
    assert svg_for_inline(svg) == svg.decode()
