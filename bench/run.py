"""Benchmarks at scale (DESIGN §9): mbtool's commands against floors measured in the same run.

For each size, a seed-style bank is generated (`bench/generate.py`) and every command runs
as a subprocess; its wall time and peak memory (`os.wait4` rusage: the largest single
process in its tree) are printed next to a floor:

- the parse floor: `bench/floor.py`, a bare single-process markdown-it-py parse of the same
  files (start-up and reading included);
- the site floor: a plain `mkdocs build` of the same pages (Material, search, the same
  Markdown extensions, no mbtool plugin).

A command that does not exist yet is an `n/a` row, one that fails is a `failed` row; the
runner never stops on them. Timings are the best of `--repeat` runs.

    uv run python bench/run.py --sizes 100,1000
    uv run python bench/run.py --sizes 100,1000,10000 --write-docs
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import shlex
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generate import generate, generate_tiny
from machine import describe
from report import Row, render_size, write_docs

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
IMPACT_TARGET = "projectbrief.md"  # every generated bank has it; most documents rest on it


@dataclass
class Run:
    returncode: int
    seconds: float
    peak_mb: float
    last_error: str
    timed_out: bool = False


@dataclass
class Measure:
    status: str  # "ok", "n/a", "timeout (> N s)" or "failed (rc N: last stderr line)"
    seconds: float | None = None
    peak_mb: float | None = None


@dataclass
class Step:
    name: str
    command: str  # the `mbtool` subcommand it needs, "" for a floor
    argv: list[str] | Callable[[], list[str]]  # a function when each run asks something new
    shown: str  # how the table shows the command
    accepted: tuple[int, ...] = (0,)
    cold: bool = False  # clear the cache before each run
    floor: str = "parse"  # which floor the ratio divides by
    before: Callable[[], None] | None = None  # untimed, before each run (an edit)


@dataclass
class Settings:
    repeat: int
    timeout: float
    site_timeout: float
    out: Path
    available: set[str] = field(default_factory=set)


def measure(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> Run:
    """Run one command to completion; wall time from `perf_counter`, peak RSS from `wait4`."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors, start_new_session=True
        )
        killer = threading.Timer(timeout, _kill_group, (process.pid,))
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    timed_out = process.returncode < 0 and seconds >= timeout
    return Run(process.returncode, seconds, peak, lines[-1][:160] if lines else "", timed_out)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)


def best_of(
    step: Step, project: Path, env: dict[str, str], settings: Settings, clear: Callable[[], None]
) -> Measure:
    """The fastest of `settings.repeat` runs (and the highest peak memory seen)."""
    if step.command and step.command not in settings.available:
        return Measure("n/a")
    runs = []
    for _ in range(settings.repeat):
        if step.cold:
            clear()
        if step.before is not None:
            step.before()
        timeout = settings.site_timeout if "site" in (step.floor, step.name.split()[0]) else settings.timeout
        run = measure(step.argv() if callable(step.argv) else step.argv, project, env, timeout)
        if run.timed_out:
            return Measure(f"timeout (> {timeout:g} s)")
        if run.returncode not in step.accepted:
            return Measure(f"failed (rc {run.returncode}: {run.last_error})")
        runs.append(run)
    return Measure("ok", min(run.seconds for run in runs), max(run.peak_mb for run in runs))


