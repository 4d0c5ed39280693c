"""mbtool: a compiler and dependency tracker for Memory Banks.

The library calls mirror the commands: `mbtool.load`, `mbtool.check`, `mbtool.impact`,
`mbtool.graph_json`. They are imported lazily so `import mbtool` stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "graph_json", "impact", "load"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mbtool import api

        return getattr(api, name)
    raise AttributeError(name)
