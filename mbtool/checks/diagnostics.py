"""The one diagnostic value that every output format renders (text, json, github, sarif)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Level = Literal["error", "warning", "info"]
LEVEL_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class TextEdit(BaseModel):
    """A change to one file, in the original file's coordinates (1-based).

    Without columns it replaces whole lines `start_line..end_line` (inclusive; end < start
    means insert before `start_line`). With columns it replaces the characters from
    (`start_line`, `start_column`) up to, not including, (`end_line`, `end_column`); equal
    ends make it an insertion. `new_text` uses `\\n`; the writer converts it to the file's
    own line endings. Line `line_count + 1`, column 1 is the end of the file.
    """

    model_config = ConfigDict(frozen=True)

    path: str
    start_line: int
    start_column: int | None = None
    end_line: int
    end_column: int | None = None
    new_text: str

    @property
    def is_character_range(self) -> bool:
        return self.start_column is not None and self.end_column is not None


class Fix(BaseModel):
    model_config = ConfigDict(frozen=True)

    description: str
    edits: tuple[TextEdit, ...] = ()


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    severity: Level
    path: str
    line: int
    column: int
    message: str
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §6 shape: `fix` is null or `{"description", "edits": [...]}`."""
        return self.model_dump(mode="json")