def steps(project: Path, out: Path, size: int, *, site: bool = True, commands: bool = True) -> list[Step]:
    """The rows of one size: the commands (`commands`) and the two site builds (`site`)."""
    bank = str(project / "memory-bank")
    mbtool = [PYTHON, "-m", "mbtool"]
    found = []
    if commands:
        found += [
            *check_steps(bank, project / "memory-bank" / EDITED),
            Step("graph (cold)", "graph", [*mbtool, "graph", bank], "mbtool graph BANK", cold=True),
            Step("graph (warm)", "graph", [*mbtool, "graph", bank], "mbtool graph BANK"),
            Step(
                "impact (warm)",
                "impact",
                [*mbtool, "impact", IMPACT_TARGET, "--bank", bank, "--format", "json"],
                f"mbtool impact {IMPACT_TARGET} --bank BANK --format json",
            ),
            Step(
                "impact (new target)",
                "impact",
                asking(mbtool, bank),
                "mbtool impact T --bank BANK --format json (T not asked before)",
            ),
            Step(
                "map (warm)",
                "map",
                [*mbtool, "map", bank, "--format", "json"],
                "mbtool map BANK --format json",
            ),
            Step(
                "diagram (warm)",
                "diagram",
                [*mbtool, "diagram", bank, "--format", "svg", "--output", str(out / f"diagram-{size}.svg")],
                "mbtool diagram BANK --format svg -o F",
            ),
        ]
    if site:
        found += [
            Step(
                "site floor",
                "",
                [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "floor-mkdocs.yml")],
                "mkdocs build (plain)",
                floor="",
            ),
            Step(
                "site build (warm)",
                "build",
                [*mbtool, "build", "--bank", bank, "--site-dir", str(out / f"site-{size}")],
                "mbtool build --bank BANK --site-dir D",
                (0, 1),
                floor="site",
            ),
        ]
    return found


def tiny_steps(project: Path) -> list[Step]:
    """The many-tiny-files rows: per-file costs, where a parse cache alone barely helps."""
    return check_steps(str(project / "memory-bank"), project / "memory-bank" / "notes-000" / "note-00001.md")


def check_steps(bank: str, edited: Path) -> list[Step]:
    """The parse floor and `check` cold, warm and after editing `edited` (every table has them)."""
    check = [PYTHON, "-m", "mbtool", "check", bank, "--format", "json"]
    shown = "mbtool check BANK --format json"
    return [
        Step("parse floor", "", [PYTHON, str(HERE / "floor.py"), bank], "bench/floor.py BANK", floor=""),
        Step("check (cold)", "check", check, shown, (0, 1), cold=True),
        Step("check (warm)", "check", check, shown, (0, 1)),
        Step(
            "check (one edit)",
            "check",
            check,
            shown + " (after editing one document)",
            (0, 1),
            before=editor(edited),
        ),
    ]


EDITED = "progress.md"  # every generated bank has it


def editor(path: Path) -> Callable[[], None]:
    """Appends a new line to `path` on every call: each run after it sees one changed file
    (never a version the caches have seen before)."""
    edits = itertools.count()

    def edit() -> None:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(f"\n<!-- bench edit {os.getpid()}-{next(edits)} -->\n")

    return edit


def asking(mbtool: list[str], bank: str) -> Callable[[], list[str]]:
    """An impact query about a different core document on every call (so never a replayed one)."""
    targets = itertools.cycle(
        ("productContext.md", "systemPatterns.md", "techContext.md", "activeContext.md")
    )
    return lambda: [*mbtool, "impact", next(targets), "--bank", bank, "--format", "json"]


def floor_config(project: Path, out: Path, size: int) -> None:
    """A plain MkDocs configuration for the same pages: what `mbtool build` adds is the difference."""
    (project / "floor-mkdocs.yml").write_text(
        "site_name: floor\n"
        "docs_dir: memory-bank\n"
        f"site_dir: {out / f'site-floor-{size}'}\n"
        "theme:\n  name: material\n  features: [content.code.copy, navigation.instant, search.highlight]\n"
        "plugins: [search]\n"
        "markdown_extensions: [admonition, attr_list, pymdownx.details, pymdownx.superfences,\n"
        "  pymdownx.highlight, pymdownx.inlinehilite, {toc: {permalink: true}}, tables]\n",
        encoding="utf-8",
    )


def run_size(size: int, settings: Settings, *, site: bool = True, commands: bool = True) -> list[Row]:
    project = settings.out / f"bank-{size}"
    shutil.rmtree(project, ignore_errors=True)
    generate(project, size)
    floor_config(project, settings.out, size)
    return run_steps(
        steps(project, settings.out, size, site=site, commands=commands), project, size, settings
    )


def run_tiny(count: int, settings: Settings) -> list[Row]:
    project = settings.out / f"tiny-{count}"
    shutil.rmtree(project, ignore_errors=True)
    generate_tiny(project, count)
    return run_steps(tiny_steps(project), project, count, settings)


