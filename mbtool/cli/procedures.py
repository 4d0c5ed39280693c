"""`mbtool procedures list|show|check|run|export`: the runnable procedures of a bank.

Listing, showing, checking and exporting never run anything. `run` asks on a terminal,
refuses without one unless `--yes`, and `--dry-run` prints exactly what would run.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from mbtool.cli.common import add_bank_argument, add_output_argument, emit, write_atomic
from mbtool.errors import UsageError

if TYPE_CHECKING:  # the library is imported in the handlers, so `mbtool --help` stays fast
    from mbtool.procedures import PlannedStep, Procedure, RunResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("procedures", help="list, check, run or export runnable procedures")
    commands = parser.add_subparsers(dest="procedures_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="list the procedures of a bank")
    add_bank_argument(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=handle_list)
    show = commands.add_parser("show", help="print one procedure's steps")
    _add_id(show)
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=handle_show)
    check = commands.add_parser("check", help="check scripts, shell syntax and fences (runs nothing)")
    add_bank_argument(check)
    check.add_argument("--format", choices=("text", "json", "github", "sarif"), default="text")
    check.add_argument("--no-shellcheck", action="store_true", help="skip shellcheck even when installed")
    check.set_defaults(handler=handle_check)
    _register_run(commands)
    export = commands.add_parser("export", help="write a procedure as a standalone bash script")
    _add_id(export)
    add_output_argument(export)
    export.set_defaults(handler=handle_export)


def _register_run(commands: Any) -> None:
    run = commands.add_parser("run", help="run a procedure's steps (asks first; --yes without a terminal)")
    _add_id(run)
    run.add_argument("--yes", "-y", action="store_true", help="run without asking")
    run.add_argument("--dry-run", action="store_true", help="print the commands; run nothing")
    run.add_argument(
        "--timeout",
        type=_seconds,
        default=None,
        metavar="S",
        help="stop any step after S seconds (a step's smaller `timeout=` wins)",
    )
    run.add_argument("--from-step", type=_step_number, default=1, metavar="N", help="start at step N")
    run.add_argument(
        "--env", action="append", default=[], metavar="K=V", help="set a variable for every step (repeatable)"
    )
    run.add_argument(
        "--transcript", default=None, metavar="FILE", help="write a JSON transcript (secrets masked) to FILE"
    )
    run.set_defaults(handler=handle_run)


def _add_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar="ID", help="`doc.md#anchor` (see `procedures list`) or a step name")
    add_bank_argument(parser)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"`{text}` is not a positive number of seconds")
    return value


def _step_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"`{text}` is not a step number (1 or more)")
    return int(text)


# -- list, show and check -----------------------------------------------------------------------------
def handle_list(args: argparse.Namespace) -> int:
    from mbtool.api import analyse
    from mbtool.report.procedures import list_json, list_text

    analysis = analyse(args.bank)
    procedures, folder = analysis.procedures, analysis.bank.prefix
    if args.format == "json":
        emit(list_json(procedures, folder, args.bank), None)
    else:
        emit(list_text(procedures, folder), None)
    return 0


def handle_show(args: argparse.Namespace) -> int:
    from mbtool.api import analyse, get_procedure
    from mbtool.report.procedures import show_json, show_text

    # The file as it is now, never a cached parse: what is shown is what would run.
    procedure = get_procedure(analyse(args.bank, cache=False), args.id)
    emit(show_json(procedure, args.bank) if args.format == "json" else show_text(procedure, args.bank), None)
    return 0


def handle_check(args: argparse.Namespace) -> int:
    """The check engine with the MB4 selection (same severities, suppressions and exit codes)."""
    from mbtool.api import check_procedures
    from mbtool.report import Display, render

    result = check_procedures(args.bank, shellcheck=not args.no_shellcheck)
    emit(render(result, args.format, Display()), None)
    return result.exit_code


# -- run and export ---------------------------------------------------------------------------------
def handle_run(args: argparse.Namespace) -> int:
    from mbtool.api import analyse, get_procedure
    from mbtool.procedures import RunOptions, dry_run_text, parse_env, plan, run_steps

    # The file as it is now, never a cached parse: a forged cache entry must not change what runs.
    analysis = analyse(args.bank, cache=False)
    procedure = get_procedure(analysis, args.id)
    options = RunOptions(from_step=args.from_step, timeout=args.timeout, env=parse_env(args.env))
    steps = plan(procedure, analysis.location.project, options)
    if args.dry_run:
        emit(dry_run_text(procedure, steps), None)
        return 0
    if not steps:
        print(f"mbtool: `{procedure.id}` has no steps to run from step {args.from_step}", file=sys.stderr)
        return 0
    if not _confirmed(args, procedure, steps):
        return 1
    result = run_steps(procedure.id, steps, announce=_announce(len(procedure.steps)))
    if args.transcript:
        _write_transcript(args, result, options)
    return _report(args, procedure, result)


def _confirmed(args: argparse.Namespace, procedure: Procedure, steps: list[PlannedStep]) -> bool:
    count = f"{len(steps)} step{'s' if len(steps) != 1 else ''}"
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(
            f"refusing to run {count} of `{procedure.id}` without a terminal to confirm; "
            "pass --yes to run them, or --dry-run to see them"
        )
    sys.stderr.write(f"Run {count} of {procedure.id}? [y/N] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    if answer in ("y", "yes"):
        return True
    print("mbtool: nothing was run", file=sys.stderr)
    return False


def _announce(total: int) -> Any:
    from mbtool.procedures.export import one_line

    def announce(planned: PlannedStep) -> None:
        step = planned.step
        timeout = f", timeout {planned.timeout:g}s" if planned.timeout is not None else ""
        print(
            f"==> step {step.number}/{total}: {one_line(step.title) or step.path + ':' + str(step.line)}"
            f" (cwd {planned.relative_cwd}{timeout})",
            file=sys.stderr,
            flush=True,
        )

    return announce


def _write_transcript(args: argparse.Namespace, result: RunResult, options: Any) -> None:
    from pathlib import Path

    from mbtool.procedures import transcript

    data = transcript(result, options, args.bank)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_atomic(Path(args.transcript), text.encode(), mode=0o600)  # private: it holds what steps printed


def _report(args: argparse.Namespace, procedure: Procedure, result: RunResult) -> int:
    from mbtool.procedures import resume_command

    failed = result.failed
    if failed is None:
        print(f"mbtool: ran {len(result.steps)} step(s) of `{procedure.id}`", file=sys.stderr)
        return 0
    number = failed.planned.step.number
    reason = (
        f"timed out after {failed.planned.timeout:g}s"
        if failed.timed_out
        else f"failed with exit code {failed.exit_code}"
    )
    print(
        f"mbtool: step {number} of `{procedure.id}` {reason}; resume with "
        f"`{resume_command(procedure.id, number, args.bank)}`",
        file=sys.stderr,
    )
    return 1


def handle_export(args: argparse.Namespace) -> int:
    from mbtool.api import export_procedure

    # A script is for running: written with -o it is executable (rwxr-xr-x), like one made by hand.
    emit(export_procedure(args.bank, args.id), args.output, mode=0o755 if args.output else None)
    return 0
