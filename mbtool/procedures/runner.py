"""Running planned steps: each in a fresh `bash -euo pipefail -c`, in its own process group.

Output is streamed to the terminal and captured. A timeout (or Ctrl-C) stops the whole
process group: SIGTERM, a grace period, then SIGKILL. Background processes a step leaves
behind are stopped the same way when the step ends, so nothing outlives its step: on
Linux that includes children that left the group with `setsid` (`reaper`).
"""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TextIO

from mbtool.procedures import reaper
from mbtool.procedures.plan import SHELL, PlannedStep, environment

GRACE_SECONDS = 3.0
CAPTURE_LIMIT = 1024 * 1024  # characters kept per stream; the tail is kept


@dataclass
class StepResult:
    planned: PlannedStep
    exit_code: int | None = None
    duration: float = 0.0
    timed_out: bool = False
    stdout: str = ""
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out


@dataclass
class RunResult:
    procedure: str
    steps: list[StepResult] = field(default_factory=list)

    @property
    def failed(self) -> StepResult | None:
        return next((result for result in self.steps if not result.ok), None)


Announce = Callable[[PlannedStep], None]


def run_steps(
    procedure: str,
    steps: list[PlannedStep],
    announce: Announce | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> RunResult:
    """Run steps in order and stop at the first that fails or times out."""
    result = RunResult(procedure)
    with reaper.subreaper():  # orphans of a step come back to us, so they can be stopped
        for planned in steps:
            if announce is not None:
                announce(planned)
            outcome = run_step(planned, out or sys.stdout, err or sys.stderr)
            result.steps.append(outcome)
            if not outcome.ok:
                break
    return result


def run_step(planned: PlannedStep, out: TextIO, err: TextIO) -> StepResult:
    stdin = None if _is_terminal(sys.stdin) else subprocess.DEVNULL
    started = time.monotonic()
    before = reaper.children_of(os.getpid())
    process = subprocess.Popen(
        [*SHELL, planned.step.command],
        cwd=planned.cwd,
        env=environment(os.environ, planned),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    readers = [_Reader(process.stdout, out), _Reader(process.stderr, err)]
    result = StepResult(planned)
    try:
        result.exit_code = process.wait(timeout=planned.timeout)
    except subprocess.TimeoutExpired:
        result.timed_out = True
    finally:
        leftovers = reaper.step_processes(process.pid, before) - {process.pid}  # while the tree stands
        _stop_group(process)
        reaper.stop_all(leftovers, GRACE_SECONDS)
        result.exit_code = process.wait() if result.exit_code is None else result.exit_code
        for reader in readers:
            reader.join()
    result.duration = time.monotonic() - started
    result.stdout, result.stderr = readers[0].text(), readers[1].text()
    return result


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (ValueError, OSError):
        return False


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the step's process group, give it a grace period, then SIGKILL what is left."""
    group = process.pid  # start_new_session made the step a group leader
    if not _signal_group(group, signal.SIGTERM):
        return
    deadline = time.monotonic() + GRACE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None and not _signal_group(group, 0):
            return
        time.sleep(0.05)
    _signal_group(group, signal.SIGKILL)


def _signal_group(group: int, signum: int) -> bool:
    """Send `signum` to the group; False when no process of it is left."""
    try:
        os.killpg(group, signum)
    except ProcessLookupError:
        return False
    except PermissionError:  # only zombies left, owned by no one we can signal
        return False
    return True


class _Reader:
    """Copies a pipe to a stream as it arrives and keeps the tail of what it saw."""

    def __init__(self, pipe: IO[bytes] | None, stream: TextIO) -> None:
        self.pipe, self.stream = pipe, stream
        self.chunks: list[str] = []
        self.size = 0
        self.thread = threading.Thread(target=self._copy, daemon=True)
        self.thread.start()

    def _copy(self) -> None:
        if self.pipe is None:
            return
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        with self.pipe:
            while chunk := os.read(self.pipe.fileno(), 65536):
                self._keep(decoder.decode(chunk))
            self._keep(decoder.decode(b"", final=True))

    def _keep(self, text: str) -> None:
        if not text:
            return
        self.stream.write(text)
        self.stream.flush()
        self.chunks.append(text)
        self.size += len(text)
        if self.size > 2 * CAPTURE_LIMIT:
            tail = "".join(self.chunks)[-CAPTURE_LIMIT:]
            self.chunks, self.size = [tail], len(tail)

    def join(self) -> None:
        # A process that left the group (setsid) may hold the pipe open forever: stop waiting.
        self.thread.join(timeout=GRACE_SECONDS)

    def text(self) -> str:
        return "".join(self.chunks)[-CAPTURE_LIMIT:]
