"""What a run would do, decided before anything runs: steps, folders, timeouts, environment.

Every refusal (a `cwd=` outside the project, a step number out of range) happens here, so a
bad procedure fails before its first step starts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.errors import UsageError
from mbtool.procedures.model import Procedure, Step
from mbtool.reading.discover import inside

SHELL = ("bash", "-euo", "pipefail", "-c")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class RunOptions:
    from_step: int = 1
    timeout: float | None = None  # seconds; the smaller of this and a step's `timeout=` wins
    env: tuple[tuple[str, str], ...] = ()  # `--env K=V`, applied after a step's `env=`


@dataclass(frozen=True)
class PlannedStep:
    step: Step
    cwd: Path
    relative_cwd: str  # project-relative POSIX, "." for the root
    timeout: float | None
    env: dict[str, str] = field(default_factory=dict)  # on top of the caller's environment


def parse_env(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """`K=V` strings from the command line; a malformed one is a usage error."""
    parsed = []
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals or not _NAME.fullmatch(key):
            raise UsageError(f"`--env {pair}` is not `NAME=value`; pass e.g. `--env DEBUG=1`")
        parsed.append((key, value))
    return tuple(parsed)


def plan(procedure: Procedure, project: Path, options: RunOptions) -> list[PlannedStep]:
    """The steps from `options.from_step` on, skipping `skip` steps, each with its folder."""
    count = len(procedure.steps)
    if not 1 <= options.from_step <= count:
        raise UsageError(
            f"`--from-step {options.from_step}` is out of range; `{procedure.id}` has steps 1 to {count}"
        )
    chosen = procedure.steps[options.from_step - 1 :]
    return [_planned(step, project, options) for step in chosen if not step.attributes.skip]


def _planned(step: Step, project: Path, options: RunOptions) -> PlannedStep:
    cwd = (project / (step.attributes.cwd or ".")).resolve()
    where = f"{step.path}:{step.line}"
    if not inside(cwd, project):
        raise UsageError(
            f"step {step.number} ({where}) has `cwd={step.attributes.cwd}`, "
            "which leaves the project; refusing to run it"
        )
    if not cwd.is_dir():
        raise UsageError(
            f"step {step.number} ({where}) has `cwd={step.attributes.cwd}`, "
            "which is not a folder in the project"
        )
    timeouts = [t for t in (step.attributes.timeout, options.timeout) if t is not None]
    env = dict(step.attributes.env)
    env.update(options.env)
    relative = cwd.relative_to(project).as_posix() or "."
    return PlannedStep(step, cwd, relative, min(timeouts) if timeouts else None, env)


def environment(base: Mapping[str, str], planned: PlannedStep) -> dict[str, str]:
    merged = dict(base)
    merged.update(planned.env)
    return merged
