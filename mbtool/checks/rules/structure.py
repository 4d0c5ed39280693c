"""Rules about the shape of the bank and its documents (MB1xx)."""

from __future__ import annotations

from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.backrefs import expects_back_reference
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.notes import floods
from mbtool.graph import BankGraph, EdgeKind
from mbtool.model import Document, EntryKind, MetaField, RelationKind
from mbtool.profiles import is_archived, is_auxiliary, name_key

DATE_KEYS = frozenset({"Last Updated", "Next Review", "Last Reviewed"})


def missing_core_file(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Checks that the core files of the bank's profile exist somewhere in the bank. The
    profile is detected from the files present (or set with `profile = "..."`): `cline`
    expects `projectbrief.md`, `productContext.md`, `systemPatterns.md`, `techContext.md`,
    `activeContext.md` and `progress.md`; `roo` expects `productContext.md`,
    `activeContext.md`, `progress.md` and `decisionLog.md`; `cursor` the Cline six plus
    `tasks.md`; `none` nothing. Spelling variants count: `project-brief.md`,
    `projectBrief.md`, `project_brief.md`.

    Why is this bad?
    Agents are told to read these files first; a missing one means a session starts
    without the context the convention promises.

    Example:
    A Cline bank with five of the six core files and no `techContext.md`.

    Use instead:
    Add `techContext.md`.

    Fix:
    Create the file by hand. The finding is reported at the missing file's name.

    When is it noise?
    When the detected profile is not the convention the bank follows: name it with
    `profile = "roo"` (or `"none"`, or a custom `[tool.mbtool.profiles.<name>]` with its
    own `core-files`) in `[tool.mbtool]`. Check output names the profile in use.
    """
    present = {name_key(path) for path in analysis.bank.documents}
    for name in analysis.bank.profile.core:
        if name_key(name) not in present:
            yield Violation(name, 1, 1, f"core file `{name}` is missing from the memory bank")


def missing_dependencies_section(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Reports a document that declares no relation at all (no Depends On, Required By or
    configured synonym as a bullet, a line, a heading or front matter) and that the
    profile's convention does not place either (Cline's core files, cursor's records). The
    dependency map document, archived documents, templates and agent instruction files
    (`*.instructions.md`, `*.prompt.md`, `*.chatmode.md`) are exempt. `**Depends On:**
    None` counts as a declaration, and so does a relation another document declares where
    the bank writes relations on one side only (a cursor `Related Plan`, a bank that never
    uses Required By).

    Why is this bad?
    Without a declaration the document is invisible to impact analysis: nobody learns
    that a change to it matters, or what it rests on.

    Example:
    A `systemPatterns.md` that six documents depend on, with no relations block.

    Use instead:
    ```markdown
    ## Dependencies and Relationships

    - **Depends On:** [projectbrief.md](projectbrief.md)
    - **Required By:** [activeContext.md](activeContext.md)
    ```

    Fix:
    Write the section by hand; `--fix` for MB202 adds one when another document declares
    a relation this document should mirror.

    When is it noise?
    On a bank that records relations another way (links, a profile's convention, or not at
    all). When no document declares a relation to another document, or more than half of
    a bank's documents (five or more) would be reported, one hint says so instead, naming
    the settings that fit: `profile = "..."`, extra relation keys under
    `[tool.mbtool.relations]`, or `ignore = ["MB102"]`. `--select MB102` still lists every
    document.
    """
    found, eligible = _undeclared(analysis)
    yield from found
    profile = analysis.bank.profile.name
    if found and not _declares_relations(analysis):
        yield Hint(
            f"no document in this bank declares a relation to another document (profile `{profile}`), "
            f"so {_the_documents(len(found))} without one {'is' if len(found) == 1 else 'are'} not listed; "
            "declare Depends On / Required "
            'By, set `profile = "..."` or relation keys in [tool.mbtool] to match how the bank records '
            'them, or `ignore = ["MB102"]`',
            collapses=True,
        )
    elif floods(len(found), eligible):
        yield Hint(
            f"{len(found)} of {eligible} documents declare no relations (profile `{profile}`): this "
            "bank records them another way, so they are not listed one by one; set "
            '`profile = "..."` or relation keys in [tool.mbtool] to match it, or `ignore = ["MB102"]`',
            collapses=True,
        )


def _undeclared(analysis: Analysis) -> tuple[list[Violation], int]:
    """MB102's findings, and how many documents were expected to declare relations."""
    graph = analysis.graph
    eligible = 0
    found: list[Violation] = []
    for document in analysis.bank.documents.values():
        if analysis.bank.is_generated_map(document.path) or not document.readable:
            continue
        if any(finding.code == "MB003" for finding in document.problems):
            continue
        if is_archived(document) or is_auxiliary(document.path):
            continue  # history; guidance and templates
        eligible += 1
        if _declares(document) or _by_convention(graph, document.path):
            continue
        if any(e.declared and not expects_back_reference(analysis, e) for e in graph.touching(document.path)):
            continue  # the other side declares it, as the bank's convention has it
        message = f"`{document.path}` declares no Depends On or Required By relation"
        found.append(Violation(document.path, 1, 1, message))
    return found, eligible


def _declares_relations(analysis: Analysis) -> bool:
    """Whether the bank follows the declaration convention at all: some document declares a
    relation to another document, or says it has none (`**Depends On:** None`). A profile's
    workflow keys (cursor's `Related Reflection`) link records; they are not that convention."""
    bank = analysis.bank
    if any(
        entry.node_kind is EntryKind.DOCUMENT and entry.node and not bank.is_workflow_key(entry.key)
        for entry in bank.entries
    ):
        return True
    return any(
        not relation.entries
        and relation.kind is not RelationKind.DESCRIBES
        and not bank.is_workflow_key(relation.key)
        for document in analysis.bank.documents.values()
        for relation in document.relations
    )


def _declares(document: Document) -> bool:
    """A relation other than `Describes:` (what a document describes is code, DESIGN §13)."""
    return any(relation.kind is not RelationKind.DESCRIBES for relation in document.relations)


def _by_convention(graph: BankGraph, node: str) -> bool:
    return node in graph and any(EdgeKind.CONVENTION in edge.kinds for edge in graph.touching(node))


def invalid_date(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a date field (`Last Updated`, `Next Review`, `Last Reviewed`) whose value
    starts like a date but is not a real one, such as `2025-13-40` or `2025-02-30`.
    A condition written in words (`Next Review: after the compose rewrite`) is fine.

    Why is this bad?
    Freshness rules (MB301, MB302) cannot use the date, so an overdue review or a suspect
    dependency goes unreported.

    Example:
    ```markdown
    **Last Updated:** 2025-06-31
    ```

    Use instead:
    ```markdown
    **Last Updated:** 2025-06-30
    ```

    Fix:
    Correct the date by hand.

    When is it noise?
    Rarely: a value that starts like a date but means something else (`2025-13 sprint`);
    write it as text, or silence the line with `<!-- mbtool: disable-next-line=MB103 -->`.
    """
    for document in analysis.bank.documents.values():
        for field in document.metadata:
            if field.key in DATE_KEYS and field.looks_like_date and field.date is None:
                value = field.value.split()[0] if field.value.split() else field.value
                yield Violation(
                    document.path,
                    field.position.line,
                    field.position.column,
                    f"`{value}` in `{field.key}` is not a valid date",
                )


def duplicate_metadata(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a metadata field (`Last Updated`, `Status`, `Next Review`, `Last Reviewed`)
    given more than once, with different values, in a document's header, footer or front
    matter; the second and later occurrences are reported. Metadata is a block of
    `Key: value` lines; a `**Status:**` line inside a log entry or a list is prose.

    Why is this bad?
    Readers and tools disagree about which value counts; mbtool uses the first, an editor
    usually updates the last.

    Example:
    ```markdown
    **Last Updated:** 2025-01-10

    ---
    **Last Updated:** 2025-03-02
    ```

    Use instead:
    Keep one `Last Updated`, in the footer.

    Fix:
    Delete the stale occurrence by hand.

    When is it noise?
    Rarely: the same value written twice (front matter and footer) is not reported. Silence
    a deliberate repeat with `<!-- mbtool: disable-next-line=MB104 -->`.
    """
    for document in analysis.bank.documents.values():
        first: dict[str, MetaField] = {}
        for field in document.metadata:
            seen = first.setdefault(field.key, field)
            if seen is field or _same_value(seen, field):
                continue
            yield Violation(
                document.path,
                field.position.line,
                field.position.column,
                f"`{field.key}` is given more than once, with another value "
                f"(first on line {seen.position.line})",
            )


def _same_value(first: MetaField, other: MetaField) -> bool:
    if first.date is not None or other.date is not None:
        return first.date == other.date
    return " ".join(first.value.split()).lower() == " ".join(other.value.split()).lower()


RULES = (
    Rule("MB101", "missing-core-file", "warning", missing_core_file),
    Rule("MB102", "missing-dependencies-section", "warning", missing_dependencies_section),
    Rule("MB103", "invalid-date", "error", invalid_date),
    Rule("MB104", "duplicate-metadata", "warning", duplicate_metadata),
)


def _the_documents(count: int) -> str:
    return "the one document" if count == 1 else f"the {count} documents"
