"""Issue 15 item 9: front matter opened by `---` with trailing spaces is read as MkDocs reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from mbtool.api import analyse, check
from tests.banks import doc, write_project


@pytest.mark.parametrize("opening", ["--- ", "---\t", "---  \t"])
def test_item_09_front_matter_opened_with_trailing_whitespace_is_read(tmp_path: Path, opening: str) -> None:
    bank = write_project(
        tmp_path,
        {
            "a.md": f"{opening}\ntitle: Alpha\ndepends_on: [b.md]\n---\n# Heading\n",
            "b.md": doc("B", required="a.md"),
        },
    )
    analysis = analyse(bank, cache=False)
    assert analysis.graph.has_edge("a.md", "b.md")
    assert analysis.bank.documents["a.md"].headings[0].position.line == 5


def test_item_09_positions_inside_such_front_matter_stay_exact(tmp_path: Path) -> None:
    bank = write_project(tmp_path, {"a.md": "--- \ntitle: [unclosed\nnext: 1\n---\n# A\n"})
    [finding] = [d for d in check(bank, cache=False).diagnostics if d.code == "MB001"]
    assert finding.line == 3  # `next: 1`, where PyYAML finds the open sequence broken
