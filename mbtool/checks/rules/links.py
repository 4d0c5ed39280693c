"""Rules about links, paths and anchors (MB205, MB206, MB207, MB209).

Markdown links resolve relative to the document holding them (as a browser or MkDocs
would); relation entries resolve in DESIGN §3 order (the resolver already did that).
Nothing outside the project root is ever looked at: such targets are MB209.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Rule, Violation
from mbtool.checks.rules.codepaths import looks_like_repo_path
from mbtool.checks.rules.reading import recorded
from mbtool.model import Document, EntryKind, Link, Resolution
from mbtool.reading.resolve import clean_target

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NOT_SLUG = re.compile(r"[^\w\- ]")


class Target:
    """Where a link points: `project` path (None when it leaves the project) and `document`."""

    def __init__(self, analysis: Analysis, document: Document, href: str) -> None:
        prefix = analysis.bank.prefix
        path = clean_target(href)
        joined = posixpath.normpath(posixpath.join(prefix, posixpath.dirname(document.path), path))
        self.project: str | None = None if joined == ".." or joined.startswith("../") else joined
        self.document: str | None = None
        if self.project is not None and (prefix == "." or self.project.startswith(prefix + "/")):
            bank_relative = self.project if prefix == "." else self.project[len(prefix) + 1 :]
            self.document = bank_relative if bank_relative in analysis.bank.documents else None

    def exists(self, analysis: Analysis) -> bool:
        if self.document is not None:
            return True
        return self.project is not None and analysis.bank.resolver.exists(self.project)


def broken_link(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a relative Markdown link or image (`[x](../docs/x.md)`, `![d](img/d.svg)`)
    whose file does not exist, resolved relative to the document holding it. Links that
    are relation entries are checked by MB201 / MB207 instead; URLs, absolute paths and
    `#anchor` links are not files.

    Why is this bad?
    Readers on GitHub and in the published site hit a 404, and agents following the link
    read nothing. It usually follows a file move or rename.

    Example:
    ```markdown
    See [the setup guide](../docs/setup.md).
    ```
    where the guide moved to `docs/guide/setup.md`.

    Use instead:
    ```markdown
    See [the setup guide](../docs/guide/setup.md).
    ```

    Fix:
    Correct the link by hand.
    """
    for document, link in _links(analysis):
        target = Target(analysis, document, link.target)
        if target.project is not None and clean_target(link.target) and not target.exists(analysis):
            position = link.position
            yield Violation(
                document.path, position.line, position.column, f"link target `{link.target}` does not exist"
            )


