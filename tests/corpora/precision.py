"""Reviewed expectations for the corpora, and the precision table built from them.

Each corpus in `../shared/corpora` has `tests/corpora/<name>.toml`: every finding of
`mbtool check --today 2026-06-01` on the corpus folder (a bank checked on its own, with no
repository around it), judged `tp` or `fp` with one line why. A rule with more than
`SAMPLE` findings on a corpus is judged on a fixed random sample (seeded by its code and the
corpus name) and its rate extrapolated. `test_precision.py` pins the counts and the judged
findings, so a new finding fails until someone judges it.

    uv run python -m tests.corpora.precision NAME   # print a skeleton for NAME (verdicts "?")
    MBTOOL_UPDATE_GOLDEN=1 uv run pytest tests/corpora  # rewrite docs/precision.md
"""

from __future__ import annotations

import json
import random
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass

from mbtool.api import check
from mbtool.checks.diagnostics import Diagnostic
from mbtool.checks.engine import CheckResult
from tests.check.helpers import TODAY
from tests.conftest import CORPORA, ROOT

HERE = ROOT / "tests" / "corpora"
SAMPLE = 30


@dataclass(frozen=True)
class Judged:
    code: str
    where: str  # path:line:column
    message: str
    verdict: str  # "tp" or "fp"
    why: str


@dataclass(frozen=True)
class Expectations:
    corpus: str
    profile: str
    hints: tuple[str, ...]
    counts: dict[str, int]
    findings: tuple[Judged, ...]

    def judged(self, code: str) -> list[Judged]:
        return [finding for finding in self.findings if finding.code == code]


def load(name: str) -> Expectations:
    data = tomllib.loads((HERE / f"{name}.toml").read_text(encoding="utf-8"))
    return Expectations(
        corpus=data["corpus"],
        profile=data["profile"],
        hints=tuple(data.get("hints", ())),
        counts=dict(data.get("counts", {})),
        findings=tuple(Judged(**item) for item in data.get("findings", ())),
    )


def run(name: str) -> CheckResult:
    return check(CORPORA / name, today=TODAY)


def where(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"


def to_judge(name: str, result: CheckResult) -> list[Diagnostic]:
    """The findings a reviewer judges: all of a rule's, or a fixed sample of `SAMPLE`."""
    chosen: list[Diagnostic] = []
    for code in sorted({d.code for d in result.diagnostics}):
        found = [d for d in result.diagnostics if d.code == code]
        if len(found) > SAMPLE:
            found = sorted(random.Random(f"{name}:{code}").sample(found, SAMPLE), key=Diagnostic.sort_key)
        chosen.extend(found)
    return chosen


def skeleton(name: str) -> str:
    """A TOML expectations file for the current findings, every verdict still to judge."""
    result = run(name)
    counts = Counter(d.code for d in result.diagnostics)
    lines = [
        f'corpus = "{name}"',
        f'profile = "{result.profile}"',
        f"hints = {json.dumps(sorted({code for code, _ in result.hints}))}",
        "",
        "[counts]",
        *(f"{code} = {count}" for code, count in sorted(counts.items())),
    ]
    for diagnostic in to_judge(name, result):
        lines += [
            "",
            "[[findings]]",
            f'code = "{diagnostic.code}"',
            f'where = "{where(diagnostic)}"',
            f"message = {json.dumps(diagnostic.message, ensure_ascii=False)}",
            'verdict = "?"',
            'why = ""',
        ]
    return "\n".join(lines) + "\n"


# -- the table ------------------------------------------------------------------------------------
def rates(expectations: Expectations) -> dict[str, tuple[int, int, int]]:
    """Per rule: (findings, judged, false positives among the judged)."""
    table = {}
    for code, count in sorted(expectations.counts.items()):
        judged = expectations.judged(code)
        table[code] = (count, len(judged), sum(finding.verdict == "fp" for finding in judged))
    return table


def estimated_false_positives(count: int, judged: int, false: int) -> float:
    return count * false / judged if judged else 0.0


def markdown(names: list[str]) -> str:
    lines = [
        "# Precision on real banks",
        "",
        "Every finding of `mbtool check --today 2026-06-01` on each corpus in `shared/corpora/`",
        "(real banks copied out of their repositories, each checked on its own), judged by hand",
        "as a true or false positive with one line why in `tests/corpora/<name>.toml`.",
        f"Rules with more than {SAMPLE} findings on a corpus are judged on a fixed random sample",
        "and the rate extrapolated. `tests/corpora/test_precision.py` pins the findings and the",
        "verdicts, so a new finding fails the suite until someone judges it; this page is",
        "generated from those files (`MBTOOL_UPDATE_GOLDEN=1 uv run pytest tests/corpora`).",
        "",
        "| corpus | profile | rule | findings | judged | false positives | precision |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    total = false_total = 0.0
    for name in names:
        expectations = load(name)
        table = rates(expectations)
        if not table:
            lines.append(f"| {name} | {expectations.profile} | — | 0 | 0 | 0 | — |")
        for code, (count, judged, false) in table.items():
            estimate = estimated_false_positives(count, judged, false)
            total, false_total = total + count, false_total + estimate
            precision = f"{100 * (1 - false / judged):.0f}%" if judged else "—"
            lines.append(
                f"| {name} | {expectations.profile} | {code} | {count} | {judged} | {false} | {precision} |"
            )
    rate = 100 * false_total / total if total else 0.0
    lines += [
        "",
        f"Overall: {int(total)} findings, {false_total:.1f} estimated false positives "
        f"({rate:.1f}%). Targets: at most 5% overall and 10% per rule on any corpus.",
        "",
        "Hints (one summary line, not findings) each corpus gets are listed in its file: for",
        "example that paths outside the bank were not checked (no repository around it), or that",
        "most documents declare no relations (MB102).",
        "",
        IN_SITU,
    ]
    return "\n".join(lines)


# Counts from the same banks checked inside their repositories (`research/repos`, not in CI),
# recorded when these expectations were reviewed; not pinned by a test.
IN_SITU = (HERE / "in-situ.md").read_text(encoding="utf-8")


def main(argv: list[str]) -> int:
    for name in argv:
        sys.stdout.write(skeleton(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
