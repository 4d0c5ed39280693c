"""Rules about relation entries and what they resolve to (MB201, MB208, MB211)."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.diagnostics import Fix
from mbtool.checks.fix.rename import case_match, plan_rename
from mbtool.checks.fix.source import source_of
from mbtool.checks.rules.base import Rule, Violation
from mbtool.model import EntryKind, Resolution, ResolvedEntry
from mbtool.reading.resolve import Resolver, clean_target

EntryKey = tuple[str, int, int, str]


def resolved_entries(analysis: Analysis) -> dict[EntryKey, ResolvedEntry]:
    """Resolved entries by (document, line, column, text)."""
    index: dict[EntryKey, ResolvedEntry] = {}
    for resolved in analysis.bank.entries:
        position = resolved.entry.position
        index.setdefault((resolved.source, position.line, position.column, resolved.entry.text), resolved)
    return index


def unresolved_dependency(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document reference in a relation that resolves to no document. A
    reference (`progres.md`, `[x](../x.md)`) is looked up beside the referring document,
    at the bank root, at the project root, then by file name anywhere in the bank. The
    message offers the closest name ("did you mean").

    Why is this bad?
    The relation silently drops out of the graph, so `mbtool impact` under-reports what a
    change affects and the map misleads agents.

    Example:
    ```markdown
    - **Depends On:** progres.md
    ```

    Use instead:
    ```markdown
    - **Depends On:** progress.md
    ```

    Fix:
    When exactly one document matches the name with case ignored (`Progress.md` for
    `progress.md`), or exactly one document's name is close to it in the same folder
    (`techContextt.md` for `techContext.md`), `--fix` replaces the name in place; otherwise
    fix it by hand.

    When is it noise?
    Outside a repository (no `.git`, `pyproject.toml` or `mbtool.toml` above the bank), a
    `.md` name that is not a bank document may be a file elsewhere in the project
    (`AGENTS.md`, `.github/copilot-instructions.md`): it is reported only when it reads as a
    slip for a bank document (a close name, in the bank's own folders).
    """
    resolver = analysis.bank.resolver
    for resolved in analysis.bank.entries:
        if resolved.resolution is not Resolution.UNRESOLVED or resolved.node_kind is not EntryKind.DOCUMENT:
            continue
        entry, source = resolved.entry, resolved.source
        match = case_match(resolver, source, entry.target) or _name_slip(resolver, entry.target)
        suggestion = match or resolver.did_you_mean(entry.target)
        message = f"`{entry.target}` is not a document in this memory bank"
        if suggestion is not None:
            message += f"; did you mean `{suggestion}`"
        yield Violation(
            source, entry.position.line, entry.position.column, message, _rename(analysis, resolved, match)
        )


def _name_slip(resolver: Resolver, target: str) -> str | None:
    """The one document a misspelt file name means, when only the name differs (the folder
    written is the document's): `techContextt.md` → `techContext.md`, never a path elsewhere."""
    found = resolver.unique_suggestion(target)
    if found is None:
        return None
    written = posixpath.dirname(clean_target(target).removeprefix("./"))
    return found if written in ("", posixpath.dirname(found)) else None


def _rename(analysis: Analysis, resolved: ResolvedEntry, match: str | None) -> Fix | None:
    if match is None:
        return None
    text = source_of(analysis, resolved.source)
    edits = plan_rename(text, resolved.entry, resolved.source, match) if text is not None else None
    if not edits:
        return None
    return Fix(description=f"Replace `{resolved.entry.target}` with `{edits[0].new_text}`", edits=edits)


def ambiguous_reference(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document reference in a relation list that resolved only by searching the
    whole bank for its file name, or whose file name matches more than one document.

    Why is this bad?
    The reference works by luck: moving or adding a file of the same name silently
    changes, or breaks, which document it means. Readers following the link on GitHub
    or in the site land nowhere.

    Example:
    ```markdown
    <!-- notes/plan.md, where the document is topics/api.md -->
    - **Depends On:** api.md
    ```

    Use instead:
    ```markdown
    - **Depends On:** [api.md](../topics/api.md)
    ```

    Fix:
    Write the path relative to the referring document, by hand.

    When is it noise?
    A document named inside a sentence is a mention, not a path, and is not reported; nor
    is a path (`lint.mjs`) found by its name among the project's files. A bank that names
    documents by file name on purpose can set `severity = { MB208 = "info" }` or ignore it.
    """
    for resolved in analysis.bank.entries:
        if resolved.resolution is not Resolution.BASENAME or resolved.node is None:
            continue
        if resolved.node_kind is not EntryKind.DOCUMENT or resolved.entry.prose:
            continue  # a path found by its name is normal; a sentence names, it does not point
        entry = resolved.entry
        if len(resolved.candidates) > 1:
            names = ", ".join(f"`{candidate}`" for candidate in resolved.candidates)
            count = len(resolved.candidates)
            message = f"`{entry.target}` matches {count} documents ({names}); `{resolved.node}` was chosen"
        else:
            message = f"`{entry.target}` resolves only by file name, to `{resolved.node}`"
        yield Violation(resolved.source, entry.position.line, entry.position.column, message)


def duplicate_entry(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports the same target listed twice in one relation list (after resolution, so
    `progress.md` and `[progress](./progress.md)` are the same entry).

    Why is this bad?
    It is noise at best; at worst one of the two was meant to be another document, which
    is now missing from the list.

    Example:
    ```markdown
    - **Depends On:** progress.md, techContext.md, progress.md
    ```

    Use instead:
    ```markdown
    - **Depends On:** progress.md, techContext.md
    ```

    Fix:
    Delete the repeated entry by hand.

    When is it noise?
    Rarely; names inside a sentence are not entries and are not counted.
    """
    index = resolved_entries(analysis)
    for document in analysis.bank.documents.values():
        for relation in document.relations:
            seen: dict[str, int] = defaultdict(int)
            for entry in relation.entries:
                if entry.prose:
                    continue  # a sentence may name a document twice
                position = entry.position
                resolved = index.get((document.path, position.line, position.column, entry.text))
                node = resolved.node if resolved is not None and resolved.node else entry.target
                key = node.lower() if resolved is None or resolved.node_kind is EntryKind.CONCEPT else node
                seen[key] += 1
                if seen[key] > 1:
                    yield Violation(
                        document.path,
                        position.line,
                        position.column,
                        f"`{entry.target}` is listed more than once under `{relation.key}`",
                    )


RULES = (
    Rule("MB201", "unresolved-dependency", "error", unresolved_dependency, fixable=True),
    Rule("MB208", "ambiguous-reference", "warning", ambiguous_reference),
    Rule("MB211", "duplicate-entry", "warning", duplicate_entry),
)
