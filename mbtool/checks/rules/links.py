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
from mbtool.checks.diagnostics import Fix
from mbtool.checks.fix.rename import plan_replace
from mbtool.checks.fix.source import source_of
from mbtool.checks.rules.base import Hint, Rule, Violation
from mbtool.checks.rules.codepaths import looks_like_repo_path
from mbtool.checks.rules.notes import UNVERIFIED_HINT
from mbtool.checks.rules.reading import recorded
from mbtool.model import CodeSpan, Document, EntryKind, Link, Position, Resolution, ResolvedEntry
from mbtool.profiles import NARRATIVE, is_archived, is_auxiliary, is_narrative
from mbtool.reading.paths import PathStatus
from mbtool.reading.resolve import clean_target

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_NOT_SLUG = re.compile(r"[^\w\- ]")
# A line that says the file is yet to be made or is gone: it narrates, it does not point.
_NARRATED = re.compile(
    r"\b(?:to be (?:created|added|written)|will (?:create|add)|planned|(?:not|never) (?:yet )?(?:created|"
    r"committed)|deleted|removed|renamed|moved (?:to|into)|replaced by|no longer|deprecated|formerly"
    r"|(?:moved|migrated|copied) from)\b"
    r"|\((?:new|planned|todo)\)"
    # an example or a thing to avoid names a kind of file, not a file of this project
    r"|\be\.g\.|\bfor (?:example|instance)\b|\bavoid\b|\binstead of\b"
    r"|\b(?:do not|don't|never) (?:use|create|add)\b",
    re.IGNORECASE,
)
# `x.tsx` files, `*.md` documents: the span names a kind of file.
_KIND_OF_FILE = re.compile(r"\s*(?:files|documents|modules|components|scripts|pages)\b", re.IGNORECASE)


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


