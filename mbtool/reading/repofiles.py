"""The project's files, as the repository sees them: what a path written in a document can name.

Documents name files loosely: a bare `lint-ci.mjs` for `scripts/lint-ci.mjs`, a suffix such as
`config/proxyRegistry.ts` for `src/config/proxyRegistry.ts`. `ProjectFiles` answers "which
project files could this mean?" from one listing per run:

- in a git work tree, `git ls-files` (tracked files plus untracked ones that are not
  ignored), so build output and other ignored files are never candidates;
- otherwise a walk of the project honouring every `.gitignore` on the way (and skipping
  `.git`), never following a symbolic link out of the project.

Folders are derived from the files. Nothing outside the project root is listed.
"""

from __future__ import annotations

import os
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pathspec

from mbtool import git
from mbtool.reading.files import read_file

MAX_FILES = 200_000  # a listing past this is cut: a path check is not worth minutes of walking
_ALWAYS_SKIPPED = frozenset({".git", ".hg", ".svn"})
# Folders that hold build output, caches or installed packages in most ecosystems: a path
# under one is never "missing" (it is made by a build, not committed), ignored or not.
BUILD_OUTPUT = frozenset(
    {
        "dist", "build", "out", "target", "site", "coverage", "node_modules", ".next", ".nuxt",
        ".turbo", ".cache", ".venv", "venv", "__pycache__", ".pytest_cache", ".mypy_cache",
        "htmlcov", "playwright-report", "test-results", ".parcel-cache", ".svelte-kit",
    }
)  # fmt: skip


