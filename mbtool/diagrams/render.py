"""The renderer adapter: the only place in mbtool that runs a Graphviz executable.

The default renderer is `graphviz-pure`, a self-contained port of `dot` installed with
mbtool as a Python dependency, so diagrams work on machines without system Graphviz. The
system `dot` is used only when the user asks for it (`--renderer dot`).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from typing import Literal, get_args

from mbtool.errors import UsageError

Format = Literal["svg", "png", "dot"]
FORMATS: tuple[str, ...] = get_args(Format)
RENDERERS = ("pure", "dot")

_PURE = "graphviz-pure"
_PURE_HINT = (
    "reinstall mbtool (`uv sync`) to get graphviz-pure, or pass --renderer dot with Graphviz installed"
)
_DOT_HINT = "install Graphviz (e.g. `apt-get install graphviz`) or use the default --renderer pure"
_OPAQUE_TITLE = re.compile(rb"<title>([ng]\d+)</title>")
# An SVG prologue: the XML declaration and a DOCTYPE (with an optional internal subset).
_PROLOGUE = re.compile(r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>\s*)?")


def find_renderer(renderer: str = "pure") -> str:
    """The path of the executable for `renderer` ("pure" or "dot"), or a UsageError saying what to do."""
    if renderer == "pure":
        found = _pure_executable()
        if found is None:
            raise UsageError(f"{_PURE} was not found: {_PURE_HINT}")
        return found
    if renderer == "dot":
        found = shutil.which("dot")
        if found is None:
            raise UsageError(f"`dot` was not found on PATH: {_DOT_HINT}")
        return found
    raise UsageError(f"unknown renderer `{renderer}`: use --renderer pure or --renderer dot")


def _pure_executable() -> str | None:
    """graphviz-pure beside the running interpreter first, so an activated or not venv both work."""
    folders = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable)]
    for folder in dict.fromkeys(folders):  # ordered and without duplicates
        found = shutil.which(_PURE, path=folder)
        if found is not None:
            return found
    return shutil.which(_PURE)


def render(dot_source: str, fmt: Format, renderer: str = "pure", timeout: float = 120) -> bytes:
    """Lay out `dot_source` and return the image bytes; fmt "dot" returns the source itself.

    graphviz-pure output depends only on its input (its version comment is fixed), so the
    bytes are passed through untouched.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown diagram format `{fmt}`: use one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot_source.encode("utf-8")
    executable = find_renderer(renderer)
    try:
        done = subprocess.run(
            [executable, f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UsageError(
            f"{_name(renderer)} took longer than {timeout:g}s: draw less (--focus) "
            "or write --format dot and render it yourself"
        ) from None
    except OSError as exc:
        raise UsageError(
            f"{_name(renderer)} could not be started ({exc.strerror}): {_hint(renderer)}"
        ) from None
    if done.returncode != 0:
        raise UsageError(f"{_name(renderer)} failed: {_first_line(done.stderr)}")
    return done.stdout


def restore_titles(svg: bytes, titles: dict[str, str]) -> bytes:
    """Put the node names back into the SVG's `<title>` elements (the DOT used opaque ids)."""
    if not titles:
        return svg

    def title(match: re.Match[bytes]) -> bytes:
        name = titles.get(match.group(1).decode("ascii"))
        return b"<title>" + html.escape(name).encode("utf-8") + b"</title>" if name else match.group(0)

    return _OPAQUE_TITLE.sub(title, svg)


def svg_for_inline(svg: bytes) -> str:
    """The SVG without its XML declaration and DOCTYPE, ready to embed inline in HTML."""
    return _PROLOGUE.sub("", svg.decode("utf-8"), count=1)


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0] if lines else "no error message (exit status non-zero)"


def _name(renderer: str) -> str:
    return _PURE if renderer == "pure" else "dot"


def _hint(renderer: str) -> str:
    return _PURE_HINT if renderer == "pure" else _DOT_HINT
