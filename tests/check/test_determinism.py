"""Findings and their order are the same on every run: no dependence on hash seeds or set order."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import CORPUS_NAMES, ROOT, corpus

_SCRIPT = """
import json, sys
from mbtool.api import analyse, check, graph_json
out = {}
for path in sys.argv[1:]:
    analysis = analyse(path, cache=False)
    result = check(analysis)
    out[path] = {
        "diagnostics": [d.to_json() for d in result.diagnostics],
        "hints": result.hints,
        "graph": graph_json(analysis),
    }
print(json.dumps(out))
"""


def _run(seed: str, paths: list[str]) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *paths], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_corpora_give_the_same_output_under_every_hash_seed() -> None:
    paths = [str(corpus(name)) for name in CORPUS_NAMES]
    first = _run("0", paths)
    assert json.loads(first)  # every corpus produced output
    for seed in ("1", "4242"):
        assert _run(seed, paths) == first, f"output differs under PYTHONHASHSEED={seed}"


def test_the_project_bank_too() -> None:
    bank = str(ROOT / "memory-bank")
    assert _run("7", [bank]) == _run("0", [bank])