@dataclass
class ProjectFiles:
    """Project-relative POSIX paths of the project's files, with name and suffix lookups."""

    root: Path
    files: frozenset[str]
    source: str  # "git" or "walk", for messages
    truncated: bool = False
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    # A walk's inputs: the folders it listed and the `.gitignore` files it read (the result
    # cache stats them; a git listing is checked against `git status` instead).
    walked: tuple[Path, ...] = ()

    @classmethod
    def scan(cls, root: Path) -> ProjectFiles:
        listed = _git_files(root)
        if listed is not None:
            return cls(root, frozenset(listed[:MAX_FILES]), "git", len(listed) > MAX_FILES)
        seen: list[Path] = []
        walked, truncated = _walk(root, seen)
        return cls(root, frozenset(walked), "walk", truncated, walked=tuple(seen))

    @cached_property
    def folders(self) -> frozenset[str]:
        found: set[str] = set()
        for path in self.files:
            parent = posixpath.dirname(path)
            while parent and parent not in found:
                found.add(parent)
                parent = posixpath.dirname(parent)
        return frozenset(found)

    def exists(self, path: str) -> bool:
        """A listed file or a folder holding listed files (project-relative, normalised)."""
        normal = posixpath.normpath(path).rstrip("/")
        return normal in self.files or normal in self.folders

    def by_name(self, name: str) -> list[str]:
        """Every listed file with this base name, sorted."""
        if not self._by_name:
            index: dict[str, list[str]] = defaultdict(list)
            for path in sorted(self.files):
                index[posixpath.basename(path)].append(path)
            self._by_name = dict(index)
        return self._by_name.get(name, [])

    def folders_by_suffix(self, suffix: str) -> list[str]:
        """Folders whose path ends with `suffix` at a folder boundary, sorted."""
        clean = posixpath.normpath(suffix.strip("/").lstrip("./")) if suffix.strip("./") else ""
        if not clean:
            return []
        return sorted(path for path in self.folders if path == clean or path.endswith("/" + clean))

    def by_stem(self, suffix: str) -> list[str]:
        """Files that `suffix` names without its extension, as a module specifier does
        (`config/proxyRegistry` → `src/config/proxyRegistry.ts`), sorted."""
        clean = posixpath.normpath(suffix.lstrip("./")) if suffix.strip("./") else ""
        if not clean:
            return []
        return sorted(
            path
            for path in self._by_stem.get(posixpath.basename(clean), ())
            if (stem := path.rsplit(".", 1)[0]) == clean or stem.endswith("/" + clean)
        )

    @cached_property
    def _by_stem(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for path in sorted(self.files):
            name = posixpath.basename(path)
            if "." in name.strip("."):
                index[name.rsplit(".", 1)[0]].append(path)
        return dict(index)

    def ignored(self, path: str) -> bool:
        """Whether `path` (project-relative) is build output or matched by a `.gitignore` of the
        project: such a path is made or kept locally, never committed, so never "missing"."""
        normal = posixpath.normpath(path).strip("/")
        if any(part in BUILD_OUTPUT for part in normal.split("/")[:-1]) or normal in BUILD_OUTPUT:
            return True
        applicable = [(base, spec) for base, spec in self._gitignores if _within(normal, base)]
        return _ignored(normal, applicable) or _ignored(normal + "/", applicable)

    def ignored_anywhere(self, path: str) -> bool:
        """Whether some folder's `.gitignore` would ignore `path` written from that folder (`.key/`
        ignored by `web/.gitignore`): a local file of some part of the project, never committed."""
        normal = posixpath.normpath(path).strip("/")
        for base in {base for base, _ in self._gitignores}:
            if base and self.ignored(f"{base}/{normal}"):
                return True
        return False

    @cached_property
    def _gitignores(self) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
        """Every listed `.gitignore`, outermost first (read once, inside the project)."""
        found = []
        for path in sorted(self.files, key=lambda p: (p.count("/"), p)):
            if posixpath.basename(path) == ".gitignore":
                spec = _gitignore(self.root / path)
                if spec is not None:
                    found.append((posixpath.dirname(path), spec))
        return found

    def by_suffix(self, suffix: str) -> list[str]:
        """Listed files whose path ends with `suffix` at a folder boundary (`config/x.ts`
        matches `src/config/x.ts`, not `src/myconfig/x.ts`), sorted."""
        clean = posixpath.normpath(suffix.lstrip("./")) if suffix.strip("./") else ""
        if not clean:
            return []
        candidates = self.by_name(posixpath.basename(clean))
        return [path for path in candidates if path == clean or path.endswith("/" + clean)]


def _git_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under `root` when it is in a git work tree
    (only paths under `root` are listed), else None."""
    try:
        output = git.git(root, "ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", ".")
    except git.GitError:
        return None
    # `ls-files` run in a subfolder lists paths relative to it, which is what we want.
    return sorted({name for name in output.split("\0") if name})


def _walk(root: Path, seen: list[Path] | None = None) -> tuple[list[str], bool]:
    """Files under `root`, honouring `.gitignore` files found on the way; (paths, truncated).
    `seen` collects the folders listed and the `.gitignore` files looked at."""
    found: list[str] = []
    specs: list[tuple[str, pathspec.GitIgnoreSpec]] = []  # (folder, its .gitignore), outermost first
    for folder, dirs, files in os.walk(root, followlinks=False):
        relative = Path(folder).relative_to(root).as_posix()
        relative = "" if relative == "." else relative
        specs = [(base, spec) for base, spec in specs if _within(relative, base)]
        if seen is not None:
            seen += [Path(folder), Path(folder) / ".gitignore"]
        own = _gitignore(Path(folder) / ".gitignore")
        if own is not None:
            specs.append((relative, own))
        dirs[:] = sorted(
            name
            for name in dirs
            if name not in _ALWAYS_SKIPPED and not _ignored(_join(relative, name) + "/", specs)
        )
        for name in sorted(files):
            path = _join(relative, name)
            if not _ignored(path, specs):
                found.append(path)
                if len(found) >= MAX_FILES:
                    return found, True
    return found, False


def _gitignore(path: Path) -> pathspec.GitIgnoreSpec | None:
    """A `.gitignore`'s patterns; a symbolic link is not followed (it may leave the project)."""
    if path.is_symlink():
        return None
    read = read_file(path)
    if isinstance(read, str):
        return None
    lines = read.decode("utf-8", errors="replace").splitlines()
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except ValueError:  # an invalid pattern (git ignores it too): keep the valid ones
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if _valid_pattern(line)])


def _valid_pattern(line: str) -> bool:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        return False
    return True


def _ignored(path: str, specs: list[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    """The last `.gitignore` with a matching pattern decides (a deeper file can re-include)."""
    ignored = False
    for base, spec in specs:
        relative = path[len(base) + 1 :] if base else path
        result = spec.check_file(relative)
        if result.include is not None:
            ignored = result.include
    return ignored


def _within(path: str, base: str) -> bool:
    return not base or path == base or path.startswith(base + "/")


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name
