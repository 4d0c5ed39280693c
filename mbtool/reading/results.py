"""The whole-result cache: a command's output, printed again when nothing it rests on changed.

A warm `check`, `impact` or `graph` with nothing changed needs no parsing, no graph and no
rules: only proof that every input is as it was. `replay` looks for a stored result of the
same invocation (command, arguments, working folder, colour) and checks its `Evidence` (see
`mbtool.reading.evidence`: a `stat` per bank folder and document, the configuration's
whereabouts, `git status` or the project walk, what rules probed), then the day for date
rules and the tool itself (every source file of the `mbtool` package, by `stat`). Any
difference is a miss, and the command runs as usual and records a fresh result.

This module and `evidence` import only the standard library (and `mbtool.git`, itself
standard-library only), so a hit costs start-up, a `stat` walk and at most one `git status`:
no pydantic, networkx or markdown-it (`python -X importtime -m mbtool check` shows it).

Entries live under the cache folder (`results-v1/`), one JSON file per invocation, written
atomically; `--no-cache` neither reads nor writes them. A cache that cannot be read or
written costs speed, never correctness: a damaged entry is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import site
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mbtool.reading.cachedir import cache_dir
from mbtool.reading.evidence import Evidence, Fact, collect, stat_of
from mbtool.reading.files import read_file

if TYPE_CHECKING:
    from mbtool.reading.bank import Bank

FORMAT = 1
KEEP = 500  # entries kept; the least recently written go first
# Not the documents' 20 MiB: a check of 10,000 documents prints more. Larger is a miss.
MAX_ENTRY_BYTES = 1 << 30
_temp_names = itertools.count()


@dataclass(frozen=True)
class Invocation:
    """What identifies a stored result: the command, its parsed arguments, where it ran."""

    command: str
    arguments: dict[str, Any]  # argparse's namespace, JSON values only
    cwd: str
    color: bool = False

    @classmethod
    def of(cls, command: str, arguments: dict[str, Any], color: bool = False) -> Invocation:
        plain = {
            name: value
            for name, value in sorted(arguments.items())
            if isinstance(value, str | int | float | bool | list | type(None))
        }
        return cls(command, plain, os.getcwd(), color)

    def to_json(self) -> dict[str, Any]:
        return {"command": self.command, "arguments": self.arguments, "cwd": self.cwd, "color": self.color}

    @property
    def key(self) -> str:
        text = json.dumps(self.to_json(), sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()[:40]


@dataclass(frozen=True)
class Stored:
    output: str
    code: int


def replay(invocation: Invocation, day: str | None = None) -> Stored | None:
    """The stored output and exit code of `invocation`, if everything it rests on is unchanged
    (and `day`, for commands whose result depends on the date, is the recorded one)."""
    data = read_file(_entry(invocation), limit=MAX_ENTRY_BYTES)
    if isinstance(data, str):
        return None
    try:
        entry = json.loads(data)
        if (
            entry.get("format") != FORMAT
            or entry.get("invocation") != invocation.to_json()
            or entry.get("day") != day
            or entry.get("tool") != tool_fingerprint()
        ):
            return None
        evidence = Evidence([Fact.from_json(item) for item in entry["facts"]], _git(entry.get("git")))
        output, code = entry["output"], entry["code"]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(output, str) or not isinstance(code, int) or not evidence.holds():
        return None
    return Stored(output, code)


def record(
    invocation: Invocation,
    stored: Stored,
    bank: Bank,
    *,
    started: int,
    bank_given: bool,
    day: str | None = None,
    also: tuple[tuple[Invocation, Stored], ...] = (),
) -> None:
    """Store a finished run's output with the evidence it rests on (and, under the same
    evidence, the results in `also`, e.g. the graph snapshot); never fails the run."""
    evidence = collect(bank, Path(invocation.cwd), bank_given, started)
    facts = [fact.to_json() for fact in evidence.facts]
    for each, (what, result) in enumerate(((invocation, stored), *also)):
        entry = {
            "format": FORMAT,
            "invocation": what.to_json(),
            "day": day if each == 0 else None,
            "tool": tool_fingerprint(),
            "facts": facts,
            "git": list(evidence.git) if evidence.git else None,
            "code": result.code,
            "output": result.output,
        }
        _write(_entry(what), json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogateescape"))


def adopt(invocation: Invocation, stored: Stored, source: Invocation) -> None:
    """Store `stored` as the result of `invocation`, resting on the evidence of `source`'s entry
    (which just held): an impact answered from the kept graph is replayed the next time."""
    data = read_file(_entry(source), limit=MAX_ENTRY_BYTES)
    if isinstance(data, str):
        return
    try:
        entry = json.loads(data)
        entry.update(invocation=invocation.to_json(), code=stored.code, output=stored.output)
    except (ValueError, AttributeError):
        return
    _write(_entry(invocation), json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogateescape"))


def graph_invocation(bank: str | None) -> Invocation:
    """Where the graph snapshot of a bank (as named on the command line, from here) is kept."""
    return Invocation.of("graph-snapshot", {"bank": bank})


def _write(target: Path, data: bytes) -> None:
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.{next(_temp_names)}.tmp")
        try:
            temp.write_bytes(data)
            os.replace(temp, target)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()
        _prune(target.parent)


@cache
def tool_fingerprint() -> str:
    """Every source file of the installed `mbtool` package, by path and `stat`, and the folders
    packages are installed in (installing or upgrading one, markdown-it say, changes them): an
    upgrade or an edited rule never replays an old result."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for installed in sorted({*site.getsitepackages(), site.getusersitepackages()}):
        digest.update(f"{installed}\0{stat_of(installed)}\n".encode())
    stack = [package]
    while stack:
        folder = stack.pop()
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for item in sorted(entries, key=lambda entry: entry.name):
                if item.is_dir(follow_symlinks=False) and item.name != "__pycache__":
                    stack.append(Path(item.path))
                elif item.name.endswith(".py"):
                    status = item.stat()
                    digest.update(f"{item.path}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _entry(invocation: Invocation) -> Path:
    return cache_dir() / f"results-v{FORMAT}" / f"{invocation.key}.json"


def _git(value: object) -> tuple[str, str] | None:
    if value is None:
        return None
    if isinstance(value, list) and len(value) == 2 and all(isinstance(item, str) for item in value):
        return (value[0], value[1])
    raise ValueError("not a git state")


def _prune(folder: Path) -> None:
    """Keep the `KEEP` most recently written entries (checked only once there are a fifth more)."""
    with contextlib.suppress(OSError):
        entries = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
        if len(entries) <= KEEP + KEEP // 5:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in entries[KEEP:]:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
