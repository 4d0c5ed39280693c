"""The one diagnostic value that every output format renders (text, json, github, sarif)."""

from __future__ import annotations

from collections.abc import Callable
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


FixPlan = Callable[[], Fix | None]  # a fix planned only when its finding is kept (DESIGN §9)


class RelatedLocation(BaseModel):
    """Another place a finding concerns, e.g. the code a drifted document describes. `path` is
    project-relative (code lives anywhere in the project, not only in the bank); `line` is None
    for a whole file or folder."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int | None = None
    message: str = ""


class CommitEvidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    date: str  # ISO 8601 committer date
    subject: str


class CodeEvidence(BaseModel):
    """One piece of described code behind a finding, and its commits after the review point."""

    model_config = ConfigDict(frozen=True)

    reference: str  # project-relative, as the document names it (`::Symbol` kept)
    commits: tuple[CommitEvidence, ...] = ()  # newest first, at most 10 (output stays bounded)
    commit_count: int | None = None  # all the commits, when there are more than listed
    change: str | None = None  # for a `.py::Symbol`: signature, body, added, removed
    moved_to: str | None = None  # MB312: where the path is now


class Evidence(BaseModel):
    """What a history-based finding rests on (MB311, MB312): the review point and the commits."""

    model_config = ConfigDict(frozen=True)

    review_point: str | None = None  # "after this document's review point (Last Reviewed 2026-01-01)"
    reviewed: str | None = None  # the review point's day (ISO), when known
    code: tuple[CodeEvidence, ...] = ()


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
    related: tuple[RelatedLocation, ...] = ()
    evidence: Evidence | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        """The DESIGN §6 shape: `fix` is null or `{"description", "edits": [...]}`; `related`
        and `evidence` appear only on the findings that have them."""
        data = self.model_dump(mode="json", exclude_none=False)
        if not self.related:
            del data["related"]
        if self.evidence is None:
            del data["evidence"]
        else:
            data["evidence"] = self.evidence.model_dump(mode="json", exclude_none=True)
        return data
