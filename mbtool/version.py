"""The installed version of mbtool, from the package metadata (one source: pyproject.toml)."""

from __future__ import annotations

from importlib import metadata

try:
    VERSION = metadata.version("mbtool")
except metadata.PackageNotFoundError:  # run from a source tree that was never installed
    VERSION = "0.0.0+unknown"
