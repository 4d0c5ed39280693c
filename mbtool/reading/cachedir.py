"""Where mbtool keeps its caches: `$MBTOOL_CACHE_DIR`, else the platform's user cache folder.

A module of its own (standard library only) so the result cache's fast path can find the
folder without importing the configuration model.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "MBTOOL_CACHE_DIR"


def cache_dir() -> Path:
    """`$MBTOOL_CACHE_DIR`, else the platform's user cache folder for mbtool."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir  # start-up: only when no folder is configured

    return Path(user_cache_dir("mbtool", appauthor=False))
