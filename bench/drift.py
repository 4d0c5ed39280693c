"""The code-drift benchmark (DESIGN §13): what MB311–MB313 add to a cold `mbtool check`.

A generated 1,000-document bank (`bench/generate.py`) lives in a project with 2,000 Python
modules and a git history of 10,000 commits (written with `git fast-import`, one commit an
hour). Every document describes two to four pieces of code (`Describes:` with files,
folders, globs and `path.py::symbol`s) and mentions a few more in code spans; review dates
fall in the last third of the history, a tenth of the documents have no date (their review
point is their last commit), and some described files are renamed along the way.

Each measured run is a subprocess with an empty parse cache, best of `--repeat`:

    uv run python bench/drift.py                    # 1,000 documents, 10,000 commits
    uv run python bench/drift.py --documents 100 --commits 1000

The figure that matters: `(with drift − without) / without`, which DESIGN asks to keep at or
below 0.5.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
_UPDATED = re.compile(r"\*\*Last Updated:\*\* \d{4}-\d{2}-\d{2}")


def module_text(name: str, version: int, signature: int) -> str:
    args = "x" + ", y" * (signature % 3)
    return (
        f'"""Module {name}."""\n\n\ndef run({args}):\n    return x + {version}\n\n\n'
        f"class Worker:\n    def step(self, value):\n        return value * {version % 7 + 1}\n"
    )


class Project:
    """The generated project: modules, the bank's documents, and the history to write."""

    def __init__(self, root: Path, documents: int, commits: int, seed: int) -> None:
        self.root = root
        self.rng = random.Random(f"drift-{seed}-{documents}-{commits}")
        self.commits = commits
        self.modules = [f"src/pkg{n // 50:02d}/mod{n:04d}.py" for n in range(2000)]
        self.bank = generate(root, documents, seed)
        self.documents = sorted(p.relative_to(root).as_posix() for p in self.bank.rglob("*.md"))

    def describe_code(self) -> None:
        """Give every document a `Describes:` line, mentions and a review date in the history."""
        end = START + dt.timedelta(hours=self.commits)
        for path in self.documents:
            if path.endswith("dependencies.md"):
                continue
            file = self.root / path
            text = file.read_text(encoding="utf-8")
            declared = ", ".join(f"`{target}`" for target in self._targets())
            mentions = ", ".join(f"`{m}`" for m in self.rng.sample(self.modules, 3))
            text = text.replace("## Dependencies\n\n", f"## Dependencies\n\n- **Describes:** {declared}\n", 1)
            text = text.replace("## Scope\n", f"## Scope\n\nCode: {mentions}.\n", 1)
            if self.rng.random() < 0.1:
                text = _UPDATED.sub("**Status note:** undated", text)
            else:
                reviewed = end - dt.timedelta(hours=self.rng.randint(0, self.commits // 3))
                text = _UPDATED.sub(f"**Last Updated:** {reviewed.date().isoformat()}", text)
            file.write_text(text, encoding="utf-8")

    def _targets(self) -> list[str]:
        picks = []
        for _ in range(self.rng.randint(2, 4)):
            roll, module = self.rng.random(), self.rng.choice(self.modules)
            if roll < 0.4:
                picks.append(module)
            elif roll < 0.7:
                picks.append(f"{module}::{self.rng.choice(('run', 'Worker.step'))}")
            elif roll < 0.9:
                picks.append(module.rsplit("/", 1)[0] + "/")
            else:
                picks.append(module.rsplit("/", 1)[0] + "/*.py")
        return picks

    def history(self) -> bytes:
        """A `git fast-import` stream: the first commit holds everything, then one change an hour."""
        out: list[bytes] = []
        files = {name: module_text(name, 0, 0) for name in self.modules}
        documents = {path: (self.root / path).read_text(encoding="utf-8") for path in self.documents}
        for number in range(self.commits):
            when = int((START + dt.timedelta(hours=number)).timestamp())
            changes = self._changes(number, files, documents)
            out.append(_commit(number, when, changes))
        return b"".join(out)

    def _changes(self, number: int, files: dict[str, str], documents: dict[str, str]) -> list[bytes]:
        if number == 0:
            return [_modify(path, text) for path, text in {**files, **documents}.items()]
        changes = []
        for name in self.rng.sample(sorted(files), self.rng.randint(1, 4)):
            version, signature = number, self.rng.randint(0, 9)
            files[name] = module_text(name, version, signature)
            changes.append(_modify(name, files[name]))
        if self.rng.random() < 0.02:  # a file moves
            old = self.rng.choice(sorted(files))
            new = old.replace(".py", f"_v{number}.py")
            files[new] = files.pop(old)
            changes.append(f"R {old} {new}\n".encode())
        if self.rng.random() < 0.05:  # a document is touched (its last commit moves on)
            path = self.rng.choice(self.documents)
            documents[path] += "\n"
            changes.append(_modify(path, documents[path]))
        return changes


def _modify(path: str, text: str) -> bytes:
    data = text.encode("utf-8")
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def _commit(number: int, when: int, changes: list[bytes]) -> bytes:
    message = f"Change {number}".encode()
    head = (
        (
            f"commit refs/heads/main\nmark :{number + 1}\ncommitter Bench <bench@example.org> {when} +0000\n"
            f"data {len(message)}\n"
        ).encode()
        + message
        + b"\n"
    )
    parent = f"from :{number}\n".encode() if number else b""
    return head + parent + b"".join(changes) + b"\n"


def build(root: Path, documents: int, commits: int, seed: int = 0) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    project = Project(root, documents, commits, seed)
    project.describe_code()
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True, env=env)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=project.history(), check=True, env=env)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True, env=env)
    return project.bank


def timed(argv: list[str], cwd: Path, repeat: int) -> tuple[float, str]:
    """Best wall time of `repeat` cold runs (a fresh parse cache each), and the last output."""
    best, output = float("inf"), ""
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "MBTOOL_CACHE_DIR": cache}
            start = time.perf_counter()
            done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
            best = min(best, time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"{' '.join(argv[2:])} failed: {done.stderr.strip()[-300:]}")
            output = done.stdout
    return best, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="What the code-drift rules add to a cold check.")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    root = (args.out / f"drift-{args.documents}-{args.commits}").resolve()
    started = time.perf_counter()
    bank = build(root, args.documents, args.commits)
    took = time.perf_counter() - started
    print(f"built {args.documents} documents and {args.commits} commits in {took:.1f} s")
    check = [PYTHON, "-m", "mbtool", "check", str(bank), "--format", "json"]
    without, _ = timed([*check, "--ignore", "MB31"], root, args.repeat)
    with_drift, output = timed(check, root, args.repeat)
    since, _ = timed([*check, "--since", "HEAD~200"], root, args.repeat)
    drift_only, _ = timed([*check, "--select", "MB31"], root, args.repeat)
    counts = {code: output.count(f'"code": "{code}"') for code in ("MB311", "MB312", "MB313")}
    print(f"cold check without the drift rules   {without:6.2f} s")
    print(f"cold check with them                  {with_drift:6.2f} s   (+{with_drift / without - 1:.2f}×)")
    print(f"cold check --since HEAD~200           {since:6.2f} s   (+{since / without - 1:.2f}×)")
    print(f"cold check --select MB31 (drift only) {drift_only:6.2f} s")
    print(f"findings: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
