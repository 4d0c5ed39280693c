"""The library face of every command: what the CLI prints, these functions return."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mbtool.bank import Bank, load_bank
from mbtool.config import Config
from mbtool.discover import locate
from mbtool.graph import build_graph, to_json


def load(
    bank: str | os.PathLike[str] | None = None, *, cwd: Path | None = None, config: Config | None = None
) -> Bank:
    """Discover, parse and resolve a bank (DESIGN §3)."""
    return load_bank(locate(bank, cwd=cwd, config=config))


def graph_json(bank: Bank) -> dict[str, Any]:
    return to_json(build_graph(bank))
