"""The one atomic writer behind `--fix`, `map`, `init`, `ack` and `--output`.

Temp file in the target's folder, fsync, then rename: a reader sees the old file or the new
one, never half of either, and a failure mid-write leaves the original intact and no temp
file behind. An existing file keeps its permissions and, where the process may set it, its
owner (a fix run as root in a container must not hand a user's file to root).

Guards, each for a way a careless or hostile setup could lose data:
- `root`: the real target (symlinks and symlinked folders resolved) must lie inside it, so a
  link in the bank never leads a write outside the project.
- `expected`: the bytes the change was planned from; if the file no longer holds them (an
  editor saved meanwhile), nothing is written and the caller is told, so the edit wins.
- a file without the owner's write bit is never written, even by root (who could):
  read-only is the user's word that mbtool must leave the file alone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from mbtool.errors import MbtoolError, UsageError


def write_atomic(
    path: Path,
    data: bytes,
    *,
    root: Path | None = None,
    expected: bytes | None = None,
    mode: int | None = None,
) -> bool:
    """Replace `path` with `data`; False (nothing written) when `expected` no longer matches.
    `mode` sets the permissions (a transcript is private: 0600) instead of keeping them."""
    target = real_target(path, root)
    ensure_writable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    status = _stat(target)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        kept = stat.S_IMODE(status.st_mode) if status else _default_mode()
        os.chmod(temp, mode if mode is not None else kept)
        if status is not None:
            _keep_owner(temp, status)
        if expected is not None and _current(target) != expected:
            Path(temp).unlink(missing_ok=True)
            return False
        os.replace(temp, target)
    except BaseException as error:
        Path(temp).unlink(missing_ok=True)
        if isinstance(error, OSError):
            reason = error.strerror or error.__class__.__name__
            raise MbtoolError(
                f"cannot write `{target.name}` ({reason}); the file was left unchanged"
            ) from error
        raise
    return True


def real_target(path: Path, root: Path | None) -> Path:
    """The file a write to `path` would change, refusing one outside `root` (exit 2)."""
    target = path.resolve()
    if root is not None:
        real_root = root.resolve()
        if target != real_root and real_root not in target.parents:
            raise UsageError(
                f"`{path.name}` leads outside the project (through a symbolic link); "
                "mbtool writes only inside the project"
            )
    return target


def ensure_writable(path: Path) -> None:
    """Refuse (exit 2) an existing file whose mode has no write bit for its owner."""
    status = _stat(path)
    if status is not None and stat.S_ISREG(status.st_mode) and not status.st_mode & stat.S_IWUSR:
        raise UsageError(
            f"`{path.name}` is read-only, so mbtool leaves it alone; make it writable (chmod u+w) first"
        )


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None  # missing (it will be created) or unreachable (the write itself reports it)


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keep_owner(temp: str, status: os.stat_result) -> None:
    if (status.st_uid, status.st_gid) == (os.geteuid(), os.getegid()):
        return
    # Only root may give a file away; a user's own write keeps the user's ownership.
    with contextlib.suppress(PermissionError, AttributeError):
        os.chown(temp, status.st_uid, status.st_gid)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
