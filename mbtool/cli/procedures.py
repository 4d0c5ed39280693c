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
    from mbtool.procedures import PlannedStep, Procedure, RunResult, Step
    from mbtool.reading.bank import Bank


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
    check.add_argument("--format", choices=("text", "json"), default="text")
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
    add_bank_argument(parser, positional=False)


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


# -- list and show ----------------------------------------------------------------------------------
def handle_list(args: argparse.Namespace) -> int:
    from mbtool.api import load
    from mbtool.procedures import bank_folder, list_procedures

    bank = load(args.bank)
    procedures = list_procedures(bank)
    if args.format == "json":
        data = {
            "version": 1,
            "bank": bank_folder(bank),
            "procedures": [procedure_json(p, args.bank) for p in procedures],
        }
        emit(json.dumps(data, indent=2, ensure_ascii=False), None)
    elif not procedures:
        print(f"no procedures in {bank_folder(bank)}")
    else:
        width = max(len(p.id) for p in procedures)
        for procedure in procedures:
            count = len(procedure.steps)
            print(f"{procedure.id:<{width}}  {count} step{'s' if count != 1 else ' '}  {procedure.title}")
    return 0


def procedure_json(procedure: Procedure, bank: str | None = None) -> dict[str, Any]:
    from mbtool.procedures import resume_command

    return {
        "id": procedure.id,
        "title": procedure.title,
        "path": procedure.path,
        "line": procedure.line,
        "kind": procedure.kind,
        "run": resume_command(procedure.id, 1, bank).removesuffix(" --from-step 1"),
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


def handle_show(args: argparse.Namespace) -> int:
    from mbtool.api import load
    from mbtool.procedures import get_procedure

    procedure = get_procedure(load(args.bank), args.id)
    if args.format == "json":
        emit(json.dumps(procedure_json(procedure, args.bank), indent=2, ensure_ascii=False), None)
        return 0
    print(f"{procedure.id}: {procedure.title}")
    command = procedure_json(procedure, args.bank)["run"]
    print(f"  from {procedure.path}:{procedure.line}; run with `{command}`")
    for step in procedure.steps:
        print()
        print(_step_text(step))
    return 0


def _step_text(step: Step) -> str:
    from mbtool.procedures.export import step_heading

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
    body = "\n".join(f"    {line}" for line in step.command.rstrip("\n").splitlines())
    return f"{step_heading(step)}\n  [{', '.join(settings)}]\n{body}"


# -- check ------------------------------------------------------------------------------------------
def handle_check(args: argparse.Namespace) -> int:
    from mbtool.api import load
    from mbtool.checks.diagnostics import LEVEL_ORDER
    from mbtool.procedures import bank_folder, check_procedures

    bank = load(args.bank)
    diagnostics = check_procedures(bank, use_shellcheck=not args.no_shellcheck)
    summary = {level: sum(d.severity == level for d in diagnostics) for level in ("error", "warning", "info")}
    if args.format == "json":
        data = {
            "version": 1,
            "bank": bank_folder(bank),
            "documents": len(bank.documents),
            "diagnostics": [d.model_dump(mode="json") for d in diagnostics],
            "summary": summary,
        }
        emit(json.dumps(data, indent=2, ensure_ascii=False), None)
    else:
        folder = bank_folder(bank)
        for d in diagnostics:
            print(f"{folder}/{d.path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}")
        print(", ".join(f"{count} {level}{'s' if count != 1 else ''}" for level, count in summary.items()))
    threshold = LEVEL_ORDER[bank.location.config.fail_on]
    return 1 if any(LEVEL_ORDER[d.severity] >= threshold for d in diagnostics) else 0


# -- run and export ---------------------------------------------------------------------------------
def handle_run(args: argparse.Namespace) -> int:
    from mbtool.api import load
    from mbtool.procedures import RunOptions, dry_run_text, get_procedure, parse_env, plan, run_steps

    bank = load(args.bank)
    procedure = get_procedure(bank, args.id)
    options = RunOptions(from_step=args.from_step, timeout=args.timeout, env=parse_env(args.env))
    steps = plan(procedure, bank.location.project, options)
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
    write_atomic(Path(args.transcript), (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


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
    from mbtool.api import load
    from mbtool.procedures import bank_folder, export_script, get_procedure

    bank: Bank = load(args.bank)
    emit(export_script(get_procedure(bank, args.id), bank_folder(bank)), args.output)
    return 0