def broken_link(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Reports a relative Markdown link or image (`[x](../docs/x.md)`, `![d](img/d.svg)`)
    whose file does not exist, resolved relative to the document holding it. Links that
    are relation entries are checked by MB201 / MB207 instead; URLs, absolute paths and
    `#anchor` links are not files, and build output or git-ignored targets are not
    "missing". When the file name exists exactly once elsewhere in the project, the message
    says where ("did you mean").

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
    When the file moved (its name exists exactly once elsewhere), `--fix` rewrites the
    link to it; otherwise correct the link by hand.

    When is it noise?
    Run on a bank folder outside its repository (no `.git`, `pyproject.toml` or
    `mbtool.toml` above it), links that leave the bank cannot be checked: they are not
    reported, and one hint says so. Check the bank inside its repository.
    """
    unverified = False
    for document, link in _links(analysis):
        if not clean_target(link.target) or Target(analysis, document, link.target).document is not None:
            continue
        found = analysis.bank.resolver.lookup(document.path, link.target, mode="link")
        unverified = unverified or found.status is PathStatus.UNVERIFIED
        if not found.missing:
            continue
        message = f"link target `{link.target}` does not exist"
        fix = None
        if found.suggestion is not None:
            relative = posixpath.relpath(found.suggestion, _document_folder(analysis, document))
            message += f"; did you mean `{relative}`"
            fix = _replace(analysis, document.path, link.position, _path_part(link.target), relative)
        yield Violation(document.path, link.position.line, link.position.column, message, fix)
    if unverified:
        yield Hint(UNVERIFIED_HINT)


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

    When is it noise?
    Rarely; renderers that build anchors differently from MkDocs (GitHub's are accepted
    too) may disagree on punctuation. Silence one link with
    `<!-- mbtool: disable-next-line=MB206 -->`.
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


def missing_path(analysis: Analysis) -> Iterator[Violation | Hint]:
    """What it does:
    Reports a repository path that does not exist: a relation entry that is a path
    (`scripts/run.sh`, `[compose](../docker-compose.yml)`), or a code span that clearly is
    one. Code spans are read conservatively: no spaces or `:`, `<>`, `=`, `*`; not
    starting with `/` or `-`; and a common file extension, a name starting with
    `Dockerfile`, a trailing `/`, or at least two `/`. Each path is reported once per
    document. A path resolves beside the document, at the project root or the bank root,
    else by a unique file name or path suffix among the project's files (`lint-ci.mjs`
    names `scripts/lint-ci.mjs`). Not reported: build output, git-ignored paths (by the
    `.gitignore` of any folder), identifiers and placeholders (`process.env`, `x-XXX.md`,
    `<name>.md`), names several files share, code spans in archived documents and in agent instruction files
    (`*.instructions.md`, `*.prompt.md`, `*.chatmode.md`), code spans on a line that says
    the file is planned or was removed, gives an example (`e.g.`) or a thing to avoid, or
    names a kind of file (`` `x.tsx` files ``), code spans in a plan or a log (a document
    or a section whose name says plan, proposal, roadmap, next steps, future…, or recent
    changes, changelog, history, log…: what was or will be, not what is), library names
    written like files (`ical.js`), and words with slashes whose first folder does not
    exist (`install/uninstall/configure`). A path whose file name exists exactly once
    elsewhere gets "did you mean".

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
    For a relation entry whose file moved, `--fix` writes the new path; otherwise correct
    the path, or commit the file, by hand.

    When is it noise?
    Run on a bank folder outside its repository (no `.git`, `pyproject.toml` or
    `mbtool.toml` above it), paths outside the bank cannot be checked: they are not
    reported, and one hint says so. Check the bank inside its repository. Documents that
    describe planned work name files that do not exist yet; put them under a heading or
    line that says so (`## Next Steps`, "planned"), or silence the line with
    `<!-- mbtool: disable-next-line=MB207 -->`.
    """
    resolver = analysis.bank.resolver
    unverified = False
    for resolved in analysis.bank.entries:
        if resolved.node_kind is not EntryKind.PATH or resolved.resolution is Resolution.OUTSIDE:
            continue
        if resolved.resolution is Resolution.UNVERIFIED:
            found = resolver.lookup(resolved.source, resolved.entry.target)
            unverified = unverified or found.status is PathStatus.UNVERIFIED
            continue
        if not resolved.exists:
            yield _missing_entry(analysis, resolved)
    code_entries = _entry_index(analysis, "code")
    for document in _readable(analysis):
        if is_archived(document) or is_auxiliary(document.path):  # history; generic guidance
            continue
        entries = code_entries.get(document.path, set())
        for item in _missing_code_paths(analysis, document, entries):
            if isinstance(item, Hint):
                unverified = True
            else:
                yield item
    if unverified:
        yield Hint(UNVERIFIED_HINT)


def _missing_entry(analysis: Analysis, resolved: ResolvedEntry) -> Violation:
    entry = resolved.entry
    message = f"path `{entry.target}` does not exist in the project"
    fix = None
    if resolved.candidates:
        suggestion = _as_written(analysis, resolved.source, entry.target, resolved.candidates[0])
        message += f"; did you mean `{suggestion}`"
        fix = _replace(analysis, resolved.source, entry.position, _path_part(entry.target), suggestion)
    return Violation(resolved.source, entry.position.line, entry.position.column, message, fix)


def outside_project(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Reports a relation entry, link or symbolic link whose target lies outside the project
    root (the nearest folder with `.git`, `pyproject.toml` or `mbtool.toml` above the
    bank), by its path or through a symbolic link inside the project, whether or not the
    target exists. mbtool never reads such targets.

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

    When is it noise?
    When the project root is found too low (a `pyproject.toml` in a subfolder): put an
    `mbtool.toml` at the repository root. Without any project root (a bare bank folder),
    links that leave the bank are not reported.
    """
    yield from recorded(analysis, "MB209")
    for resolved in analysis.bank.entries:
        if resolved.resolution is Resolution.OUTSIDE:
            entry = resolved.entry
            message = f"`{entry.target}` leaves the project root; it is not read"
            yield Violation(resolved.source, entry.position.line, entry.position.column, message)
    for document, link in _links(analysis):
        if not clean_target(link.target):
            continue
        found = analysis.bank.resolver.lookup(document.path, link.target, mode="link")
        if found.status is PathStatus.OUTSIDE:
            message = f"link `{link.target}` leaves the project root; it is not read"
            yield Violation(document.path, link.position.line, link.position.column, message)


