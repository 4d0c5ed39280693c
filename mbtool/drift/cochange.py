"""Co-change rules (`[[co-change]]` in config) and code changed in a git range.

`when` globs are project-relative, `require` entries bank-relative documents (globs allowed):
when a file matching `when` changed since the range start, each `require` entry must match at
least one changed document. The range is `git diff REF` plus uncommitted and untracked files
(`git.changed_since`), so a pull request's own edits count before they are committed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mbtool import git
from mbtool.config import CoChange
from mbtool.drift.matching import Matcher, glob_regex
from mbtool.drift.references import described
from mbtool.errors import ConfigError
from mbtool.reading.bank import Bank


@dataclass(frozen=True)
class Miss:
    """A co-change rule whose trigger changed while a required document did not."""

    rule: int  # 1-based, in configuration order
    document: str  # the required document that did not change
    requirement: str  # the `require` entry as configured
    triggers: tuple[str, ...]  # project-relative files that matched `when`
    pattern: str  # the first `when` glob that matched


def co_change_misses(bank: Bank, since: str) -> list[Miss]:
    """Every unmet `require` entry of every co-change rule over `since` (a GitError if git fails)."""
    rules = bank.location.config.co_change
    if not rules:
        return []
    changed = set(git.changed_since(bank.location.project, since))
    misses: list[Miss] = []
    for number, rule in enumerate(rules, start=1):
        misses.extend(_misses(bank, number, rule, changed))
    return misses


def _misses(bank: Bank, number: int, rule: CoChange, changed: set[str]) -> Iterator[Miss]:
    triggered = sorted(
        (path, pattern) for path in changed for pattern in rule.when if glob_regex(pattern).fullmatch(path)
    )
    if not triggered:
        return
    prefix = "" if bank.prefix == "." else bank.prefix + "/"
    triggers = tuple(sorted({path for path, _ in triggered}))
    for requirement in rule.require:
        documents = _documents(bank, requirement)
        if not documents:
            raise ConfigError(
                f"co-change rule {number} requires `{requirement}`, which names no document in the bank"
            )
        if not any(prefix + document in changed for document in documents):
            yield Miss(number, documents[0], requirement, triggers, triggered[0][1])


def _documents(bank: Bank, requirement: str) -> list[str]:
    pattern = glob_regex(requirement.strip().lstrip("./"))
    return sorted(path for path in bank.documents if pattern.fullmatch(path))


def code_changed(bank: Bank, since: str) -> dict[str, list[str]]:
    """Documents whose described code changed since `since` → the described targets that did
    (for `mbtool impact --since`)."""
    refs = described(bank, bank.project_files)
    if not refs:
        return {}
    changed = git.changed_since(bank.location.project, since)
    matcher = Matcher(ref for found in refs.values() for ref in found)
    keys = {key for path in changed for key in matcher.keys(path)}
    found: dict[str, list[str]] = {}
    for document, items in sorted(refs.items()):
        hit = sorted({ref.shown for ref in items if ref.key in keys})
        if hit:
            found[document] = hit
    return found
