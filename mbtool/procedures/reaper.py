"""Nothing a step starts outlives it, not even a process that left its group with `setsid`.

Killing the step's process group misses a child that called `setsid` (a new session, a new
group). On Linux mbtool therefore becomes a *child subreaper* while steps run
(`prctl(PR_SET_CHILD_SUBREAPER)`): an orphan of a step is re-parented to mbtool instead of
init, so it can still be found. When a step ends, every process in the step's tree and
every process re-parented to mbtool since the step started is stopped (SIGTERM, a grace
period, SIGKILL) and reaped. Processes are found through `/proc`; elsewhere only the
process group is stopped.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36
PROC = Path("/proc")


@contextlib.contextmanager
def subreaper() -> Iterator[bool]:
    """Make this process a child subreaper for the duration (True when that worked)."""
    enabled = _set_subreaper(True)
    try:
        yield enabled
    finally:
        if enabled:
            _set_subreaper(False)


def _set_subreaper(on: bool) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def children_of(pid: int) -> set[int]:
    """The live processes whose parent is `pid` (empty where `/proc` is missing)."""
    return {child for child, parent in _parents().items() if parent == pid}


def step_processes(step_pid: int, before: set[int]) -> set[int]:
    """The step's process tree plus processes re-parented to us since the step started."""
    parents = _parents()
    me = os.getpid()
    roots = {step_pid} | {pid for pid, parent in parents.items() if parent == me and pid not in before}
    found: set[int] = set()
    frontier = [pid for pid in roots if pid in parents]
    while frontier:
        pid = frontier.pop()
        if pid in found:
            continue
        found.add(pid)
        frontier.extend(child for child, parent in parents.items() if parent == pid)
    return found


def stop_all(pids: set[int], grace: float) -> None:
    """SIGTERM every process, wait up to `grace` seconds, SIGKILL the rest; reap our children."""
    alive = {pid for pid in pids if _signal(pid, signal.SIGTERM)}
    deadline = time.monotonic() + grace
    while alive and time.monotonic() < deadline:
        _reap(alive)
        alive = {pid for pid in alive if _exists(pid)}
        if alive:
            time.sleep(0.05)
    for pid in alive:
        _signal(pid, signal.SIGKILL)
    deadline = time.monotonic() + grace
    while alive and time.monotonic() < deadline:
        _reap(alive)
        alive = {pid for pid in alive if _exists(pid)}
        if alive:
            time.sleep(0.02)


def _parents() -> dict[int, int]:
    """pid → parent pid for every process `/proc` shows (zombies included, so they are reaped)."""
    found: dict[int, int] = {}
    try:
        entries = os.listdir(PROC)
    except OSError:
        return found
    for name in entries:
        if not name.isdigit():
            continue
        try:
            stat = (PROC / name / "stat").read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # ended while we looked
        fields = stat[stat.rfind(")") + 2 :].split()  # the command name may hold spaces and ")"
        if len(fields) > 1:
            found[int(name)] = int(fields[1])
    return found


def _signal(pid: int, signum: int) -> bool:
    try:
        os.kill(pid, signum)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _exists(pid: int) -> bool:
    """Alive and not a zombie (a zombie has ended; only its exit status is left)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # gone (or no /proc, where no pid was found in the first place)
    return stat[stat.rfind(")") + 2 :][:1] != "Z"


def _reap(pids: set[int]) -> None:
    """Collect the exit status of those that are our children, so no zombie is left behind."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(pid, os.WNOHANG)
