"""The procedure model: a runnable replication procedure found in a bank document.

A procedure is a section of a document; its steps are shell fences. Everything here is a
frozen value built from the parsed `Document`, so listing and exporting never run anything.
"""

from __future__ import annotations

from typing import Literal

from mbtool.model import Frozen

ProcedureKind = Literal["heading", "list", "named"]


class Attributes(Frozen):
    """Runme-style block attributes from the braces after a fence's language."""

    name: str | None = None
    cwd: str | None = None
    timeout: float | None = None
    skip: bool = False
    env: tuple[tuple[str, str], ...] = ()
    other: tuple[tuple[str, str], ...] = ()  # keys mbtool does not use (Runme's `interactive`...)


class Step(Frozen):
    """One runnable shell fence. `number` is 1-based within its procedure."""

    number: int
    title: str
    language: str
    command: str  # the shell text to run (console prompts stripped)
    attributes: Attributes
    path: str  # bank-relative document
    line: int  # the fence's opening line
    column: int = 1
    list_item: int | None = None  # the number of the ordered-list item holding the fence


class Procedure(Frozen):
    """A section whose shell fences are its steps. `id` is `doc.md#anchor` (or a block name)."""

    id: str
    title: str
    path: str
    line: int
    kind: ProcedureKind  # `Procedure:` heading, ordered steps, or `{name=...}` fences
    steps: tuple[Step, ...]

    @property
    def runnable(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if not step.attributes.skip)

    def names(self) -> tuple[str, ...]:
        return tuple(step.attributes.name for step in self.steps if step.attributes.name)
