"""`mbtool context DOC --budget N`: build a pack, then shrink it step by step until it fits.

Each step of `PackBuilder.schedule()` is applied in turn and the bundle re-measured, so
the pack stops shrinking as soon as it fits: nothing is left out that the budget allows.
"""

from __future__ import annotations

from mbtool.agents.bundle import measured
from mbtool.agents.context import ContextPack, Mode, PackBuilder
from mbtool.analysis import Analysis
from mbtool.errors import UsageError


def build_context(analysis: Analysis, target: str, budget: int | None = None) -> ContextPack:
    """The pack for `target` (a document id), shrunk to `budget` tokens when one is given."""
    if not analysis.graph.is_document(target):
        raise UsageError(
            f"`{target}` is not a document of this memory bank; `mbtool context` takes a document"
        )
    builder = PackBuilder(analysis, target)
    full = measured(builder.pack({}, None, budget)).tokens
    modes: dict[str, Mode] = {}
    limit: int | None = None
    pack = measured(builder.pack(modes, limit, budget, full))
    for step in builder.schedule():
        if budget is None or pack.tokens <= budget:
            break
        if step.path is None:
            limit = step.recheck_limit
        else:
            modes[step.path] = step.mode
        pack = measured(builder.pack(modes, limit, budget, full))
    return pack
