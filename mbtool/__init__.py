"""mbtool: a compiler and dependency tracker for Memory Banks.

The library calls mirror the commands (`mbtool.check`, `mbtool.impact`, ...; see
`mbtool.api`). The facade is imported on first use: imports inside functions keep
start-up fast, so `import mbtool` stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = [
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


def __getattr__(name: str) -> Any:
    if name == "__version__":  # importlib.metadata alone costs ~40 ms: only when asked
        from mbtool.version import VERSION

        return VERSION
    if name in __all__:
        from mbtool import api

        return getattr(api, name)
    raise AttributeError(name)
