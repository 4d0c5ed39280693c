"""The reviewed expectations of every corpus: counts and judged findings pinned, precision met."""

from __future__ import annotations

import os
from collections import Counter

import pytest

from tests.conftest import CORPUS_NAMES, ROOT, corpus
from tests.corpora.precision import (
    SAMPLE,
    estimated_false_positives,
    load,
    markdown,
    rates,
    run,
    to_judge,
    where,
)

PRECISION_PAGE = ROOT / "docs" / "precision.md"


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_findings_are_the_judged_ones(name: str) -> None:
    """A new, moved or vanished finding fails here until `tests/corpora/<name>.toml` is updated."""
    corpus(name)
    expectations = load(name)
    result = run(name)
    assert result.profile == expectations.profile
    assert sorted({code for code, _ in result.hints}) == sorted(expectations.hints)
    assert dict(Counter(d.code for d in result.diagnostics)) == expectations.counts
    judged = [(f.code, f.where, f.message) for f in expectations.findings]
    assert [(d.code, where(d), d.message) for d in to_judge(name, result)] == judged
    for finding in expectations.findings:
        assert finding.verdict in ("tp", "fp") and finding.why.strip(), finding


@pytest.mark.parametrize("name", CORPUS_NAMES)
def test_no_rule_above_ten_percent_false_positives(name: str) -> None:
    for code, (count, judged, false) in rates(load(name)).items():
        assert judged == min(count, SAMPLE), code
        assert false <= 0.10 * judged, f"{code} on {name}: {false} of {judged} judged are false positives"


def test_overall_false_positive_rate_at_most_five_percent() -> None:
    total = false = 0.0
    for name in CORPUS_NAMES:
        for count, judged, wrong in rates(load(name)).values():
            total += count
            false += estimated_false_positives(count, judged, wrong)
    assert total > 0 and false <= 0.05 * total


def test_precision_page_is_current() -> None:
    """Regenerate with `MBTOOL_UPDATE_GOLDEN=1 uv run pytest tests/corpora/test_precision.py`."""
    for name in CORPUS_NAMES:
        corpus(name)
    text = markdown(list(CORPUS_NAMES))
    if os.environ.get("MBTOOL_UPDATE_GOLDEN") == "1":
        PRECISION_PAGE.write_text(text, encoding="utf-8")
    assert PRECISION_PAGE.read_text(encoding="utf-8") == text
