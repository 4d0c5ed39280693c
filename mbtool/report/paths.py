"""How paths are shown: relative to the current directory, POSIX slashes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Display:
    cwd: Path = field(default_factory=Path.cwd)
    color: bool = False

    def path(self, bank: Path, relative: str) -> str:
        """A bank-relative path as seen from the current directory."""
        return self.folder(bank / relative)

    def folder(self, path: Path) -> str:
        try:
            shown = os.path.relpath(path, self.cwd.resolve())
        except ValueError:  # another drive on Windows
            return path.as_posix()
        return Path(shown).as_posix()
