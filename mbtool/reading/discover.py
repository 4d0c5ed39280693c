"""discover: where the bank and the project are, and which files are the bank's documents.

Never reads outside the project root: a symlink that leaves it is reported (MB209) and not
followed; its target is never opened or echoed.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.config import Config, find_config_file, load_config
from mbtool.errors import UsageError
from mbtool.model import Position, ReadProblem

_SKIPPED_DIRS = frozenset({".git", "node_modules", "__pycache__", ".venv"})


@dataclass(frozen=True)
class Location:
    bank: Path  # absolute, resolved
    project: Path  # absolute, resolved
    config: Config
    config_path: Path | None

    def bank_relative(self, path: Path) -> str:
        return path.relative_to(self.bank).as_posix()


@dataclass
class Listing:
    files: list[tuple[str, Path]] = field(default_factory=list)  # (bank-relative, absolute)
    problems: list[tuple[str, ReadProblem]] = field(default_factory=list)


def locate(
    bank: str | os.PathLike[str] | None, cwd: Path | None = None, config: Config | None = None
) -> Location:
    """The bank from the argument, else `[tool.mbtool] bank`, else `memory-bank/` under cwd."""
    cwd = (cwd or Path.cwd()).resolve()
    if bank is not None:
        bank_path = (cwd / bank).resolve()
        config_path = find_config_file(project_root(bank_path)) if config is None else None
    else:
        config_path = find_config_file(cwd) if config is None else None
        loaded = config or load_config(config_path)
        base = config_path.parent if config_path is not None else cwd
        bank_path = (base / (loaded.bank or "memory-bank")).resolve()
    if not bank_path.is_dir():
        shown = bank if bank is not None else bank_path.name
        raise UsageError(
            f"bank folder `{shown}` does not exist; pass the bank folder, e.g. `mbtool check memory-bank`"
        )
    final = config or load_config(config_path)
    return Location(bank_path, project_root(bank_path), final, config_path)


def project_root(bank: Path) -> Path:
    """The nearest ancestor holding `.git`, `pyproject.toml` or `mbtool.toml`, else the bank's parent."""
    for folder in bank.parents:
        if any((folder / marker).exists() for marker in (".git", "pyproject.toml", "mbtool.toml")):
            return folder
    return bank.parent


def inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def list_documents(location: Location) -> Listing:
    listing = Listing()
    seen_dirs: set[Path] = set()
    _walk(location, location.bank, listing, seen_dirs)
    listing.files.sort()
    listing.problems.sort(key=lambda item: item[0])
    return listing


def _walk(location: Location, folder: Path, listing: Listing, seen: set[Path]) -> None:
    real = folder.resolve()
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        rel = location.bank_relative(folder) if folder != location.bank else "."
        listing.problems.append((rel, _finding("MB002", f"folder cannot be listed: {exc.strerror}")))
        return
    for entry in entries:
        path = Path(entry.path)
        rel = location.bank_relative(path)
        if _excluded(rel, location.config.exclude):
            continue
        if entry.is_symlink():
            _symlink(location, entry, path, rel, listing, seen)
        elif entry.is_dir(follow_symlinks=False):
            if entry.name.lower().endswith(".md"):
                listing.problems.append(
                    (rel, _finding("MB002", "a folder named like a document is not a document"))
                )
            if entry.name not in _SKIPPED_DIRS and not entry.name.startswith("."):
                _walk(location, path, listing, seen)
        elif entry.name.lower().endswith(".md"):
            listing.files.append((rel, path))


def _symlink(
    location: Location, entry: os.DirEntry[str], path: Path, rel: str, listing: Listing, seen: set[Path]
) -> None:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if entry.name.lower().endswith(".md"):
            listing.problems.append((rel, _finding("MB002", "symbolic link is broken or loops")))
        return
    if not inside(target, location.project):
        listing.problems.append((rel, _finding("MB209", "symbolic link leaves the project; not followed")))
    elif target.is_dir():
        _walk(location, path, listing, seen)
    elif entry.name.lower().endswith(".md"):
        listing.files.append((rel, path))


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel, pattern)
        or fnmatch.fnmatchcase(rel + "/", pattern)
        or (rel.startswith(pattern.rstrip("/*") + "/") and pattern.endswith("/**"))
        for pattern in patterns
    )


def _finding(code: str, message: str) -> ReadProblem:
    return ReadProblem(code=code, message=message, position=Position(line=1, column=1))
