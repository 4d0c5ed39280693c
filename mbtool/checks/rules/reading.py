"""Rules for files that could not be read as documents (MB0xx).

The parser and discovery record these as findings; the rules only surface them under
their codes, so select, ignore, severity and suppressions apply to them like to any rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Rule, Violation


def recorded(analysis: Analysis, code: str) -> Iterator[Violation]:
    """Findings with `code` recorded by discovery (`Bank.file_problems`) and the parser."""
    for path, finding in analysis.bank.file_problems:
        if finding.code == code:
            yield Violation(path, finding.position.line, finding.position.column, finding.message)
    for document in analysis.bank.documents.values():
        for finding in document.problems:
            if finding.code == code:
                position = finding.position
                yield Violation(document.path, position.line, position.column, finding.message)


def invalid_front_matter(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports YAML front matter that does not parse, is not a mapping, or exceeds the size
    (64 KiB), alias (100) or `[`/`{` nesting (100 levels) limits.

    Why is this bad?
    Front matter that does not load is ignored as a whole, so every relation and date in
    it silently disappears from the graph. The limits keep hostile YAML from stalling CI.

    Example:
    ```markdown
    ---
    depends_on: [projectbrief.md
    ---
    ```

    Use instead:
    ```markdown
    ---
    depends_on: [projectbrief.md]
    ---
    ```

    Fix:
    Correct the YAML by hand. `--fix` never writes to a file with this finding.

    When is it noise?
    Rarely: the file's front matter really does not parse. A `---` line that opens a
    document but is meant as a rule can be moved below the title.
    """
    return recorded(analysis, "MB001")


def unreadable_file(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a bank file that cannot be read as text: not UTF-8, containing NUL bytes,
    unreadable (permissions), too large (20 MiB), holding more than 20,000 link and code
    markers (`[`, `<`, backticks) to parse, a broken or looping symbolic link, or a folder
    named like a document.

    Why is this bad?
    Nothing in the file reaches the graph, so its relations, links and dates go unchecked,
    while other documents may still depend on it.

    Example:
    `progress.md` saved as UTF-16 by an editor.

    Use instead:
    Save the document as UTF-8 text.

    Fix:
    Re-encode or repair the file by hand. `--fix` never writes to a file with this finding.

    When is it noise?
    Rarely: a Latin-1 or binary file in the bank is not a document mbtool can read; move
    it out, or `exclude` its glob in [tool.mbtool].
    """
    return recorded(analysis, "MB002")


def empty_file(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a document that is empty or holds only whitespace.

    Why is this bad?
    Agents read every bank document at the start of a session; an empty one costs a read
    and says nothing, and it is usually a file created and forgotten.

    Example:
    `techContext.md` with zero bytes.

    Use instead:
    Write the document, or delete it.

    Fix:
    By hand.

    When is it noise?
    When empty placeholder files are kept on purpose: `exclude` them, or silence the rule
    with `severity = { MB003 = "off" }`.
    """
    return recorded(analysis, "MB003")


RULES = (
    Rule("MB001", "invalid-front-matter", "error", invalid_front_matter),
    Rule("MB002", "unreadable-file", "error", unreadable_file),
    Rule("MB003", "empty-file", "warning", empty_file),
)
