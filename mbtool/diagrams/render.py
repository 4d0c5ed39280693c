"""The renderer adapter: the only place in mbtool that runs a Graphviz executable.

The default renderer is `graphviz-pure`, a self-contained port of `dot` installed with
mbtool as a Python dependency, so diagrams work on machines without system Graphviz. The
system `dot` is used only when the user asks for it (`--renderer dot`).

A layout's cost grows fast with the graph (a 10,000-document render once used ~24 GB), so
the renderer runs under a time limit and, on Linux, an address-space limit; past either it
is stopped and the caller gets a UsageError saying what to draw instead.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import sysconfig
from typing import Literal, get_args

from mbtool.errors import UsageError

Format = Literal["svg", "png", "dot"]
FORMATS: tuple[str, ...] = get_args(Format)
RENDERERS = ("pure", "dot")
RENDER_TIMEOUT = 120.0  # seconds
RENDER_MEMORY_BYTES = 2 * 1024**3  # address space the renderer may use

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


def render(
    dot_source: str,
    fmt: Format,
    renderer: str = "pure",
    timeout: float = RENDER_TIMEOUT,
    memory: int = RENDER_MEMORY_BYTES,
) -> bytes:
    """Lay out `dot_source` and return the image bytes; fmt "dot" returns the source itself.

    graphviz-pure output depends only on its input (its version comment is fixed), so the
    bytes are passed through untouched. The renderer gets `timeout` seconds and `memory`
    bytes of address space.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown diagram format `{fmt}`: use one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot_source.encode("utf-8")
    executable = find_renderer(renderer)
    try:
        process = subprocess.Popen(
            [executable, f"-T{fmt}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise UsageError(
            f"{_name(renderer)} could not be started ({exc.strerror}): {_hint(renderer)}"
        ) from None
    _limit_memory(process.pid, memory)
    try:
        stdout, stderr = process.communicate(dot_source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise UsageError(
            f"{_name(renderer)} took longer than {timeout:g}s: draw less (--focus) "
            "or write --format dot and render it yourself"
        ) from None
    if process.returncode != 0:
        raise UsageError(f"{_name(renderer)} failed: {_failure(process.returncode, stderr, memory)}")
    return stdout


def _limit_memory(pid: int, memory: int) -> None:
    """Cap the renderer's address space (Linux `prlimit`; elsewhere only the time limit applies).
    Set right after start, while the renderer still waits for its input."""
    prlimit = getattr(resource, "prlimit", None)
    if prlimit is not None:
        with contextlib.suppress(OSError, ValueError):
            prlimit(pid, resource.RLIMIT_AS, (memory, memory))


def _failure(returncode: int, stderr: bytes, memory: int) -> str:
    text = stderr.decode("utf-8", "replace").lower()
    if returncode < 0 or "memory" in text or "alloc" in text:
        name = _signal_name(-returncode) if returncode < 0 else f"exit status {returncode}"
        return (
            f"stopped ({name}), most likely at its memory limit of {memory // 1024**2} MiB: "
            "draw less (--focus) or write --format dot and render it yourself"
        )
    return _first_line(stderr)


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


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _first_line(stderr: bytes) -> str:
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0] if lines else "no error message (exit status non-zero)"


def _name(renderer: str) -> str:
    return _PURE if renderer == "pure" else "dot"


def _hint(renderer: str) -> str:
    return _PURE_HINT if renderer == "pure" else _DOT_HINT
