"""Which described targets a changed path belongs to: exact files, folders and globs.

Built once per run from every target of every document, then asked for each path of each
commit in the log: a dictionary lookup per path and per parent folder, plus the (few) globs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mbtool.drift.references import Described, TargetKind


class Matcher:
    def __init__(self, refs: Iterable[Described]) -> None:
        self.exact: dict[str, set[str]] = {}
        self.folders: dict[str, set[str]] = {}
        # globs by the folder their fixed part names (`src/pkg/*.py` → `src/pkg`; `**/x` → ""),
        # so a path is tried only against the globs of its own folders
        self.patterns: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._known: dict[str, frozenset[str]] = {}
        for ref in refs:
            if ref.kind is TargetKind.PATTERN:
                self.patterns.setdefault(_fixed_folder(ref.target), []).append(
                    (ref.key, glob_regex(ref.target))
                )
                continue
            if ref.kind in (TargetKind.FILE, TargetKind.MISSING):
                self.exact.setdefault(ref.target, set()).add(ref.key)
            if ref.kind in (TargetKind.FOLDER, TargetKind.MISSING):
                self.folders.setdefault(ref.target, set()).add(ref.key)

    def __bool__(self) -> bool:
        return bool(self.exact or self.folders or self.patterns)

    def keys(self, path: str) -> frozenset[str]:
        """The target keys a change to `path` (project-relative) concerns (remembered per path:
        a busy file appears in many commits)."""
        found = self._known.get(path)
        if found is None:
            found = self._known[path] = frozenset(self._lookup(path))
        return found

    def _lookup(self, path: str) -> set[str]:
        found = set(self.exact.get(path, ()))
        folder = path
        while True:
            cut = folder.rfind("/")
            folder = folder[:cut] if cut > 0 else ""
            found.update(self.folders.get(folder, ()))
            found.update(key for key, pattern in self.patterns.get(folder, ()) if pattern.fullmatch(path))
            if not folder:
                return found

    def follow_rename(self, old: str, new: str) -> None:
        """Older commits name `new` by its former name: exact targets follow it back."""
        keys = self.exact.get(new)
        if keys:
            self.exact.setdefault(old, set()).update(keys)
            self._known.pop(old, None)


def _fixed_folder(pattern: str) -> str:
    """The folders of a glob before its first wildcard: where every path it matches lives."""
    wildcard = min((index for index, char in enumerate(pattern) if char in "*?["), default=len(pattern))
    cut = pattern.rfind("/", 0, wildcard)
    return pattern[:cut] if cut > 0 else ""


@lru_cache(maxsize=1024)
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A project-relative glob: `*` and `?` stay within a folder, `**` crosses folders,
    a trailing `/` or `/**` means everything below."""
    pattern = pattern.rstrip("/") + ("/**" if pattern.endswith("/") else "")
    out, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close > index + 1:
                body = pattern[index + 1 : close].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = close + 1
                continue
            out.append(re.escape(char))
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out))
