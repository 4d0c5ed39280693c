"""Procedures as text a person reviews: the dry-run listing and the standalone bash export.

Text shown on a terminal has its control characters made visible (`visible`): an escape
sequence in a step could otherwise move the cursor, clear a line or recolour text and hide
a command from the person reviewing it. The exported script keeps the commands exactly as
written (it is what runs); it is read in an editor, not echoed by mbtool.
"""

from __future__ import annotations

import re
import shlex

from mbtool.procedures.model import Procedure, Step
from mbtool.procedures.plan import PlannedStep

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode format characters that
# reorder or hide text (bidirectional overrides and isolates, zero-width marks).
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff]")


def visible(text: str) -> str:
    """`text` with every control character shown: `^[` for ESC (as `cat -v`), `<U+202E>` for
    the rest outside ASCII. Tabs and newlines are kept."""
    return _HIDDEN.sub(_shown, text)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def one_line(text: str) -> str:
    return visible(re.sub(r"\s+", " ", text).strip())


def step_heading(step: Step) -> str:
    title = one_line(step.title) or "(untitled)"
    return f"Step {step.number}: {title} ({visible(step.path)}:{step.line})"


def dry_run_text(procedure: Procedure, steps: list[PlannedStep]) -> str:
    """Exactly what `run` would execute, step by step; itself a readable bash listing."""
    lines = [
        f"# Procedure `{visible(procedure.id)}`: {one_line(procedure.title)}",
        f"# {_count(len(steps))}, each in a fresh `bash -euo pipefail -c`; nothing was run",
        "",
    ]
    for planned in steps:
        timeout = f"{planned.timeout:g}s" if planned.timeout is not None else "none"
        lines.append(f"# {step_heading(planned.step)}")
        lines.append(f"# cwd: {planned.relative_cwd}, timeout: {timeout}")
        lines.extend(
            f"# env: {visible(key)}={visible(shlex.quote(value))}" for key, value in planned.env.items()
        )
        lines.append(visible(planned.step.command.rstrip("\n")))
        lines.append("")
    return "\n".join(lines)


def _count(number: int) -> str:
    return f"{number} step" + ("" if number == 1 else "s")


def export_script(procedure: Procedure, bank_folder: str) -> str:
    """A standalone bash script; `bank_folder` is the bank's project-relative path."""
    marker = shlex.quote(f"{bank_folder.rstrip('/')}/{procedure.path}".removeprefix("./"))
    lines = [
        "#!/usr/bin/env bash",
        f"# Procedure: {one_line(procedure.title)}",
        f"# Source: {procedure.id} (line {procedure.line}), exported by `mbtool procedures export`.",
        "# Review every step before running it. Each step runs in a subshell from the",
        "# project root, as `mbtool procedures run` runs each step in a fresh bash.",
        "set -euo pipefail",
        "",
        f"# The project root: the folder holding {marker}, searched upwards from",
        "# $MBTOOL_PROJECT_ROOT (default: the current folder).",
        'root="${MBTOOL_PROJECT_ROOT:-$PWD}"',
        f'while [ ! -f "$root"/{marker} ]; do',
        '  if [ "$root" = / ]; then',
        f'    echo "run this script inside the project ({marker} not found)" >&2',
        "    exit 1",
        "  fi",
        '  root="$(dirname "$root")"',
        "done",
        'cd "$root"',
    ]
    for step in procedure.steps:
        lines.extend(["", *_export_step(step)])
    return "\n".join(lines) + "\n"


def _export_step(step: Step) -> list[str]:
    lines = [f"# {step_heading(step)}"]
    if step.attributes.timeout is not None:
        lines.append(f"# timeout: {step.attributes.timeout:g}s (enforced by `mbtool procedures run`)")
    if step.attributes.skip:
        lines.append("# skipped (`skip`): not run by `mbtool procedures run` either")
        return lines + [f"# {line}" for line in step.command.splitlines()]
    lines.append("(")
    if step.attributes.cwd:
        lines.append(f"cd {shlex.quote(step.attributes.cwd)}")
    lines.extend(f"export {key}={shlex.quote(value)}" for key, value in step.attributes.env)
    lines.append(step.command.rstrip("\n"))
    lines.append(")")
    return lines
