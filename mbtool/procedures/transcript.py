"""The JSON transcript of a run, with secrets masked (`--transcript F`)."""

from __future__ import annotations

import os
import shlex
from typing import Any

from mbtool.procedures.plan import RunOptions
from mbtool.procedures.runner import RunResult, StepResult
from mbtool.procedures.secrets import mask, masked_env, secret_values

TRANSCRIPT_VERSION = 1


def resume_command(procedure: str, step: int, bank: str | None = None) -> str:
    where = f" --bank {shlex.quote(bank)}" if bank else ""
    return f"mbtool procedures run {shlex.quote(procedure)}{where} --from-step {step}"


def transcript(result: RunResult, options: RunOptions, bank: str | None = None) -> dict[str, Any]:
    """What ran, with values of secret-named variables (options, steps, environment) as `***`."""
    sources = [os.environ, dict(options.env), *(s.planned.env for s in result.steps)]
    secrets = secret_values(*sources)
    failed = result.failed
    return {
        "version": TRANSCRIPT_VERSION,
        "procedure": result.procedure,
        "env": masked_env(dict(options.env), secrets),
        "timeout": options.timeout,
        "from_step": options.from_step,
        "steps": [_step(step, secrets) for step in result.steps],
        "result": "ok" if failed is None else ("timed-out" if failed.timed_out else "failed"),
        "resume": None
        if failed is None
        else resume_command(result.procedure, failed.planned.step.number, bank),
    }


def _step(result: StepResult, secrets: tuple[str, ...]) -> dict[str, Any]:
    step = result.planned.step
    return {
        "number": step.number,
        "title": mask(step.title, secrets),
        "source": f"{step.path}:{step.line}",
        "command": mask(step.command, secrets),
        "cwd": result.planned.relative_cwd,
        "env": masked_env(result.planned.env, secrets),
        "timeout": result.planned.timeout,
        "exit_code": result.exit_code,
        "duration": round(result.duration, 3),
        "timed_out": result.timed_out,
        "stdout": mask(result.stdout, secrets),
        "stderr": mask(result.stderr, secrets),
    }
