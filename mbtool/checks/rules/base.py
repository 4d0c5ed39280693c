"""What a rule is: a pure function over a `Context` that yields `Violation`s.

Code, name and default severity live in the registry (`Rule`), never in the rule body;
the body's docstring is the rule's documentation, in fixed sections:
"What it does", "Why is this bad?", "Example", "Use instead", "Fix".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from mbtool.checks.diagnostics import Fix
from mbtool.config import Config
from mbtool.reading.bank import Bank

DefaultSeverity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    column: int
    message: str
    fix: Fix | None = None


@dataclass
class Context:
    bank: Bank
    graph: nx.DiGraph
    today: dt.date
    extras: dict[str, object] = field(default_factory=dict)  # e.g. git commit times, computed once

    @property
    def config(self) -> Config:
        return self.bank.location.config


RuleCheck = Callable[[Context], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    default: DefaultSeverity
    check: RuleCheck

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()
