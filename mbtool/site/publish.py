"""Putting a built site in place without ever removing a file mbtool did not write.

MkDocs empties its `site_dir` before building. So MkDocs builds into a fresh staging
folder beside the target, and this module moves the result into the target:

- before the build, `prepare` accepts a target that is missing, empty, holds mbtool's
  manifest (`.mbtool-site.json`, what the last build wrote, with a hash per file), or is
  recognisably an earlier MkDocs build (`index.html` plus a sitemap or search index);
  any other non-empty folder is refused (exit 2);
- after the build, `publish` refuses to overwrite a file the manifest does not list with
  the same hash (a file someone else wrote or changed), then moves every new file in,
  deletes only files the old manifest lists whose bytes are still what mbtool wrote, and
  records the new manifest. An earlier MkDocs build without a manifest is overwritten file
  by file, and nothing of it is deleted.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mbtool.errors import UsageError
from mbtool.writer import write_atomic

MANIFEST = ".mbtool-site.json"
MANIFEST_VERSION = 1
_MKDOCS_MARKERS = ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json")


@dataclass(frozen=True)
class Previous:
    """What the target folder held before this build, as far as mbtool may touch it."""

    target: Path
    written: dict[str, str] = field(default_factory=dict)  # manifest: relative path → sha256
    legacy: bool = False  # an earlier MkDocs build without a manifest: overwrite, never delete


def prepare(target: Path) -> Previous:
    """Decide, before anything is built, whether the site may go to `target`."""
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UsageError(f"site folder `{target.name}` is not a folder; pass another --site-dir")
    if not target.exists() or not any(target.iterdir()):
        return Previous(target)
    written = _read_manifest(target / MANIFEST)
    if written is not None:
        return Previous(target, written)
    if (target / "index.html").is_file() and any((target / name).is_file() for name in _MKDOCS_MARKERS):
        return Previous(target, legacy=True)
    raise UsageError(
        f"site folder `{target.name}` already holds files mbtool did not write; "
        "empty it or pass another --site-dir (mbtool never deletes what it did not write)"
    )


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A fresh folder beside the target for MkDocs to build into (same file system: moves are renames)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".mbtool-build-", dir=target.parent))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # ours: made above, holds only the build


def publish(built: Path, previous: Previous) -> None:
    """Move the build into the target; delete only unchanged files the last build wrote."""
    target = previous.target
    new = {path: _sha256(built / path) for path in _files(built)}
    for path in sorted(new):
        _check_writable(target, path, previous)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(new):
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        _move(built / path, destination)
    for path in sorted(set(previous.written) - set(new)):
        _remove_if_ours(target, path, previous.written[path])
    manifest = {"version": MANIFEST_VERSION, "generator": "mbtool", "files": dict(sorted(new.items()))}
    write_atomic(target / MANIFEST, (json.dumps(manifest, indent=1) + "\n").encode(), root=target)


def _files(folder: Path) -> list[str]:
    found = []
    for base, _dirs, names in os.walk(folder):
        for name in names:
            found.append((Path(base) / name).relative_to(folder).as_posix())
    return sorted(found)


def _check_writable(target: Path, path: str, previous: Previous) -> None:
    """Refuse before anything moves: a symlink or non-folder on the way, or a file not ours."""
    current = target
    for part in PurePosixPath(path).parts[:-1]:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            raise UsageError(f"site folder holds `{path}` behind a link or file mbtool did not write")
    destination = target / path
    if not destination.exists() and not destination.is_symlink():
        return
    if destination.is_symlink() or not destination.is_file():
        raise UsageError(f"site folder holds `{path}`, which is not a file mbtool wrote; move it away")
    if previous.legacy or previous.written.get(path) == _sha256(destination):
        return
    raise UsageError(
        f"site folder holds `{path}`, which mbtool did not write (or which changed since); "
        "move it away or pass another --site-dir"
    )


def _move(source: Path, destination: Path) -> None:
    try:
        os.replace(source, destination)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        shutil.copyfile(source, destination)


def _remove_if_ours(target: Path, path: str, digest: str) -> None:
    file = target / path
    if file.is_symlink() or not file.is_file() or _sha256(file) != digest:
        return  # changed or replaced since mbtool wrote it: not ours to delete any more
    file.unlink()
    folder = file.parent
    while folder != target and target in folder.parents:
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent


def _read_manifest(path: Path) -> dict[str, str] | None:
    """The manifest's files, or None when it is missing or not one mbtool wrote."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return {name: digest for name, digest in files.items() if _safe(name) and isinstance(digest, str)}


def _safe(name: object) -> bool:
    """A manifest entry names a file inside the site folder, nothing else."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name or "\0" in name:
        return False
    parts = PurePosixPath(name).parts
    return all(part not in ("", ".", "..") for part in parts) and name != MANIFEST


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
