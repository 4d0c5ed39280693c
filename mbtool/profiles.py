"""Bank profiles (DESIGN §3): the conventions of the tool a bank was written for.

Most real banks declare few relations or none; the tool they were written for has a
convention instead (Cline's six core files and their hierarchy, Roo's decision log, the
cursor-memory-bank's creative → reflection → archive records). A profile says which files
are core (MB101), which documents depend on which by convention (convention edges, never
MB202, counted by MB102/MB210, followed by impact), and which extra relation keys the bank
uses. The profile is detected from the files present unless `profile = "..."` names one;
custom profiles live in `[tool.mbtool.profiles.<name>]`.

This module also says which documents are history rather than live context (`is_archived`).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from mbtool.config import Config, ProfileTable, Vocabulary
from mbtool.errors import ConfigError
from mbtool.model import Document, RelationKind

Conventions = tuple[tuple[str, tuple[str, ...]], ...]  # (dependent name or glob, its dependencies)

CLINE_CORE = (
    "projectbrief.md",
    "productContext.md",
    "systemPatterns.md",
    "techContext.md",
    "activeContext.md",
    "progress.md",
)
_CLINE_CONVENTIONS: Conventions = (
    ("productContext.md", ("projectbrief.md",)),
    ("systemPatterns.md", ("projectbrief.md",)),
    ("techContext.md", ("projectbrief.md",)),
    ("activeContext.md", ("productContext.md", "systemPatterns.md", "techContext.md")),
    ("progress.md", ("activeContext.md",)),
)


@dataclass(frozen=True)
class Profile:
    """A bank convention. `optional` files have convention edges but are not required (MB101)."""

    name: str
    core: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    conventions: Conventions = ()
    depends_on: tuple[str, ...] = ()
    required_by: tuple[str, ...] = ()
    workflow: tuple[str, ...] = ()
    origin: str = "configured"  # how it was chosen, for the one line the report prints
    summary: str = field(default="", compare=False)

    def vocabulary(self, base: Vocabulary) -> Vocabulary:
        """The configured relation keys plus this profile's."""
        return base.model_copy(
            update={
                "depends_on": _merged(base.depends_on, self.depends_on),
                "required_by": _merged(base.required_by, self.required_by),
                "workflow": _merged(base.workflow, self.workflow),
            }
        )

    def convention_edges(
        self, documents: Iterable[str], history: Iterable[str] = ()
    ) -> list[tuple[str, str]]:
        """(dependent, dependency) between the documents present, in a stable order. A name
        never means a `history` document (an archived copy); a glob (`archive/*`) may."""
        paths = sorted(documents)
        live = sorted(set(paths) - set(history))
        edges: dict[tuple[str, str], None] = {}
        for pattern, dependencies in self.conventions:
            targets = [found for name in dependencies if (found := match_name(name, live)) is not None]
            for dependent in _matches(pattern, paths, live):
                edges.update(dict.fromkeys((dependent, t) for t in targets if t != dependent))
        return list(edges)


BUILTIN: dict[str, Profile] = {
    "cline": Profile(
        "cline",
        core=CLINE_CORE,
        conventions=_CLINE_CONVENTIONS,
        summary="Cline's Memory Bank: six core files, brief → context → active → progress",
    ),
    "roo": Profile(
        "roo",
        core=("productContext.md", "activeContext.md", "progress.md", "decisionLog.md"),
        optional=("systemPatterns.md",),
        conventions=(
            ("activeContext.md", ("productContext.md",)),
            ("decisionLog.md", ("productContext.md",)),
            ("systemPatterns.md", ("productContext.md",)),
            ("progress.md", ("activeContext.md",)),
            ("sessionLog.md", ("activeContext.md",)),
        ),
        summary="Roo Code / RooFlow: product context, active context, progress, decision log",
    ),
    "cursor": Profile(
        "cursor",
        core=(*CLINE_CORE, "tasks.md"),
        optional=("style-guide.md",),
        conventions=(
            *_CLINE_CONVENTIONS,
            ("tasks.md", ("activeContext.md",)),
            ("progress.md", ("tasks.md",)),
            ("style-guide.md", ("systemPatterns.md",)),
            ("creative/*", ("tasks.md",)),
            ("reflection/*", ("tasks.md",)),
            ("archive/*", ("tasks.md",)),
        ),
        workflow=(
            "Related Plan",
            "Related Creative",
            "Related Reflection",
            "Related Archive",
            "Related Documents",
            "Predecessor",
            "Predecessor Archive",
            "Predecessor Archives",
            "Supersedes",
            "Plan Document",
            "Creative Document",
            "Reflection Document",
            "Archive Document",
            "Plan",
            "Creative",
            "Reflection",
            "Archive",
        ),
        summary="cursor-memory-bank: Cline's core plus tasks.md and creative/reflection/archive records",
    ),
    "none": Profile("none", summary="no core files and no conventions"),
}


