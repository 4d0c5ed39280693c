"""Bank ↔ code (DESIGN §13): what each document describes, and whether that code moved on.

`references` reads what a document describes (links, code spans, path entries, `Describes:`,
`path::Symbol`); `review` finds its review point; `history` reads the code's history with
one `git log`; `symbols` compares a Python symbol's two versions; `compute` puts them
together into a `Drift`; `cochange` checks `[[co-change]]` rules over a range; `ack` plans
the edit that records a review. This stage comes after `graph` and before `analysis`.
"""

from __future__ import annotations

from mbtool.drift.cochange import Miss, co_change_misses, code_changed
from mbtool.drift.compute import find_drift
from mbtool.drift.history import Commit
from mbtool.drift.model import Drift, Drifted, Moved, Unknown, Vanished
from mbtool.drift.references import Described, Origin, TargetKind
from mbtool.drift.symbols import SymbolChange

__all__ = [
    "Commit",
    "Described",
    "Drift",
    "Drifted",
    "Miss",
    "Moved",
    "Origin",
    "SymbolChange",
    "TargetKind",
    "Unknown",
    "Vanished",
    "co_change_misses",
    "code_changed",
    "find_drift",
]
