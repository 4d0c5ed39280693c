"""Rules about the generated dependency map (MB3xx freshness family, map part)."""

from __future__ import annotations

from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Fix, TextEdit
from mbtool.checks.rules.base import Rule, Violation
from mbtool.mapdoc import map_status
from mbtool.mapdoc.document import markers


def stale_map(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Checks that the generated region of the dependency map (`dependencies.md`, or the
    configured `map` document) is exactly what `mbtool map` would write today.

    Why is this bad?
    Agents read the map to decide what to load first and what a change affects. A map
    that lags behind the documents sends them to the wrong files, silently.

    Example:
    `activeContext.md` gains `**Depends On:** techContext.md`, but the region between
    `<!-- mbtool:map:start -->` and `<!-- mbtool:map:end -->` still lists
    `activeContext.md` as depending on nothing.

    Use instead:
    Run `mbtool map` after editing relations (or install the `mbtool-map` pre-commit hook),
    and `mbtool map --check` in CI.

    Fix:
    `mbtool check --fix` (or `mbtool map`) rewrites the lines between the markers; the
    rest of the document is kept. A document without the markers is not checked.

    When is it noise?
    Never on its own: run `mbtool map` after editing relations, or in CI `mbtool map
    --check` tells you to.
    """
    document = analysis.bank.documents.get(analysis.bank.map_path)
    if document is None or document.map_region is None or not document.readable:
        return
    status = map_status(analysis)
    if status.fresh or status.current is None:
        return
    found = markers(status.current.splitlines(keepends=True))
    expected = status.expected.splitlines(keepends=True)
    wanted = markers(expected)
    if found is None or wanted is None:
        return
    (start, end), (new_start, new_end) = found, wanted
    region = "".join(expected[new_start + 1 : new_end]).replace("\r\n", "\n")  # TextEdit text uses LF
    # Lines start+2..end (1-based) are the old region; an empty one makes this an insertion.
    edit = TextEdit(path=document.path, start_line=start + 2, end_line=end, new_text=region)
    yield Violation(
        path=document.path,
        line=start + 1,
        column=1,
        message=f"the generated region of `{document.path}` is stale; run `mbtool map` to regenerate it",
        fix=Fix(description="regenerate the dependency map region", edits=(edit,)),
    )


RULES = (Rule("MB303", "stale-map", "error", stale_map, fixable=True),)
