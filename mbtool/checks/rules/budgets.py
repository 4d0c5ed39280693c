"""Size budgets (MB5xx): what an agent pays, in estimated tokens, to read the bank.

Sizes are `mbtool.reading.tokens` estimates (characters ÷ 4). The defaults follow the
limits the agents themselves document:

- `document-budget = 10000`: Claude Code warns when one instruction file passes 40,000
  characters (≈ 10,000 tokens), and loads only the first 200 lines / 25 KB of its own
  `MEMORY.md`; a bank document past that size is one the agents' own tooling calls too big.
- `bank-budget = 20000`: the files read at the start of every session (the profile's core
  files plus `always-read`) should stay within a tenth of a 200,000-token context window,
  the window of Claude and of most current coding agents, so the session's own work is not
  crowded out by its memory. (Codex CLI stops reading instruction files at 32 KiB in all.)
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Rule, Violation
from mbtool.profiles import is_archived, name_key
from mbtool.reading.tokens import CHARS_PER_TOKEN, document_tokens

_LISTED = 6  # files named in an MB502 message before "and N more"


def profile_name(analysis: Analysis) -> str:
    """The bank profile in use (detected, or named in the configuration)."""
    return analysis.bank.profile.name


def core_files(analysis: Analysis) -> list[str]:
    """The profile's core files present in the bank, bank-relative, in the profile's order.

    A core name matches spelling variants (`project-brief.md`); when several documents
    match, the one nearest the bank root wins (an archived copy is not the core file).
    """
    by_key: dict[str, list[str]] = {}
    for path in analysis.bank.documents:
        by_key.setdefault(name_key(path), []).append(path)
    found = []
    profile = analysis.bank.profile
    for name in (*profile.core, *profile.optional):
        matches = by_key.get(name_key(name), [])
        if matches:
            found.append(min(matches, key=lambda path: (path.count("/"), path)))
    return found


def session_start_files(analysis: Analysis) -> list[str]:
    """What an agent reads at the start of every session: the core files, then the documents
    matching the `always-read` globs (bank-relative; `*` within a folder, `**` across), each once."""
    chosen = dict.fromkeys(core_files(analysis))
    for pattern in analysis.config.always_read:
        parts = posixpath.normpath(pattern).split("/")
        for path in analysis.bank.documents:
            if glob_match(path.split("/"), parts):
                chosen.setdefault(path)
    return list(chosen)


def glob_match(path: list[str], pattern: list[str]) -> bool:
    """Glob matching by path segment: `*` stays within a folder, `**` spans any number of them."""
    if not pattern:
        return not path
    if pattern[0] == "**":
        return any(glob_match(path[index:], pattern[1:]) for index in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], pattern[0]) and glob_match(path[1:], pattern[1:])


def document_over_budget(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document whose estimated size is over `document-budget` tokens (default
    10,000, about 40,000 characters). Sizes are estimated as characters ÷ 4. The message
    names the line where the budget runs out. The generated dependency map is exempt (its
    size follows the bank's), and so are archived documents (`archive/`, `x-legacy-…`, a
    name ending in a date): agents read them only when asked, which is what archiving is for.

    Why is this bad?
    Agents read bank documents whole, often every session. A document this long costs a
    large share of the context window each time, and some tools cut it silently: Claude
    Code loads only the first 200 lines / 25 KB of its `MEMORY.md` and warns about
    instruction files over 40,000 characters.

    Example:
    An `activeContext.md` that has collected every session's notes for a year
    (86,000 characters, about 21,500 tokens).

    Use instead:
    Keep the current state in `activeContext.md` and move finished work to an archive
    document that agents read only when asked (`archive/activeContext-2025.md`), or split
    the document by topic. Raise `document-budget` in `[tool.mbtool]` if your agents can
    afford it.

    Fix:
    Split or archive by hand. `mbtool context DOC --budget N` shows what an agent needs
    for one task without reading everything.
    """
    budget = analysis.config.document_budget
    for path in analysis.bank.documents:
        tokens = document_tokens(analysis.bank, path)
        if tokens is None or tokens <= budget or analysis.bank.is_generated_map(path):
            continue
        if is_archived(analysis.bank.documents[path]):
            continue  # history, read only when asked
        line = _line_at(analysis.bank.text(path) or "", budget * CHARS_PER_TOKEN)
        yield Violation(
            path,
            1,
            1,
            f"`{path}` is about {tokens:,} tokens, over the document budget of {budget:,}"
            f" (`document-budget`); the budget runs out at line {line}",
        )


def bank_over_budget(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Adds up the estimated size of the files an agent reads at the start of every session
    (the profile's core files, plus the documents matched by the `always-read` globs in
    `[tool.mbtool]`) and reports when the total is over `bank-budget` tokens (default
    20,000). The finding sits on the largest of those files and lists them by size.

    Why is this bad?
    Every session pays this cost before any work starts. Past a tenth of a 200,000-token
    context window, the bank crowds out the code the agent is meant to read, and long
    sessions compact or forget it sooner.

    Example:
    A Cline bank whose six core files total 132,000 characters (about 33,000 tokens),
    most of it a long `activeContext.md`.

    Use instead:
    Keep core files short and current: move history to archive documents, and point to
    topic documents instead of copying them. Agents can ask for the rest when they need
    it (`mbtool context DOC --budget N`, or the `context` tool of `mbtool mcp`).

    Fix:
    Trim or split the largest files by hand, or raise `bank-budget`.
    """
    sizes = {
        path: tokens
        for path in session_start_files(analysis)
        if (tokens := document_tokens(analysis.bank, path)) is not None
    }
    total, budget = sum(sizes.values()), analysis.config.bank_budget
    if total <= budget:
        return
    ranked = sorted(sizes, key=lambda path: (-sizes[path], path))
    listed = ", ".join(f"`{path}` {sizes[path]:,}" for path in ranked[:_LISTED])
    more = f" and {len(ranked) - _LISTED} more" if len(ranked) > _LISTED else ""
    yield Violation(
        ranked[0],
        1,
        1,
        f"the {len(sizes)} files agents read at session start total about {total:,} tokens, over the"
        f" bank budget of {budget:,} (`bank-budget`): {listed}{more}",
    )


def _line_at(text: str, characters: int) -> int:
    """The 1-based line holding character number `characters` + 1 (where a budget runs out)."""
    return text.count("\n", 0, characters) + 1


RULES = (
    Rule("MB501", "document-over-budget", "warning", document_over_budget),
    Rule("MB502", "bank-over-budget", "warning", bank_over_budget),
)
