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
_SIZE_REGION = re.compile(
    r"<!-- bench:size=(\d+(?:-tiny)?):start -->\n.*?<!-- bench:size=\1:end -->", re.DOTALL
)
PEAK_LIMIT_MB = 500

# DESIGN §9 and issue 17, row by row: (limit, what the row is divided by). "parse floor" and
# "site floor" are floors measured in the same run; "cold" is the same size's cold check.
TARGETS: dict[str, tuple[float, str]] = {
    "check (cold)": (1.0, "parse floor"),
    "check (warm)": (0.1, "cold"),
    "check (one edit)": (0.25, "cold"),
    "impact (warm)": (0.25, "cold"),
    "impact (new target)": (0.25, "cold"),
    "site build (warm)": (1.15, "site floor"),
}


@dataclass
class Row:
    name: str
    shown: str
    floor: str  # "parse", "site" or "" (the row is a floor)
    status: str
    seconds: float | None
    peak_mb: float | None


def render_size(
    size: int,
    repeat: int,
    rows: list[Row],
    load: tuple[float, float] | None = None,
    *,
    tiny: bool = False,
) -> str:
    """One size's table; `load` is the 1-minute load average before and after, when known;
    `tiny` titles it as the many-tiny-files bank."""
    by_name = {row.name: row for row in rows}
    floors = {kind: _seconds(by_name.get(f"{kind} floor")) for kind in ("parse", "site")}
    busy = f"; load average {load[0]:.1f} before, {load[1]:.1f} after" if load else ""
    today = dt.datetime.now(dt.UTC).date().isoformat()
    title = f"### {size:,} tiny files" if tiny else f"### {size:,} documents"
    lines = [
        title,
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
        lines.append(f"| {row.name} | `{row.shown}` | {time} | {ratio} | {peak} | {_target(row, by_name)} |")
    lines += ["", _peak_line(size, rows, tiny)]
    return "\n".join(lines)


def _seconds(row: Row | None) -> float | None:
    return row.seconds if row is not None else None


def _target(row: Row, rows: dict[str, Row]) -> str:
    """The row's target and verdict. Without a cold check (it failed or timed out), the graph
    rows stand in for the check rows, and say so."""
    cold = rows.get("check (cold)")
    proxy = cold is None or cold.seconds is None
    name = row.name.replace("graph", "check") if proxy and row.name.startswith("graph") else row.name
    if row.seconds is None or name not in TARGETS or (proxy and row.name.startswith("check")):
        return ""
    limit, against = TARGETS[name]
    reference = (
        rows.get("graph (cold)" if proxy else "check (cold)") if against == "cold" else rows.get(against)
    )
    if reference is None or not reference.seconds:
        return ""
    shown = f"cold {'graph' if proxy else 'check'}" if against == "cold" else against
    verdict = _verdict(row.seconds / reference.seconds, limit, shown)
    return verdict + (" (graph as proxy)" if name != row.name else "")


def _verdict(ratio: float, limit: float, against: str) -> str:
    return f"≤ {limit}× {against}: {ratio:.2f}× — {'met' if ratio <= limit else 'missed'}"


def _peak_line(size: int, rows: list[Row], tiny: bool = False) -> str:
    peaks = [row.peak_mb for row in rows if row.peak_mb is not None and row.floor]
    if not peaks:
        return "No mbtool command ran."
    worst = max(peaks)
    verdict = (
        f"target ≤ {PEAK_LIMIT_MB} MB at 10,000 documents: {'met' if worst <= PEAK_LIMIT_MB else 'missed'}"
    )
    return f"Highest peak RSS of an mbtool command: {worst:.0f} MB" + (
        f" ({verdict})." if size >= 10_000 and not tiny else "."
    )


def write_docs(path: Path, machine: str, tables: list[str], command: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    if RESULTS_START not in text:
        text += f"\n## Results\n\n{MACHINE_START}\n{MACHINE_END}\n\n{RESULTS_START}\n{RESULTS_END}\n"
    regions = {match.group(1): match.group(0) for match in _SIZE_REGION.finditer(text)}
    for table in tables:
        words = table.split()
        size = words[1].replace(",", "") + ("-tiny" if words[2] == "tiny" else "")
        regions[size] = f"<!-- bench:size={size}:start -->\n{table}\n<!-- bench:size={size}:end -->"
    results = "\n\n".join(regions[size] for size in sorted(regions, key=_region_order))
    text = _replace(text, RESULTS_START, RESULTS_END, results)
    text = _replace(text, MACHINE_START, MACHINE_END, f"Last run: `uv run python {command}`\n\n{machine}")
    path.write_text(text, encoding="utf-8")


def _region_order(size: str) -> tuple[bool, int]:
    """Documents by size first, then the tiny-files tables."""
    return (size.endswith("-tiny"), int(size.removesuffix("-tiny")))


def _replace(text: str, start: str, end: str, body: str) -> str:
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    return f"{before}{start}\n{body}\n{end}{after}"
