"""Runnable replication procedures (DESIGN §8): list, show, check, run, export.

Listing, checking and exporting never run anything; `run_procedure` is the only call that
executes a step, and the CLI puts a confirmation (or `--yes`) in front of it.
"""

from __future__ import annotations

from pathlib import Path

from mbtool.checks.diagnostics import Diagnostic
from mbtool.procedures.export import dry_run_text, export_script
from mbtool.procedures.extract import find_procedure, list_procedures, procedures_of
from mbtool.procedures.model import Attributes, Procedure, Step
from mbtool.procedures.plan import PlannedStep, RunOptions, parse_env, plan
from mbtool.procedures.runner import Announce, RunResult, StepResult, run_steps
from mbtool.procedures.transcript import resume_command, transcript
from mbtool.reading.bank import Bank

__all__ = [
    "Attributes",
    "PlannedStep",
    "Procedure",
    "RunOptions",
    "RunResult",
    "Step",
    "StepResult",
    "bank_folder",
    "check_procedures",
    "dry_run_text",
    "export_script",
    "find_procedure",
    "get_procedure",
    "list_procedures",
    "parse_env",
    "plan",
    "procedures_of",
    "resume_command",
    "run_procedure",
    "run_steps",
    "transcript",
]


def get_procedure(bank: Bank, ident: str) -> Procedure:
    """A procedure by id (`doc.md#anchor`), unique anchor, or step name; UsageError if none."""
    return find_procedure(list_procedures(bank), ident)


def bank_folder(bank: Bank) -> str:
    """The bank's folder relative to the project root (POSIX), e.g. `memory-bank`."""
    return bank.location.bank.relative_to(bank.location.project).as_posix()


def run_procedure(
    procedure: Procedure, project: Path, options: RunOptions | None = None, announce: Announce | None = None
) -> RunResult:
    """Run the procedure's steps (from `options.from_step`); stops at the first failure."""
    return run_steps(procedure.id, plan(procedure, project, options or RunOptions()), announce)


def check_procedures(bank: Bank, use_shellcheck: bool = True) -> list[Diagnostic]:
    """MB401-MB403 (and shellcheck, as MB402 info) for the bank's procedures; runs nothing."""
    # Imported here: `mbtool.checks.rules` imports this package, and the check imports the rules.
    from mbtool.procedures.check import check_procedures as check

    return check(bank, use_shellcheck)
