"""Reading one file's bytes: regular files only, under a size limit, never blocking.

A FIFO or device named `*.md` would block a plain `open()` forever (nothing ever writes to
it), so the file is opened non-blocking and checked with `fstat` before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_file(path: Path, limit: int | None = None) -> bytes | str:
    """The file's bytes, or a one-line reason it cannot be read. `limit` (default
    `MAX_FILE_BYTES`, the limit for documents) is the largest size read."""
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        return "file cannot be read: permission denied"
    except OSError as exc:
        return f"file cannot be read: {exc.strerror or exc.__class__.__name__}"
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return "not a regular file (a FIFO, socket or device); not read"
        if status.st_size > limit:
            return f"file is larger than {limit // (1024 * 1024)} MiB; not read"
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(limit + 1)[:limit]
    except OSError as exc:
        return f"file cannot be read: {exc.strerror or exc.__class__.__name__}"
    finally:
        os.close(descriptor)
