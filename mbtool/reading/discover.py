"""discover: where the bank and the project are, and which files are the bank's documents.

Never reads outside the project root: a symlink that leaves it is reported (MB209) and not
followed; its target is never opened or echoed.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.config import Config, find_config_file, load_config
from mbtool.errors import UsageError
from mbtool.model import Position, ReadProblem

_SKIPPED_DIRS = frozenset({".git", "node_modules", "__pycache__", ".venv"})
_PROJECT_MARKERS = (".git", "pyproject.toml", "mbtool.toml")
BANK_NAME = re.compile(r"\.?memory[-_ ]?bank", re.IGNORECASE)
# Core document names of every built-in profile: a folder holding one is a bank.
_CORE_NAMES = (
    "projectbrief.md",
    "productContext.md",
    "activeContext.md",
    "systemPatterns.md",
    "techContext.md",
    "progress.md",
    "decisionLog.md",
    "tasks.md",
)


@dataclass(frozen=True)
class Location:
    bank: Path  # absolute, resolved
    project: Path  # absolute, resolved
    config: Config
    config_path: Path | None
    # False when no `.git`/`pyproject.toml`/`mbtool.toml` lies above the bank, so `project`
    # is only the bank's parent: paths outside the bank cannot be verified there.
    project_found: bool = True

    def bank_relative(self, path: Path) -> str:
        return path.relative_to(self.bank).as_posix()


@dataclass
class Listing:
    files: list[tuple[str, Path]] = field(default_factory=list)  # (bank-relative, absolute)
    problems: list[tuple[str, ReadProblem]] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # every folder listed (the result cache stats them)


def locate(
    bank: str | os.PathLike[str] | None, cwd: Path | None = None, config: Config | None = None
) -> Location:
    """The bank from the argument, else `[tool.mbtool] bank`, else `memory-bank/` under cwd
    (else cwd itself when it looks like a bank: you are standing in it).

    A bank argument that is a file, a folder without Markdown, or nothing at all is a
    `UsageError` saying what was found and what to pass instead (DESIGN §6).
    """
    cwd = (cwd or Path.cwd()).resolve()
    if bank is not None:
        bank_path = (cwd / bank).resolve()
        shown = str(bank)
        config_path = find_config_file(project_root(bank_path)) if config is None else None
    else:
        config_path = find_config_file(cwd) if config is None else None
        loaded = config or load_config(config_path)
        base = config_path.parent if config_path is not None else cwd
        bank_path = (base / (loaded.bank or "memory-bank")).resolve()
        shown = loaded.bank or "memory-bank"
        if loaded.bank is None and not bank_path.exists() and _looks_like_bank(cwd):
            bank_path, shown = cwd, "."
    final = config or load_config(config_path)  # a broken configuration is reported first
    check_bank_folder(bank_path, shown)
    return Location(bank_path, project_root(bank_path), final, config_path, has_project(bank_path))


def check_bank_folder(path: Path, shown: str) -> None:
    """A `UsageError` unless `path` is a folder holding at least one Markdown file."""
    if path.is_file():
        parent = Path(shown).parent.as_posix()
        raise UsageError(
            f"`{shown}` is a file, not a bank folder; pass the folder that holds it (`{parent}`)"
        )
    if not path.is_dir():
        hint = _suggestion(path.parent if path.parent.is_dir() else Path.cwd())
        raise UsageError(f"bank folder `{shown}` does not exist; pass the bank folder{hint}")
    if not _holds_markdown(path):
        hint = _suggestion(path)
        raise UsageError(
            f"`{shown}` holds no Markdown (`.md`) files, so it is not a memory bank; "
            f"pass the folder holding the bank's documents{hint}"
        )


def _looks_like_bank(folder: Path) -> bool:
    """The current folder is itself a bank: named like one, or holding a core document."""
    if BANK_NAME.fullmatch(folder.name):
        return _holds_markdown(folder)
    return any((folder / name).is_file() for name in _CORE_NAMES)


def _holds_markdown(folder: Path, budget: int = 20_000) -> bool:
    """Whether any `*.md` file lies below `folder` (stops at the first; bounded walk)."""
    for _, dirs, files in os.walk(folder):
        if any(name.lower().endswith(".md") for name in files):
            return True
        dirs[:] = [name for name in dirs if name not in _SKIPPED_DIRS and not name.startswith(".")]
        budget -= len(files) + len(dirs)
        if budget <= 0:
            return False
    return False


def _suggestion(folder: Path) -> str:
    """`, e.g. `x/memory-bank`` for a bank-named folder found near `folder`, else a generic example."""
    try:
        for depth_pattern in ("*", "*/*"):
            for candidate in sorted(folder.glob(depth_pattern)):
                if candidate.is_dir() and BANK_NAME.fullmatch(candidate.name):
                    return f", e.g. `{candidate.relative_to(folder).as_posix()}`"
    except OSError:
        pass
    return " (e.g. `memory-bank`, or `.` from inside it)"


def project_root(bank: Path) -> Path:
    """The nearest ancestor holding `.git`, `pyproject.toml` or `mbtool.toml`, else the bank's parent."""
    return _marked_root(bank) or bank.parent


def has_project(bank: Path) -> bool:
    """Whether a real project root (a marker file) lies above the bank."""
    return _marked_root(bank) is not None


def _marked_root(bank: Path) -> Path | None:
    for folder in bank.parents:
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder
    return None


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
    listing.folders.append(folder)
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
