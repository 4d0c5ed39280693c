"""One `Analysis` per run: the loaded bank plus everything derived from it, computed at most once.

Every command builds one (`mbtool.api.analyse`) and passes it down: rules read it as their
context, `build` hands the same object to the MkDocs plugin, `diagram` takes its check
results instead of running the rules again. Derived values are lazy, so a command pays only
for what it asks: the graph, the procedures, git history, check results per selection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from mbtool import git
from mbtool.config import Config
from mbtool.drift import Drift, find_drift
from mbtool.graph import BankGraph, build_graph
from mbtool.model import Document
from mbtool.procedures.extract import procedures_of
from mbtool.procedures.model import Procedure
from mbtool.reading.bank import Bank
from mbtool.reading.discover import Location

if TYPE_CHECKING:  # filled in by the check engine, a later stage
    from mbtool.checks.engine import CheckResult, SelectionKey

T = TypeVar("T")


@dataclass
class Analysis:
    bank: Bank
    today: dt.date = field(default_factory=dt.date.today)
    shellcheck: bool = False  # `procedures check` adds shellcheck's warnings to MB402
    since: str | None = None  # `check --since REF`: co-change rules (MB313), drift in the range
    check_results: dict[SelectionKey, CheckResult] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value a later stage derives once per run (an index several rules share, or one a
        rule would otherwise rebuild per finding): computed on first use, under `key`."""
        if key not in self._memo:
            self._memo[key] = compute()
        found: T = self._memo[key]
        return found

    @property
    def location(self) -> Location:
        return self.bank.location

    @property
    def config(self) -> Config:
        return self.bank.location.config

    @cached_property
    def graph(self) -> BankGraph:
        return build_graph(self.bank)

    @cached_property
    def procedures(self) -> list[Procedure]:
        """Every procedure of the bank, by document path then position."""
        documents = self.bank.documents
        return [p for path in sorted(documents) for p in self.procedures_in(documents[path])]

    def procedures_in(self, document: Document) -> list[Procedure]:
        """One document's procedures, as the configuration defines them (DESIGN §8)."""
        return procedures_of(document, lists=self.config.procedures == "lists")

    @cached_property
    def commit_dates(self) -> dict[str, dt.date]:
        """Last commit date of each document without a `Last Updated` date (one `git log`)."""
        undated = [
            path
            for path, document in self.bank.documents.items()
            if (field_ := document.meta("Last Updated")) is None or field_.date is None
        ]
        return git.commit_dates(self.location.bank, self.location.project, undated)

    @cached_property
    def drift(self) -> Drift:
        """What each document describes and how that code moved on since its review point
        (DESIGN §13; a handful of git calls, none when the bank names no code)."""
        return find_drift(self.bank, since=self.since)