def choose_profile(config: Config, documents: Iterable[str]) -> Profile:
    """The profile `config` names (`profile`, else the deprecated `core-files`), else the one the
    documents present match. An unknown name is a `ConfigError` naming the known ones."""
    name = config.profile or config.core_files
    if name is None or name == "auto":
        return detect(documents)
    return _named(name, config.profiles, ())


def detect(documents: Iterable[str]) -> Profile:
    """cursor: `tasks.md` with `creative/`, `reflection/`, `archive/` or `style-guide.md`;
    roo: `decisionLog.md` and no `projectbrief.md`; cline: two or more of Cline's core files;
    else none."""
    paths = sorted(documents)
    names = {name_key(path) for path in paths if "/" not in path}
    folders = {path.split("/", 1)[0].lower() for path in paths if "/" in path}
    if "tasks" in names and (folders & {"creative", "reflection", "archive"} or "styleguide" in names):
        return replace(BUILTIN["cursor"], origin="detected: tasks.md with cursor-memory-bank records")
    if "decisionlog" in names and "projectbrief" not in names:
        return replace(BUILTIN["roo"], origin="detected: decisionLog.md and no projectbrief.md")
    present = sum(name_key(core) in names for core in CLINE_CORE)
    if present >= 2:
        return replace(BUILTIN["cline"], origin=f"detected: {present} of 6 Cline core files")
    return replace(BUILTIN["none"], origin="detected: no core files of a known profile")


def _named(name: str, tables: dict[str, ProfileTable], seen: tuple[str, ...]) -> Profile:
    if name in tables and name not in seen:
        return _custom(name, tables[name], tables, (*seen, name))
    if name in BUILTIN:
        return BUILTIN[name]
    known = ", ".join(sorted({*BUILTIN, *tables, "auto"}))
    where = "`extends`" if seen else "`profile`"
    raise ConfigError(f"{where}: unknown profile `{name}`; known profiles: {known}")


def _custom(
    name: str, table: ProfileTable, tables: dict[str, ProfileTable], seen: tuple[str, ...]
) -> Profile:
    base = _named(table.extends, tables, seen) if table.extends else BUILTIN["none"]
    conventions = tuple((k, tuple(v)) for k, v in table.conventions.items()) if table.conventions else None
    return Profile(
        name,
        core=table.core_files if table.core_files is not None else base.core,
        optional=base.optional if table.core_files is None else (),
        conventions=conventions if conventions is not None else base.conventions,
        depends_on=_merged(base.depends_on, table.depends_on),
        required_by=_merged(base.required_by, table.required_by),
        workflow=_merged(base.workflow, table.workflow),
        summary=f"custom profile{f' extending {table.extends}' if table.extends else ''}",
    )


# -- names ---------------------------------------------------------------------------------------
_NAME_NOISE = re.compile(r"[-_ .]")


def name_key(path: str) -> str:
    """`project-brief.md`, `projectBrief.md`, `Project_Brief.md` → `projectbrief`."""
    return _NAME_NOISE.sub("", posixpath.basename(path).lower().removesuffix(".md"))


def match_name(name: str, paths: list[str]) -> str | None:
    """The document a convention name means: the same name (spelling variants accepted), the
    one nearest the bank root when several match."""
    if "/" in name:
        return name if name in paths else None
    wanted = name_key(name)
    found = [path for path in paths if name_key(path) == wanted]
    return min(found, key=lambda path: (path.count("/"), path)) if found else None


def _matches(pattern: str, paths: list[str], live: list[str]) -> list[str]:
    if any(char in pattern for char in "*?["):
        return [path for path in paths if fnmatch.fnmatchcase(path, pattern)]
    found = match_name(pattern, live)
    return [found] if found is not None else []


