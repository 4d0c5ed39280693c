"""The one atomic writer behind `--fix`, `map`, `init` and `--output`.

Temp file in the target's folder, fsync, then rename: a reader sees the old file or the new
one, never half of either, and a failure mid-write leaves the original intact and no temp
file behind. An existing file keeps its permissions; a symbolic link is written through to
its target. A file without the owner's write bit is never written, even by root (who could):
read-only is the user's word that mbtool must leave the file alone.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from mbtool.errors import MbtoolError, UsageError


def write_atomic(path: Path, data: bytes) -> None:
    target = path.resolve() if path.is_symlink() else path
    ensure_writable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_of(target)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            reason = error.strerror or error.__class__.__name__
            raise MbtoolError(
                f"cannot write `{target.name}` ({reason}); the file was left unchanged"
            ) from error
        raise


def ensure_writable(path: Path) -> None:
    """Refuse (exit 2) an existing file whose mode has no write bit for its owner."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing (it will be created) or unreachable (the write itself reports it)
    if stat.S_ISREG(mode) and not mode & stat.S_IWUSR:
        raise UsageError(
            f"`{path.name}` is read-only, so mbtool leaves it alone; make it writable (chmod u+w) first"
        )


def _mode_of(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