def _missing_code_paths(
    analysis: Analysis, document: Document, entries: set[tuple[int, str]]
) -> Iterator[Violation | Hint]:
    reported: set[str] = set()
    for span in document.code_spans:
        text = span.text.strip()
        if text in reported or (span.position.line, text) in entries or _in_map(document, span.position.line):
            continue
        if not looks_like_repo_path(text):
            continue
        found = analysis.bank.resolver.lookup(document.path, text, mode="span")
        if found.status is PathStatus.UNVERIFIED:
            yield Hint(UNVERIFIED_HINT)
        line = _line(analysis, document, span.position.line)
        if not found.missing or _NARRATED.search(line) or _KIND_OF_FILE.match(_after(line, span, text)):
            continue
        if _planned(document, span.position.line) or not _names_a_place(analysis, document, text):
            continue
        reported.add(text)
        message = f"path `{text}` does not exist in the project"
        if found.suggestion is not None:
            message += f"; did you mean `{found.suggestion}`"
        yield Violation(document.path, span.position.line, span.position.column, message)


def _after(line: str, span: CodeSpan, text: str) -> str:
    """The line's text after the span (`…` then ` files with …`)."""
    start = span.position.column - 1
    end = line.find("`", start + 1 + len(text)) if 0 <= start < len(line) else -1
    return line[end + 1 :] if end >= 0 else ""


def _planned(document: Document, line: int) -> bool:
    """Whether the document is narrative (a plan or a log, `profiles.is_narrative`) or a
    heading the line sits under says so: neither says what the project holds now."""
    if is_narrative(document):
        return True
    level = 7
    for heading in reversed(document.headings):
        if heading.position.line > line or heading.level >= level:
            continue
        if NARRATIVE.search(heading.text):
            return True
        level = heading.level
    return False


def _names_a_place(analysis: Analysis, document: Document, text: str) -> bool:
    """A span without a file extension or a trailing `/` (`install/uninstall/configure`) is a
    path only when its first folder exists; with one of them it always claims a place."""
    parts = text.strip("/").split("/")
    if text.endswith("/") or len(parts) == 1 or "." in parts[-1].strip("."):
        return True
    first = analysis.bank.resolver.lookup(document.path, parts[0] + "/", mode="span")
    return not first.missing


def _line(analysis: Analysis, document: Document, line: int) -> str:
    text = analysis.bank.text(document.path) or ""
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _as_written(analysis: Analysis, source: str, written: str, project_path: str) -> str:
    """`project_path` as the document would write it: beside the document when the original was
    (`./x`, `../x`), else from the project root."""
    if written.startswith(("./", "../")):
        relative = posixpath.relpath(project_path, _folder_of(analysis, source))
        return relative if relative.startswith("../") else "./" + relative
    return project_path


def _document_folder(analysis: Analysis, document: Document) -> str:
    return _folder_of(analysis, document.path)


def _folder_of(analysis: Analysis, path: str) -> str:
    """The project-relative folder of a bank document."""
    prefix = analysis.bank.prefix
    folder = posixpath.dirname(path)
    return posixpath.join(prefix, folder) if prefix != "." else (folder or ".")


def _path_part(target: str) -> str:
    return target.split("#", 1)[0].split("?", 1)[0]


def _replace(analysis: Analysis, path: str, position: Position, old: str, new: str) -> Fix | None:
    source = source_of(analysis, path)
    edits = plan_replace(source, position.line, position.column, old, new) if source else None
    return Fix(description=f"Replace `{old}` with `{new}`", edits=edits) if edits else None


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
