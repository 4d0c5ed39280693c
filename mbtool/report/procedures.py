"""Renderings of procedures for `mbtool procedures list|show` (text and JSON)."""

from __future__ import annotations

import json
from typing import Any

from mbtool.procedures import Procedure, Step, resume_command
from mbtool.procedures.export import one_line, step_heading, visible


def list_text(procedures: list[Procedure], bank_folder: str) -> str:
    if not procedures:
        return f"no procedures in {bank_folder}\n"
    width = max(len(visible(p.id)) for p in procedures)
    lines = []
    for procedure in procedures:
        count = len(procedure.steps)
        shown = f"{visible(procedure.id):<{width}}"
        lines.append(f"{shown}  {count} step{'s' if count != 1 else ' '}  {one_line(procedure.title)}")
    return "\n".join(lines) + "\n"


def list_json(procedures: list[Procedure], bank_folder: str, bank: str | None) -> str:
    data = {
        "version": 1,
        "bank": bank_folder,
        "procedures": [procedure_json(procedure, bank) for procedure in procedures],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def show_text(procedure: Procedure, bank: str | None) -> str:
    lines = [
        f"{visible(procedure.id)}: {one_line(procedure.title)}",
        f"  from {visible(procedure.path)}:{procedure.line}; run with `{visible(run_line(procedure, bank))}`",
    ]
    for step in procedure.steps:
        lines += ["", step_text(step)]
    return "\n".join(lines) + "\n"


def show_json(procedure: Procedure, bank: str | None) -> str:
    return json.dumps(procedure_json(procedure, bank), indent=2, ensure_ascii=False)


def run_line(procedure: Procedure, bank: str | None) -> str:
    return resume_command(procedure.id, 1, bank).removesuffix(" --from-step 1")


def procedure_json(procedure: Procedure, bank: str | None = None) -> dict[str, Any]:
    return {
        "id": procedure.id,
        "title": procedure.title,
        "path": procedure.path,
        "line": procedure.line,
        "kind": procedure.kind,
        "run": run_line(procedure, bank),
        "steps": [_step_json(step) for step in procedure.steps],
    }


def _step_json(step: Step) -> dict[str, Any]:
    attributes = step.attributes
    return {
        "number": step.number,
        "title": step.title,
        "language": step.language,
        "command": step.command,
        "path": step.path,
        "line": step.line,
        "list_item": step.list_item,
        "name": attributes.name,
        "cwd": attributes.cwd,
        "timeout": attributes.timeout,
        "skip": attributes.skip,
        "env": dict(attributes.env),
    }


def step_text(step: Step) -> str:
    timeout = step.attributes.timeout
    settings = [step.language] + [
        f"{key}={value}"
        for key, value in (
            ("name", step.attributes.name),
            ("cwd", step.attributes.cwd),
            ("timeout", f"{timeout:g}" if timeout is not None else None),
        )
        if value is not None
    ]
    settings += ["skip"] if step.attributes.skip else []
    settings += [f"env {key}={value}" for key, value in step.attributes.env]
    body = "\n".join(f"    {line}" for line in visible(step.command.rstrip("\n")).split("\n"))
    return f"{step_heading(step)}\n  [{visible(', '.join(settings))}]\n{body}"
