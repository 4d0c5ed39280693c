"""The one diagnostic value that every output format renders (text, json, github, sarif)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Level = Literal["error", "warning", "info"]
LEVEL_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


class TextEdit(BaseModel):
    """Replace lines `start_line..end_line` (1-based, inclusive; end < start means insert before start)."""

    model_config = ConfigDict(frozen=True)

    path: str
    start_line: int
    end_line: int
    new_text: str


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
