"""The public library API: `mbtool.__all__` is pinned, and every command's call takes the bank first."""

from __future__ import annotations

import inspect
from pathlib import Path

import mbtool
from mbtool import api

PUBLIC = [
    "__version__",
    "ack",
    "analyse",
    "build_site",
    "check",
    "check_procedures",
    "compose_diagram",
    "context",
    "diagram",
    "export_procedure",
    "get_procedure",
    "graph_dot",
    "graph_json",
    "impact",
    "init",
    "list_procedures",
    "load",
    "map_json",
    "map_status",
    "rule_docs",
    "run_procedure",
    "serve_mcp",
    "serve_site",
    "write_map",
]
NOT_ABOUT_A_BANK = {"__version__", "compose_diagram", "rule_docs"}


def test_all_is_pinned() -> None:
    assert mbtool.__all__ == PUBLIC


def test_every_name_resolves_to_the_facade() -> None:
    for name in PUBLIC:
        value = getattr(mbtool, name)
        if name != "__version__":
            assert value is getattr(api, name) and callable(value)


def test_no_subpackage_shadows_a_library_call() -> None:
    """`import mbtool.x.y` sets the attribute `mbtool.x`; a package named like a call would
    replace the call for everyone once imported (why the check stage is `checks`)."""
    package = Path(mbtool.__file__).parent
    modules = {path.stem for path in package.glob("*.py")} | {
        path.name for path in package.iterdir() if (path / "__init__.py").is_file()
    }
    assert not modules & set(PUBLIC)


def test_the_bank_comes_first() -> None:
    for name in sorted(set(PUBLIC) - NOT_ABOUT_A_BANK):
        first = next(iter(inspect.signature(getattr(api, name)).parameters))
        assert first == "bank", f"mbtool.{name} takes `{first}` first"


def test_importing_mbtool_loads_no_heavy_dependency() -> None:
    import subprocess
    import sys

    heavy = ("pydantic", "networkx", "markdown_it")
    code = f"import sys, mbtool; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
