"""Procedures from parsed documents (DESIGN §8): a section becomes runnable only when it says so.

1. its heading starts with `Procedure:` — every shell fence in the section (subsections
   included) is a step;
2. it holds shell fences named Runme-style (`{name=...}`) — the named fences are the steps;
3. only with `procedures = "lists"` in the configuration: it holds an ordered list whose
   items hold shell fences — those fences are the steps.

Any other fence stays illustrative: a numbered troubleshooting list (`kill -9 <PID>`) or a
plan sketching scripts to write is an example, not something to run or to check.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

from mbtool.errors import UsageError
from mbtool.model import Document, Fence, Heading
from mbtool.procedures.attributes import parse_info
from mbtool.procedures.model import Procedure, ProcedureKind, Step
from mbtool.procedures.shell import SHELL_LANGUAGES, commands_of

PROCEDURE_PREFIX = "procedure:"


def procedures_of(document: Document, *, lists: bool = False) -> list[Procedure]:
    """The document's procedures; `lists` also makes ordered lists of shell fences procedures."""
    shell = [fence for fence in document.fences if _is_shell(fence)]
    found: list[Procedure] = []
    claimed: set[int] = set()
    for index, heading in enumerate(document.headings):
        if heading.text.lower().startswith(PROCEDURE_PREFIX):
            end = _section_end(document.headings, index)
            fences = [
                f for f in shell if heading.position.line < f.position.line < end and id(f) not in claimed
            ]
            claimed.update(id(f) for f in fences)
            found.append(_procedure(document, heading, fences, "heading"))
    for anchor, fences in _by_section(f for f in shell if id(f) not in claimed):
        steps = [
            f for f in fences if (lists and f.list_item is not None) or parse_info(f.info).attributes.name
        ]
        if steps:
            section = next((h for h in document.headings if h.anchor == anchor), None)
            kind: ProcedureKind = "list" if lists and any(f.list_item for f in steps) else "named"
            found.append(_procedure(document, section, steps, kind))
    return sorted((p for p in found if p.steps), key=lambda procedure: procedure.line)


def _is_shell(fence: Fence) -> bool:
    return parse_info(fence.info).language in SHELL_LANGUAGES


def _section_end(headings: tuple[Heading, ...], index: int) -> float:
    level = headings[index].level
    later = (h.position.line for h in headings[index + 1 :] if h.level <= level)
    return next(later, math.inf)


def _by_section(fences: Iterable[Fence]) -> list[tuple[str | None, list[Fence]]]:
    sections: dict[str | None, list[Fence]] = {}
    for fence in fences:
        sections.setdefault(fence.heading_anchor, []).append(fence)
    return list(sections.items())


def _procedure(
    document: Document, heading: Heading | None, fences: list[Fence], kind: ProcedureKind
) -> Procedure:
    subsections = {h.anchor: h.text for h in document.headings if h is not heading}
    made = (_step(document.path, f, subsections.get(f.heading_anchor or "", "")) for f in fences)
    steps = [step for step in made if step.command]
    numbered = tuple(step.model_copy(update={"number": n}) for n, step in enumerate(steps, 1))
    if heading is None:
        return Procedure(
            id=document.path, title=document.title, path=document.path, line=1, kind=kind, steps=numbered
        )
    title = heading.text
    if title.lower().startswith(PROCEDURE_PREFIX):
        title = title[len(PROCEDURE_PREFIX) :].strip() or title
    return Procedure(
        id=f"{document.path}#{heading.anchor}",
        title=title,
        path=document.path,
        line=heading.position.line,
        kind=kind,
        steps=numbered,
    )


def _step(path: str, fence: Fence, subsection: str) -> Step:
    """Titled by its list item's text, else its `name=`, else the subsection it sits in."""
    info = parse_info(fence.info)
    item = fence.list_item
    title = (item.text.rstrip(":").strip() if item else "") or info.attributes.name or subsection
    return Step(
        number=0,
        title=title,
        language=info.language,
        command=commands_of(info.language, fence.content),
        attributes=info.attributes,
        path=path,
        line=fence.position.line,
        column=fence.position.column,
        list_item=item.number if item else None,
    )


def find_procedure(procedures: list[Procedure], ident: str) -> Procedure:
    """By id (`doc.md#anchor`), by anchor alone when unique, or by a step's `name=`."""
    exact = [p for p in procedures if p.id == ident]
    by_anchor = [p for p in procedures if p.id.partition("#")[2] == ident.lstrip("#")]
    matches = exact or (by_anchor if len(by_anchor) == 1 else [])
    if matches:
        return matches[0]
    named = [step for procedure in procedures for step in procedure.steps if step.attributes.name == ident]
    if len(named) > 1:
        places = ", ".join(f"`{step.path}:{step.line}`" for step in named)
        raise UsageError(
            f"step name `{ident}` is defined {len(named)} times ({places}); "
            "run the procedure by its id instead (see `mbtool procedures list`)"
        )
    if named:
        step = named[0]
        return Procedure(
            id=ident,
            title=step.title or ident,
            path=step.path,
            line=step.line,
            kind="named",
            steps=(step.model_copy(update={"number": 1}),),
        )
    raise UsageError(_unknown(procedures, ident))


def _unknown(procedures: list[Procedure], ident: str) -> str:
    known = [p.id for p in procedures] + [name for p in procedures for name in p.names()]
    close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return f"no procedure `{ident}` in this bank{hint} (run `mbtool procedures list` to see them)"
