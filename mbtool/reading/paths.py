"""Written paths → project files (DESIGN §3): what a path in a document names, if anything.

Documents name files loosely: a bare `lint-ci.mjs` for `scripts/lint-ci.mjs`, a package-relative
`extraction/client.py`, a module specifier `./config/registry` without its extension. A path
is looked up in order:

1. exactly, beside the document, at the project root, at the bank root (links: beside the
   document only, as a browser reads them; `./x` in a relation entry too, while in a code
   span `./x` is as often the project root, as a shell reads it);
2. build output and `.gitignore`d paths are made locally, never committed: not missing;
3. identifiers and placeholders (`process.env`, `x-XXX.md`, `<name>.md`, `a-001/002.md`) are
   not paths;
4. a unique file name or path suffix anywhere in the project (several: ambiguous, not missing);
5. otherwise it is missing, and "moved" when its file name exists exactly once elsewhere.

When no project root is known (no `.git`, `pyproject.toml` or `mbtool.toml` above the bank),
only the bank folder can be searched: a path that may lie outside it is `UNVERIFIED`, never
missing. A path that leaves the project, lexically or through a symbolic link, is `OUTSIDE`
and nothing behind it is touched.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from mbtool.model import Resolution
from mbtool.reading.discover import BANK_NAME, Location, inside
from mbtool.reading.repofiles import ProjectFiles

MAX_LINK_HOPS = 40  # symbolic links followed per path before it counts as leaving
Mode = Literal["entry", "link", "span"]  # a relation entry, a Markdown link, a code span


class PathStatus(StrEnum):
    FOUND = "found"  # names one project file or folder
    AMBIGUOUS = "ambiguous"  # a name or suffix that several files share: it exists, not missing
    MOVED = "moved"  # no such path, but its file name exists exactly once elsewhere
    MISSING = "missing"
    IGNORED = "ignored"  # build output or matched by a .gitignore
    NOT_A_PATH = "not-a-path"  # an identifier or a placeholder
    UNVERIFIED = "unverified"  # may lie outside the bank, and no project root is known
    OUTSIDE = "outside"  # leaves the project root


@dataclass(frozen=True)
class PathLookup:
    """The answer for one written path: `path` is project-relative (the file found, else where
    the written path points), `candidates` the files a name matched (or the one it moved to)."""

    status: PathStatus
    path: str | None
    how: Resolution
    candidates: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        return self.status in (PathStatus.MISSING, PathStatus.MOVED)

    @property
    def suggestion(self) -> str | None:
        """The new path of a moved file ("did you mean")."""
        return self.candidates[0] if self.status is PathStatus.MOVED else None


def written_path(text: str) -> str:
    """`./a%20b.ts#L3`, `src/x.py:42`, `src/x.py::Name` → the path part (`./a b.ts`, `src/x.py`)."""
    path = text.strip()
    if path.startswith("<") and path.endswith(">"):
        path = path[1:-1]  # `[x](<a b.md>)`
    path = unquote(path.split("#", 1)[0].split("?", 1)[0].strip())
    return _LOCATION_SUFFIX.sub("", path)


def not_a_path(text: str) -> bool:
    """Identifiers (`process.env`, `java.util.List`, `Node.js`), placeholders (`x-XXX.md`,
    `<name>.md`, `{id}.json`, `YYYYMMDD_x.sql`) and enumerations (`a-001/002/003.md`): text
    that looks like a path but names no file. Asked only after the lookup found nothing, so a
    real `vitest.integration.config.ts` or `Button.js` is never dropped by it."""
    if _PLACEHOLDER.search(text):
        return True
    parts = text.strip("/").split("/")
    if len(parts) > 1 and _enumeration(parts):
        return True
    if len(parts) == 1:
        name = parts[0]
        stem, _, extension = name.partition(".")
        if stem in _RUNTIME_OBJECTS or name.lower() in _PRODUCT_NAMES:
            return True
        if extension and extension.rsplit(".", 1)[-1].lower() not in _FILE_EXTENSIONS:
            return _DOTTED_IDENTIFIER.fullmatch(name) is not None
    return False


def _enumeration(parts: list[str]) -> bool:
    """`a-001/002/003.md` (numbers after a numbered name) or `a.md/b.md` (files as folders)."""
    for previous, part in itertools.pairwise(parts):
        if _NUMBERED.search(previous) and _NUMBER_ONLY.fullmatch(part):
            return True
        extension = previous.rsplit(".", 1)[-1].lower() if "." in previous.strip(".") else ""
        if extension in _DOCUMENT_EXTENSIONS:
            return True
    return False


def leaves_project(root: Path, relative: str) -> bool:
    """Whether project-relative `relative` leads outside `root`, lexically or through a symbolic
    link inside the project. Links are resolved by reading them (`readlink`); nothing outside
    `root` is ever examined."""
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    current, hops, index = root, 0, 0
    while index < len(parts):
        part = parts[index]
        index += 1
        if part == "..":
            current = current.parent
            if not inside(current, root):
                return True
            continue
        candidate = current / part
        if not candidate.is_symlink():
            current = candidate
            continue
        hops += 1
        try:
            target = Path(os.path.normpath(current / os.readlink(candidate)))
        except OSError:
            return True
        if hops > MAX_LINK_HOPS or not inside(target, root):
            return True
        parts, current, index = [*target.relative_to(root).parts, *parts[index:]], root, 0
    return False


class PathFinder:
    """Looks written paths up in the project's files (listed once, when first needed)."""

    def __init__(self, location: Location) -> None:
        self.location = location
        prefix = location.bank.relative_to(location.project).as_posix()
        self.bank_prefix = "" if prefix == "." else prefix
        self._cache: dict[tuple[str, str, Mode], PathLookup] = {}

    @cached_property
    def project_files(self) -> ProjectFiles:
        """The project's files, listed once per loaded bank (`Bank.project_files`)."""
        return ProjectFiles.scan(self.location.project)

    @cached_property
    def files(self) -> ProjectFiles:
        """The files paths are looked up in: the project's, only the bank's when no project
        root is known."""
        if self.location.project_found:
            return self.project_files
        return ProjectFiles.scan(self.location.bank)

    def lookup(self, folder: str, text: str, *, mode: Mode = "entry") -> PathLookup:
        """What `text`, written in a document in bank folder `folder`, names. A `link` is read
        as a Markdown link is: relative to the document's folder only, and never by name."""
        key = (folder, text, mode)
        if key not in self._cache:
            self._cache[key] = self._lookup(folder, written_path(text), mode)
        return self._cache[key]

    def _lookup(self, folder: str, path: str, mode: Mode) -> PathLookup:
        if not path:
            return PathLookup(PathStatus.NOT_A_PATH, None, Resolution.UNRESOLVED)
        inside_project = [(c, how) for c, how in self._candidates(folder, path, mode) if c is not None]
        if any(self._escapes(c) for c, _ in inside_project):
            return PathLookup(PathStatus.OUTSIDE, None, Resolution.OUTSIDE)  # through a symlink
        if not inside_project:
            # Without a project root, where the project ends is unknown: not a finding.
            status = PathStatus.OUTSIDE if self.location.project_found else PathStatus.UNVERIFIED
            return PathLookup(status, None, Resolution.OUTSIDE)
        checkable = [(c, how) for c, how in inside_project if self._checkable(c)]
        for candidate, how in checkable:
            if self._exists(candidate):
                return PathLookup(PathStatus.FOUND, candidate, how)
        preferred = next(
            (c for c, how in inside_project if how is Resolution.PROJECT_ROOT), inside_project[0][0]
        )
        if any(self.files.ignored(self._local(c)) for c, _ in checkable) or (
            mode != "link" and not path.startswith(("./", "../")) and self.files.ignored_anywhere(path)
        ):
            return PathLookup(PathStatus.IGNORED, preferred, Resolution.UNRESOLVED)
        if not_a_path(path):
            return PathLookup(PathStatus.NOT_A_PATH, preferred, Resolution.UNRESOLVED)
        return self._search(path, preferred, mode, unverified=len(checkable) < len(inside_project))

    def _search(self, path: str, preferred: str, mode: Mode, *, unverified: bool) -> PathLookup:
        """No exact match: a unique name or suffix (not for links), else unverified, moved or missing."""
        if mode != "link":
            named = self._by_name(path)
            if len(named) == 1:
                return PathLookup(PathStatus.FOUND, named[0], Resolution.BASENAME)
            if named:
                return PathLookup(PathStatus.AMBIGUOUS, preferred, Resolution.BASENAME, tuple(named))
        if unverified:
            return PathLookup(PathStatus.UNVERIFIED, preferred, Resolution.UNRESOLVED)
        if mode == "link" and not path.startswith(("./", "../")):
            # Agents write links from the project root (`[x](src/app.ts)` in `memory-bank/`):
            # broken on GitHub and the site, and the file they meant is plain to see.
            rooted = _normal(path)
            if rooted is not None and self._checkable(rooted) and self._exists(rooted):
                return PathLookup(PathStatus.MOVED, preferred, Resolution.UNRESOLVED, (rooted,))
        moved = self._moved(path)
        if moved is not None:
            return PathLookup(PathStatus.MOVED, preferred, Resolution.UNRESOLVED, (moved,))
        return PathLookup(PathStatus.MISSING, preferred, Resolution.UNRESOLVED)

    def _candidates(self, folder: str, path: str, mode: Mode) -> list[tuple[str | None, Resolution]]:
        """Project-relative places `path` may mean, in DESIGN §3 order (None: leaves the project)."""
        if path.startswith("/") and mode != "link":
            return [(_normal(path.lstrip("/")), Resolution.PROJECT_ROOT)]
        found = [(_normal(self._in_bank(folder, path)), Resolution.DOCUMENT_FOLDER)]
        if mode == "span" and path.startswith("./"):
            path = path[2:]
        if mode != "link" and not path.startswith(("./", "../")):
            found.append((_normal(path), Resolution.PROJECT_ROOT))
            found.append((_normal(self._in_bank("", path)), Resolution.BANK_ROOT))
        tail = bank_tail(path) if not self.location.project_found else None
        if tail is not None:  # `memory-bank/x.md` names the bank, whatever its folder is called here
            found.append((_normal(self._in_bank("", tail)), Resolution.PROJECT_ROOT))
        return found

    def _in_bank(self, folder: str, path: str) -> str:
        return (
            posixpath.join(self.bank_prefix, folder, path)
            if self.bank_prefix
            else posixpath.join(folder, path)
        )

    def _checkable(self, candidate: str) -> bool:
        """Inside the area whose files are known: the project, or only the bank without one."""
        if self.location.project_found or not self.bank_prefix:
            return True
        return candidate == self.bank_prefix or candidate.startswith(self.bank_prefix + "/")

    def _local(self, candidate: str) -> str:
        """A project-relative path as `files` lists it (bank-relative without a project root)."""
        if self.location.project_found or not self.bank_prefix:
            return candidate
        return candidate[len(self.bank_prefix) + 1 :] if candidate != self.bank_prefix else "."

    def _global(self, local: str) -> str:
        if self.location.project_found or not self.bank_prefix:
            return local
        return f"{self.bank_prefix}/{local}"

    def _exists(self, candidate: str) -> bool:
        if self.files.exists(self._local(candidate)):
            return True
        return os.path.lexists(self.location.project / candidate)

    def _escapes(self, candidate: str) -> bool:
        return leaves_project(self.location.project, candidate)

    def _by_name(self, path: str) -> list[str]:
        """Files (or folders) a bare name or a partial path names anywhere in the searched area."""
        files = self.files
        bare = path.lstrip("./").rstrip("/")
        if not bare or bare.startswith("../"):
            return []
        if path.endswith("/"):
            found = files.folders_by_suffix(bare)
        else:
            found = files.by_suffix(bare) or files.folders_by_suffix(bare)
            if not found and "." not in posixpath.basename(bare):
                found = files.by_stem(bare)
        return [self._global(local) for local in found]

    def _moved(self, path: str) -> str | None:
        """Where a path with folders moved: the one file with its name, else the one file that
        shares the most trailing folders with it (`server/types/x.ts` → `server/src/types/x.ts`)."""
        name = posixpath.basename(path.rstrip("/"))
        if "/" not in path.strip("/") or not name:
            return None
        found = self.files.by_name(name)
        if len(found) > 1:
            found = _closest(path.strip("/").split("/"), found)
        return self._global(found[0]) if len(found) == 1 else None