def age(project: Path, seconds: float = 60) -> None:
    """Date every generated file and folder a minute back. A real bank is not written in the
    second before a check; a file changed within 2 s of a run's start is "racy" for the result
    cache (hashed again next time; a racy folder is a miss), which would make the first warm
    runs after generating look like misses."""
    past = time.time() - seconds
    for folder, _, files in os.walk(project):
        for name in files:
            os.utime(Path(folder) / name, (past, past))
        os.utime(folder, (past, past))


def run_steps(chosen: list[Step], project: Path, size: int, settings: Settings) -> list[Row]:
    age(project)
    cache = settings.out / f"cache-{project.name}"
    env = {**python_env(settings.out), "MBTOOL_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    clear()
    rows = []
    for step in chosen:
        print(f"  {size:>6} {step.name:<20}", end="", flush=True)
        result = best_of(step, project, env, settings, clear)
        print(f" {result.status:<8} {_seconds(result)}", flush=True)
        rows.append(Row(step.name, step.shown, step.floor, result.status, result.seconds, result.peak_mb))
    return rows


def _seconds(result: Measure) -> str:
    return f"{result.seconds:.2f} s, {result.peak_mb:.0f} MB" if result.seconds is not None else ""


def python_env(out: Path) -> dict[str, str]:
    """Bytecode caches on, kept under the work folder, as an installed tool would run."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(out / "pycache")}


def compile_everything(out: Path) -> None:
    """Write the bytecode of the standard library, site-packages and mbtool before timing anything."""
    paths = sysconfig.get_paths()
    folders = sorted({paths["stdlib"], paths["purelib"], paths["platlib"], str(HERE.parent / "mbtool")})
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", "-j", "0", *folders],
        env=python_env(out),
        capture_output=True,
        check=False,
    )


def _load_average() -> float:
    """Other jobs on the machine slow the parallel steps first; the tables say how busy it was."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def available_commands(out: Path) -> set[str]:
    """The mbtool commands that exist right now (others are being written)."""
    names = ("check", "graph", "impact", "map", "diagram", "build")
    found = set()
    for name in names:
        done = subprocess.run(
            [PYTHON, "-m", "mbtool", name, "--help"], env=python_env(out), capture_output=True, check=False
        )
        if done.returncode == 0:
            found.add(name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark mbtool on generated banks (DESIGN §9).")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated bank sizes (default 100,1000)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=None,
        help="runs per step, best kept (default 3 up to 1,000 documents, else 1)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a step is killed")
    parser.add_argument(
        "--site-timeout",
        type=float,
        default=900,
        help="the same for the two site builds (MkDocs slows down quadratically with pages)",
    )
    parser.add_argument(
        "--site-sizes",
        default="300,1000",
        help="sizes whose site is built, beside plain MkDocs (default 300,1000; '' for none)",
    )
    parser.add_argument(
        "--tiny",
        type=int,
        default=20_000,
        help="files in the many-tiny-files bank (default 20000; 0 skips it)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out", help="work folder (default bench/out)")
    parser.add_argument(
        "--write-docs", action="store_true", help="write the results into docs/performance.md"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    site_sizes = {int(size) for size in args.site_sizes.split(",") if size.strip()}
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    print("compiling bytecode (once per work folder)...", flush=True)
    compile_everything(out)
    available = available_commands(out)
    print(f"commands available: {', '.join(sorted(available)) or 'none'}")
    tables = []
    for size in sorted({*sizes, *site_sizes}):
        repeat = args.repeat or (3 if size <= 1000 else 1)
        settings = Settings(repeat, args.timeout, args.site_timeout, out, available)
        before = _load_average()
        rows = run_size(size, settings, site=size in site_sizes, commands=size in sizes)
        tables.append(render_size(size, repeat, rows, (before, _load_average())))
        print("\n" + tables[-1])
    if args.tiny:
        repeat = args.repeat or 3
        before = _load_average()
        rows = run_tiny(args.tiny, Settings(repeat, args.timeout, args.site_timeout, out, available))
        tables.append(render_size(args.tiny, repeat, rows, (before, _load_average()), tiny=True))
        print("\n" + tables[-1])
    machine = describe()
    print(machine)
    if args.write_docs:
        write_docs(
            HERE.parent / "docs" / "performance.md",
            machine,
            tables,
            shlex.join(["bench/run.py", *(argv or sys.argv[1:])]),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
