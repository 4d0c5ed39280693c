"""Golden fixtures: one bank per declaration form and entry kind, pinning edges and positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mbtool.api import graph_json, load
from tests.conftest import FIXTURES, assert_golden

CASES = sorted(path for path in (FIXTURES / "forms").iterdir() if path.is_dir())


def facts(case: Path) -> dict[str, Any]:
    bank = load(case / "memory-bank", config=None)
    entries = [
        {
            "source": resolved.source,
            "relation": resolved.relation.value,
            "key": resolved.key,
            "text": resolved.entry.text,
            "kind": resolved.node_kind.value,
            "node": resolved.node,
            "resolution": resolved.resolution.value,
            "annotation": resolved.entry.annotation,
            "at": f"{resolved.entry.position.line}:{resolved.entry.position.column}",
        }
        for resolved in bank.entries
    ]
    metadata = [
        {
            "path": doc.path,
            "key": field.key,
            "value": field.value,
            "at": f"{field.position.line}:{field.position.column}",
        }
        for doc in bank.documents.values()
        for field in doc.metadata
    ]
    return {"entries": entries, "metadata": metadata, "graph": graph_json(bank)}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_declaration_form(case: Path) -> None:
    assert_golden(case / "expected.json", facts(case))