def _merged(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


# -- workflow stages (cursor) ---------------------------------------------------------------------
_STAGES = (("plan", 1), ("creative", 2), ("reflection", 3), ("archive", 4))
_PLAN_NAME = re.compile(r"(?:^|[-_.])plans?(?:[-_.]|$)")


def stage(path: str) -> int:
    """0 for hub documents (tasks, progress, context), else plan 1, creative 2, reflection 3,
    archive 4 (by folder, or by a `creative-`/`reflection-`/`archive-` name, or `-plan`)."""
    lowered = path.lower()
    folders = lowered.split("/")[:-1]
    stem = posixpath.basename(lowered).removesuffix(".md")
    for word, rank in _STAGES:
        if word in folders or word + "s" in folders or stem.startswith(word + "-"):
            return rank
    return 1 if _PLAN_NAME.search(stem) else 0


def orient(source: str, target: str) -> RelationKind:
    """The direction a workflow key implies between two documents: a document depends on what
    an earlier stage wrote (or a peer, such as its predecessor archive); a hub pointing at a
    creative, reflection or archive record, or a stage pointing at a later one, is required
    by it."""
    mine, theirs = stage(source), stage(target)
    if (mine == 0 and theirs > 1) or (mine > 0 and theirs > mine):
        return RelationKind.REQUIRED_BY
    return RelationKind.DEPENDS_ON


# -- history -------------------------------------------------------------------------------------
# Folders that hold history (`archive/`, `archives/`, `history/`, `legacy/`...).
ARCHIVE_FOLDERS = frozenset({"archive", "archives", "archived", "history", "legacy", "deprecated", "old"})
# Names that say so: `x-history-001.md`, `x-legacy-2025-10-16.md`, `x-deprecated.md`, `x-archive.md`,
# or a name ending in the date it records (`assessment-2025-12-06.md`, `x-20260112.md`).
_ARCHIVE_NAME = re.compile(
    r"(?:^|[-_.])(?:history|legacy|deprecated|archived?|superseded|obsolete)(?:[-_.]|$)"
    r"|(?:^|[-_])\d{4}-?\d{2}-?\d{2}$",
    re.IGNORECASE,
)
# Agent instruction files kept in some banks (VS Code Copilot `*.instructions.md`, `*.prompt.md`,
# `*.chatmode.md`): guidance for a tool, not memory documents with relations of their own.
AGENT_FILE_SUFFIXES = (".instructions.md", ".prompt.md", ".chatmode.md")
# A `Status` or title saying the document is no longer live.
_ARCHIVE_STATUS = re.compile(
    r"^\W*(?:archived?|superseded|deprecated|obsolete|historical|frozen|retired|redirect)", re.IGNORECASE
)
_STUB_TITLE = re.compile(
    r"\b(?:redirect(?:ed)?|moved|superseded|deprecated|archived?|obsolete)\b", re.IGNORECASE
)


# Narrative documents and sections say what will be (a plan, a proposal, next steps) or what
# happened (recent changes, a changelog, a decision log, a retrospective), not what the
# project holds now: the code they name may not exist yet, or not any more.
NARRATIVE = re.compile(
    r"(?:^|[^a-z])(?:plans?|planned|planning|proposals?|proposed|roadmap|rfc|todo|to do|future|next steps|"
    r"upcoming|backlog|ideas?|brainstorm\w*|draft|(?:recent )?changes|change ?log|history|journal|"
    r"work ?log|logs?|session (?:notes|summary)|retrospective|reflections?|post ?mortem)(?:$|[^a-z])",
    re.IGNORECASE,
)
# Folders of such records (cursor-memory-bank's `creative/` explorations and `reflection/`s).
NARRATIVE_FOLDERS = frozenset(
    {"creative", "reflection", "reflections", "plans", "proposals", "rfcs", "logs", "journal", "sessions"}
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def is_narrative(document: Document) -> bool:
    """A plan or a log, by folder, file name (`refactoring-plan.md`, `recentChanges.md`) or title."""
    folders = document.path.split("/")[:-1]
    if any(folder.lower() in NARRATIVE_FOLDERS for folder in folders):
        return True
    stem = _CAMEL.sub(" ", posixpath.basename(document.path).rsplit(".", 1)[0])
    return bool(
        NARRATIVE.search(stem.replace("_", " ").replace("-", " ")) or NARRATIVE.search(document.title)
    )


_TEMPLATE = re.compile(r"(?:^|/)templates?/|(?:^|[-_.])template\.md$", re.IGNORECASE)


def is_auxiliary(path: str) -> bool:
    """Not a memory document: an agent instruction file (`x.instructions.md`, `x.prompt.md`,
    `x.chatmode.md`) or a template (`templates/x.md`, `x-template.md`). Such files are
    guidance or forms; they are not expected to declare or answer relations."""
    return path.lower().endswith(AGENT_FILE_SUFFIXES) or _TEMPLATE.search(path) is not None


def is_archived(document: Document) -> bool:
    """History, by folder (`archive/`), name (`x-history-001.md`, `x-legacy-…`, a trailing
    date), `Status` (`Archived`, `Superseded`, `Deprecated`) or a title saying it was moved
    or redirected."""
    folders = document.path.split("/")[:-1]
    if any(folder.lower() in ARCHIVE_FOLDERS for folder in folders):
        return True
    if _ARCHIVE_NAME.search(posixpath.basename(document.path).removesuffix(".md")):
        return True
    status = document.meta("Status")
    if status is not None and _ARCHIVE_STATUS.match(status.value):
        return True
    return _STUB_TITLE.search(document.title) is not None