def broken_anchor(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a link to `x.md#anchor` where the bank document `x.md` has no heading with
    that anchor, and a `#anchor` link with no such heading in the same document. Anchors
    are the ones MkDocs generates (GitHub's spelling is accepted too), compared ignoring
    case.

    Why is this bad?
    The link opens the right page at the wrong place, usually after a heading was renamed.

    Example:
    ```markdown
    See [the workflow](dockerWorkflow.md#phase-5-deploy).
    ```

    Use instead:
    ```markdown
    See [the workflow](dockerWorkflow.md#phase-4-documentation-ai-agent-integration).
    ```

    Fix:
    Correct the anchor by hand (`mbtool graph` does not list anchors; the site's table of
    contents does).
    """
    anchors: dict[str, set[str]] = {}  # per target document, built once
    for document, link in _links(analysis, include_entries=True):
        if "#" not in link.target:
            continue
        path, anchor = link.target.split("#", 1)
        anchor = unquote(anchor)
        if not anchor:
            continue
        target_path = document.path if not path else Target(analysis, document, link.target).document
        target = analysis.bank.documents.get(target_path or "")
        if (
            target is None
            or not target.readable
            or anchor.lower() in anchors.setdefault(target.path, _anchors_of(target))
        ):
            continue
        where = f"`{target.path}`" if target is not document else "this document"
        message = f"`{link.target}` points to no heading: {where} has no anchor `{anchor}`"
        yield Violation(document.path, link.position.line, link.position.column, message)


def missing_path(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a repository path that does not exist: a relation entry that is a path
    (`scripts/run.sh`, `[compose](../docker-compose.yml)`), or a code span that clearly is
    one. Code spans are read conservatively: no spaces or `:`, `<>`, `=`, `*`; not
    starting with `/` or `-`; and a common file extension, a name starting with
    `Dockerfile`, a trailing `/`, or at least two `/`. Each path is reported once per
    document. Paths resolve beside the document, then at the project root, then the bank
    root.

    Why is this bad?
    Documents that name files which were moved or never committed send agents and people
    to nothing, and replication procedures fail.

    Example:
    ```markdown
    Run `scripts/setup_python.sh` first.
    ```
    where the script is `scripts/setup_python_local.sh`.

    Use instead:
    ```markdown
    Run `scripts/setup_python_local.sh` first.
    ```

    Fix:
    Correct the path, or commit the file, by hand.
    """
    for resolved in analysis.bank.entries:
        if resolved.node_kind is EntryKind.PATH and not resolved.exists:
            if resolved.resolution is Resolution.OUTSIDE:
                continue
            entry = resolved.entry
            yield Violation(
                resolved.source,
                entry.position.line,
                entry.position.column,
                f"path `{entry.target}` does not exist in the project",
            )
    code_entries = _entry_index(analysis, "code")
    basenames = _basenames(analysis)
    for document in _readable(analysis):
        entries = code_entries.get(document.path, set())
        yield from _missing_code_paths(analysis, document, entries, basenames)


def outside_project(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a relation entry, link or symbolic link whose target lies outside the project
    root (the nearest folder with `.git`, `pyproject.toml` or `mbtool.toml` above the
    bank). mbtool never reads such targets.

    Why is this bad?
    The bank stops being self-contained: the target is not in the repository, so it
    cannot be checked, published or relied on by anyone else.

    Example:
    ```markdown
    - **Depends On:** ../../shared/notes.md
    ```

    Use instead:
    Copy what is needed into the bank, or reference the repository path inside the project.

    Fix:
    By hand.
    """
    yield from recorded(analysis, "MB209")
    for resolved in analysis.bank.entries:
        if resolved.resolution is Resolution.OUTSIDE:
            entry = resolved.entry
            message = f"`{entry.target}` leaves the project root; it is not read"
            yield Violation(resolved.source, entry.position.line, entry.position.column, message)
    for document, link in _links(analysis):
        if Target(analysis, document, link.target).project is None:
            message = f"link `{link.target}` leaves the project root; it is not read"
            yield Violation(document.path, link.position.line, link.position.column, message)


def _missing_code_paths(
    analysis: Analysis, document: Document, entries: set[tuple[int, str]], basenames: set[str]
) -> Iterator[Violation]:
    reported: set[str] = set()
    for span in document.code_spans:
        text = span.text.strip()
        if text in reported or (span.position.line, text) in entries or _in_map(document, span.position.line):
            continue
        if not looks_like_repo_path(text):
            continue
        _, how, exists = analysis.bank.resolver.path(document.path, text)
        if exists or how is Resolution.OUTSIDE or posixpath.basename(text) in basenames:
            continue
        reported.add(text)
        yield Violation(
            document.path,
            span.position.line,
            span.position.column,
            f"path `{text}` does not exist in the project",
        )


def _links(analysis: Analysis, include_entries: bool = False) -> Iterator[tuple[Document, Link]]:
    """Relative links of readable documents, outside the map region, minus relation entries."""
    link_entries = {} if include_entries else _entry_index(analysis, "link")
    for document in _readable(analysis):
        entries = link_entries.get(document.path, set())
        for link in document.links:
            href = link.target.strip()
            if (
                not href
                or _SCHEME.match(href)
                or href.startswith(("/", "\\"))
                or _in_map(document, link.position.line)
            ):
                continue
            if href.startswith("#") and not include_entries:
                continue
            if (link.position.line, href) not in entries:
                yield document, link


def _entry_index(analysis: Analysis, via: str) -> dict[str, set[tuple[int, str]]]:
    """(line, target) of the relation entries written as links or code, per document."""
    index: dict[str, set[tuple[int, str]]] = {}
    for resolved in analysis.bank.entries:
        if resolved.entry.via == via:
            index.setdefault(resolved.source, set()).add(
                (resolved.entry.position.line, resolved.entry.target)
            )
    return index


def _anchors_of(document: Document) -> set[str]:
    anchors = set()
    for heading in document.headings:
        anchors.add(heading.anchor.lower())
        anchors.add(_NOT_SLUG.sub("", heading.text.lower()).replace(" ", "-"))
    return anchors


def _basenames(analysis: Analysis) -> set[str]:
    return {posixpath.basename(path) for path in analysis.bank.documents}


def _readable(analysis: Analysis) -> Iterator[Document]:
    return (document for document in analysis.bank.documents.values() if document.readable)


def _in_map(document: Document, line: int) -> bool:
    region = document.map_region
    return region is not None and region[0] <= line <= region[1]


RULES = (
    Rule("MB205", "broken-link", "error", broken_link),
    Rule("MB206", "broken-anchor", "error", broken_anchor),
    Rule("MB207", "missing-path", "warning", missing_path),
    Rule("MB209", "outside-project", "error", outside_project),
)
