"""Benchmark tables in Markdown, and their place in `docs/performance.md`.

Each size has its own marked region, so a run of `--sizes 1000` updates the 1,000 table
and leaves a slower 10,000 table from an earlier run in place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

MACHINE_START, MACHINE_END = "<!-- bench:machine:start -->", "<!-- bench:machine:end -->"
RESULTS_START, RESULTS_END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
_SIZE_REGION = re.compile(r"<!-- bench:size=(\d+):start -->\n.*?<!-- bench:size=\1:end -->", re.DOTALL)
PEAK_LIMIT_MB = 500
FLOOR_TARGET = 1.0
WARM_TARGET = 0.25


@dataclass
class Row:
    name: str
    shown: str
    floor: str  # "parse", "site" or "" (the row is a floor)
    status: str
    seconds: float | None
    peak_mb: float | None


def render_size(size: int, repeat: int, rows: list[Row], load: tuple[float, float] | None = None) -> str:
    """One size's table; `load` is the 1-minute load average before and after, when known."""
    by_name = {row.name: row for row in rows}
    floors = {"parse": by_name["parse floor"].seconds, "site": by_name["site floor"].seconds}
    busy = f"; load average {load[0]:.1f} before, {load[1]:.1f} after" if load else ""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    lines = [
        f"### {size:,} documents",
        "",
        f"Best of {repeat} run{'s' if repeat > 1 else ''} on {today}{busy}; "
        "ratio = time ÷ the floor named in its row.",
        "",
        "| step | command | time | × floor | peak RSS | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        floor = floors.get(row.floor)
        ratio = f"{row.seconds / floor:.2f}× {row.floor}" if row.seconds and floor else "—"
        time = f"{row.seconds:.2f} s" if row.seconds is not None else row.status
        peak = f"{row.peak_mb:.0f} MB" if row.peak_mb is not None else "—"
        lines.append(
            f"| {row.name} | `{row.shown}` | {time} | {ratio} | {peak} | {_target(row, by_name, floor)} |"
        )
    lines += ["", _peak_line(size, rows)]
    return "\n".join(lines)


def _target(row: Row, rows: dict[str, Row], floor: float | None) -> str:
    cold = rows["check (cold)"] if rows["check (cold)"].seconds else rows["graph (cold)"]
    proxy = " (graph as proxy)" if cold.name.startswith("graph") else ""
    if row.seconds is None:
        return ""
    if row.name == cold.name and floor:
        return _verdict(row.seconds / floor, FLOOR_TARGET, "parse floor") + proxy
    warm_name = "graph (warm)" if proxy else "check (warm)"
    if row.name in (warm_name, "impact (warm)") and cold.seconds:
        return _verdict(row.seconds / cold.seconds, WARM_TARGET, "cold " + cold.name.split()[0]) + proxy
    return ""


def _verdict(ratio: float, limit: float, against: str) -> str:
    return f"≤ {limit}× {against}: {ratio:.2f}× — {'met' if ratio <= limit else 'missed'}"


def _peak_line(size: int, rows: list[Row]) -> str:
    peaks = [row.peak_mb for row in rows if row.peak_mb is not None and row.floor]
    if not peaks:
        return "No mbtool command ran."
    worst = max(peaks)
    verdict = (
        f"target ≤ {PEAK_LIMIT_MB} MB at 10,000 documents: {'met' if worst <= PEAK_LIMIT_MB else 'missed'}"
    )
    return f"Highest peak RSS of an mbtool command: {worst:.0f} MB" + (
        f" ({verdict})." if size >= 10_000 else "."
    )


def write_docs(path: Path, machine: str, tables: list[str], command: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if RESULTS_START not in text:
        text += f"\n## Results\n\n{MACHINE_START}\n{MACHINE_END}\n\n{RESULTS_START}\n{RESULTS_END}\n"
    regions = {int(match.group(1)): match.group(0) for match in _SIZE_REGION.finditer(text)}
    for table in tables:
        size = int(table.split()[1].replace(",", ""))
        regions[size] = f"<!-- bench:size={size}:start -->\n{table}\n<!-- bench:size={size}:end -->"
    results = "\n\n".join(regions[size] for size in sorted(regions))
    text = _replace(text, RESULTS_START, RESULTS_END, results)
    text = _replace(text, MACHINE_START, MACHINE_END, f"Last run: `uv run python {command}`\n\n{machine}")
    path.write_text(text, encoding="utf-8")


def _replace(text: str, start: str, end: str, body: str) -> str:
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    return f"{before}{start}\n{body}\n{end}{after}"
