"""Container architecture diagrams from Compose files, read statically (no Docker needed).

The public face of the Compose support, which is split by job: `compose_load` reads one
file safely, `compose_merge` normalises short syntax to long and merges files by the Compose
specification's rules, `compose_dot` draws the merged model as DOT. This module joins them
the way `docker compose -f base.yml -f override.yml` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mbtool.compose.dot import compose_to_dot
from mbtool.compose.load import MAX_COMPOSE_BYTES, MAX_VALUES, Model, read_compose_file
from mbtool.compose.merge import merge, normalise
from mbtool.errors import UsageError

__all__ = ["MAX_COMPOSE_BYTES", "MAX_VALUES", "Model", "compose_to_dot", "load_compose", "normalise"]


def load_compose(paths: Sequence[Path]) -> Model:
    """Read Compose files and merge them in order, base first, the way `docker compose -f ...` does."""
    if not paths:
        raise UsageError("no compose file given: pass --compose docker-compose.yml")
    merged: Model = {}
    for path in paths:
        merged = merge(merged, normalise(read_compose_file(path), str(path)), (), str(path))
    return merged
