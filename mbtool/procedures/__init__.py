"""Runnable replication procedures (DESIGN §8): find, show, check, run, export.

ReadProblem, showing and exporting never run anything; `run_steps` is the only call that
executes a step, and the CLI and `mbtool.api.run_procedure` put consent in front of it.
Checking procedures is the check engine's job (rules MB401-MB403).
"""

from __future__ import annotations

from mbtool.procedures.export import dry_run_text, export_script
from mbtool.procedures.extract import find_procedure, procedures_of
from mbtool.procedures.model import Attributes, Procedure, Step
from mbtool.procedures.plan import PlannedStep, RunOptions, parse_env, plan
from mbtool.procedures.runner import Announce, RunResult, StepResult, run_steps
from mbtool.procedures.transcript import resume_command, transcript

__all__ = [
    "Announce",
    "Attributes",
    "PlannedStep",
    "Procedure",
    "RunOptions",
    "RunResult",
    "Step",
    "StepResult",
    "dry_run_text",
    "export_script",
    "find_procedure",
    "parse_env",
    "plan",
    "procedures_of",
    "resume_command",
    "run_steps",
    "transcript",
]
