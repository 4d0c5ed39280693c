"""The JSON transcript of a run, with secrets masked (`--transcript F`, written with mode 0600).

Every value passed with `--env` counts as a secret: the command line is where a user hands
a step a token, whatever the variable is called.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

from mbtool.procedures.plan import RunOptions
from mbtool.procedures.runner import RunResult, StepResult
from mbtool.procedures.secrets import MIN_SECRET_LENGTH, mask, masked_env, secret_values

TRANSCRIPT_VERSION = 1


def resume_command(procedure: str, step: int, bank: str | None = None) -> str:
    where = f" --bank {shlex.quote(bank)}" if bank else ""
    return f"mbtool procedures run {shlex.quote(procedure)}{where} --from-step {step}"


def transcript(result: RunResult, options: RunOptions, bank: str | None = None) -> dict[str, Any]:
    """What ran, with values of secret-named variables (options, steps, environment) as `***`."""
    sources = [os.environ, dict(options.env), *(s.planned.env for s in result.steps)]
    given = tuple(value for _, value in options.env if len(value) >= MIN_SECRET_LENGTH)
    secrets = tuple(sorted({*secret_values(*sources), *given}, key=len, reverse=True))
    hidden = tuple(name for name, _ in options.env)
    failed = result.failed
    return {
        "version": TRANSCRIPT_VERSION,
        "procedure": result.procedure,
        "env": masked_env(dict(options.env), secrets, hidden),
        "timeout": options.timeout,
        "from_step": options.from_step,
        "steps": [_step(step, secrets, hidden) for step in result.steps],
        "result": "ok" if failed is None else ("timed-out" if failed.timed_out else "failed"),
        "resume": None
        if failed is None
        else resume_command(result.procedure, failed.planned.step.number, bank),
    }


def _step(result: StepResult, secrets: tuple[str, ...], hidden: tuple[str, ...]) -> dict[str, Any]:
    step = result.planned.step
    return {
        "number": step.number,
        "title": mask(step.title, secrets),
        "source": f"{step.path}:{step.line}",
        "command": mask(step.command, secrets),
        "cwd": result.planned.relative_cwd,
        "env": masked_env(result.planned.env, secrets, hidden),
        "timeout": result.planned.timeout,
        "exit_code": result.exit_code,
        "duration": round(result.duration, 3),
        "timed_out": result.timed_out,
        "stdout": mask(result.stdout, secrets),
        "stderr": mask(result.stderr, secrets),
    }