def _closest(written: list[str], found: list[str]) -> list[str]:
    """The files among `found` sharing the most trailing path parts with `written` (two at least:
    the name and its folder), all of them when they tie."""

    def shared(path: str) -> int:
        count = 0
        for mine, theirs in zip(reversed(written), reversed(path.split("/")), strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    scores = {path: shared(path) for path in found}
    best = max(scores.values())
    return [path for path, score in scores.items() if score == best] if best >= 2 else []


def bank_tail(path: str) -> str | None:
    """`memory-bank/x.md`, `../memory_bank/x.md` → `x.md`: a path written from the project root
    into a folder named like a bank. Used when the bank's own folder name is not known to be
    the one the documents were written with (no project root)."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    while parts and parts[0] == "..":
        parts.pop(0)
    if len(parts) > 1 and BANK_NAME.fullmatch(parts[0]):
        return "/".join(parts[1:])
    return None


def _normal(path: str) -> str | None:
    normal = posixpath.normpath(path) if path else "."
    if normal == ".." or normal.startswith("../") or posixpath.isabs(normal):
        return None
    return normal


_LOCATION_SUFFIX = re.compile(r"(?:::[\w.]+|:\d+(?:[-:]\d+)?)$")
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:X{3,}|x{3,}|Y{4}(?:[-_]?MM(?:[-_]?DD)?)?|HHMMSS)(?![a-z])"
    r"|<[^>]*>|\{[^}]*\}|\[[^\]]*\]|[*?$%~]|\.\.\.|…"
)
_NUMBERED = re.compile(r"\d$")
_NUMBER_ONLY = re.compile(r"\d+(?:\.\w+)?")
_DOTTED_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+")
_DOCUMENT_EXTENSIONS = frozenset({"md", "py", "ts", "tsx", "js", "jsx", "json", "yml", "yaml", "sh"})
_EXTENSIONS = """
    md markdown mdx txt rst py pyi sh bash zsh ps1 bat js mjs cjs ts tsx jsx json jsonc yml yaml
    toml ini cfg conf env lock html htm css scss sass less sql go rs java kt rb php c h cpp hpp cs
    swift xml csv tsv ipynb svg png jpg jpeg gif webp ico pdf dockerfile gradle mk tf hcl proto
    graphql gql vue svelte astro log pem crt key zip gz tar wasm map snap example sample template
"""
_FILE_EXTENSIONS = frozenset(_EXTENSIONS.split())
# Objects whose members read like file names (`process.env`, `os.environ`, `import.meta`).
_RUNTIME_OBJECTS = frozenset(
    {"process", "import", "window", "document", "globalThis", "navigator", "console", "module",
     "exports", "require", "os", "sys", "self", "this", "Deno", "Bun"}
)  # fmt: skip
# Product names written like files.
_PRODUCTS = """
    node next nuxt vue react express nest three d3 chart ember backbone angular alpine preact solid
    moment day anime p5 paper fabric pixi babylon koa meteor socket ext knockout auth ical video pdf
    highlight marked mermaid popper require underscore math big decimal bignumber hammer htmx leaflet
    cytoscape sigma vis matter tone howler swiper tippy fuse lunr mathjax phaser brain tensorflow ml5
"""
_PRODUCT_NAMES = frozenset(f"{name}.js" for name in _PRODUCTS.split())
