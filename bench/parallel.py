"""Where a parallel parse starts to pay (`mbtool.reading.parallel.PARALLEL_THRESHOLD`).

Parses the first N documents of a generated bank serially and with a process pool of every
usable core (pool start-up included), best of `--repeat`, for growing N, and prints the
times with the machine's load average (a busy machine moves the break-even up):

    uv run python bench/parallel.py --sizes 25,50,100,200,400,800
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import generate

from mbtool.config import Config
from mbtool.reading.parallel import parse_in_parallel, parse_serially, worker_count

Items = list[tuple[str, bytes]]


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="25,50,100,200,400,800")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    workers = worker_count()
    with tempfile.TemporaryDirectory() as folder:
        bank = generate(Path(folder), max(sizes))
        files = sorted(bank.rglob("*.md"))
        items: Items = [(path.relative_to(bank).as_posix(), path.read_bytes()) for path in files]
    config = Config()
    print(f"{workers} workers; load average {os.getloadavg()[0]:.1f}")
    print("| files | serial | parallel | parallel ÷ serial |\n|---:|---:|---:|---:|")
    for size in sizes:
        chosen = items[:size]
        serial = best(args.repeat, lambda chosen=chosen: parse_serially(chosen, config))
        parallel = best(args.repeat, lambda chosen=chosen: parse_in_parallel(chosen, config, workers))
        print(f"| {size} | {serial:.3f} s | {parallel:.3f} s | {parallel / serial:.2f} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
