"""A short description of the machine and the software a benchmark ran on (no paths, no names)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path

PACKAGES = ("mbtool", "markdown-it-py", "pydantic", "networkx", "mkdocs", "mkdocs-material")


def describe() -> str:
    lines = [
        f"- Date: {dt.datetime.now(dt.UTC).date().isoformat()}",
        f"- CPU: {_cpu_model()}, {_usable_cpus()} usable logical CPUs",
        f"- Memory: {_memory()}",
        f"- OS: {platform.system()} {platform.release()} ({platform.machine()})",
        f"- Python: {platform.python_implementation()} {platform.python_version()}",
        f"- Packages: {', '.join(f'{name} {_version(name)}' for name in PACKAGES)}",
    ]
    return "\n".join(lines)


def _cpu_model() -> str:
    info = _read("/proc/cpuinfo")
    for line in info.splitlines():
        if line.lower().startswith(("model name", "hardware")):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _memory() -> str:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            kib = int(line.split()[1])
            return f"{kib / (1024 * 1024):.1f} GiB"
    return "unknown"


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
