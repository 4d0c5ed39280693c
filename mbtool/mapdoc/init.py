"""`mbtool init`: a new bank with the six core files wired in Cline's hierarchy, and its map.

projectbrief → productContext, systemPatterns, techContext → activeContext → progress.
Each file declares both directions (Depends On and Required By), derived from one table so
the two sides always agree, and carries a dated footer. Existing files are never
overwritten unless `force` is set.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mbtool.config import find_config_file, load_config
from mbtool.errors import UsageError
from mbtool.mapdoc import WriteOutcome, write_map
from mbtool.mapdoc.document import map_file, skeleton_text
from mbtool.reading.discover import locate, project_root
from mbtool.writer import write_atomic

REVIEW_AFTER = dt.timedelta(days=90)


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    depends_on: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]
    why: str
    impact: str


CORE = (
    Template(
        "projectbrief.md",
        "Project Brief",
        (),
        (
            (
                "Purpose",
                "State in a few sentences what this project is and why it exists. Every other "
                "document in the bank builds on this one, so keep it short and stable.",
            ),
            (
                "Core Requirements",
                "- List the requirements the project must meet.\n"
                "- Keep each one testable, so progress can be measured against it.",
            ),
            ("Scope", "Say what is in scope and, just as important, what is out of scope."),
        ),
        "every other document refines the goals stated here",
        "a change of scope here ripples to every document in the bank",
    ),
    Template(
        "productContext.md",
        "Product Context",
        ("projectbrief.md",),
        (
            ("Why This Project Exists", "Describe the problem the project solves and for whom."),
            ("How It Should Work", "Describe the experience users should have, step by step."),
            ("User Experience Goals", "- Name the qualities users should notice (speed, clarity, safety)."),
        ),
        "the product view refines the goals of the project brief",
        "a change here shifts the priorities recorded in the active context",
    ),
    Template(
        "systemPatterns.md",
        "System Patterns",
        ("projectbrief.md",),
        (
            ("Architecture", "Describe the main components and how data flows between them."),
            ("Key Decisions", "- Record each architectural decision with the reason it was made."),
            ("Design Patterns", "Name the patterns the code follows, so new work fits in."),
        ),
        "the architecture follows from the requirements in the project brief",
        "a change here can invalidate the current work plan in the active context",
    ),
    Template(
        "techContext.md",
        "Technical Context",
        ("projectbrief.md",),
        (
            ("Technologies", "- List the languages, frameworks and services the project uses."),
            ("Development Setup", "Explain how to set up a working environment from a fresh checkout."),
            ("Constraints", "Record technical limits: versions, platforms, budgets, compliance."),
        ),
        "the technology choices serve the requirements in the project brief",
        "a change here can invalidate the current work plan in the active context",
    ),
    Template(
        "activeContext.md",
        "Active Context",
        ("productContext.md", "systemPatterns.md", "techContext.md"),
        (
            ("Current Focus", "Describe what is being worked on right now and why."),
            ("Recent Changes", "- Note the latest changes that the next session must know about."),
            ("Next Steps", "- List the next concrete steps, in order."),
        ),
        "current work applies the product, architecture and technology context",
        "a change of focus here changes what progress reports next",
    ),
    Template(
        "progress.md",
        "Progress",
        ("activeContext.md",),
        (
            ("What Works", "- List what is done and working."),
            ("What Is Left", "- List what remains to be built."),
            ("Known Issues", "Record known problems and their workarounds."),
        ),
        "progress records the outcome of the current work",
        "nothing builds on this document; update it whenever the active context changes",
    ),
)


@dataclass
class InitResult:
    bank: Path
    written: list[str] = field(default_factory=list)  # bank-relative
    skipped: list[str] = field(default_factory=list)
    map_outcome: WriteOutcome = "unchanged"
    map_path: str = ""  # project-relative, like every path shown
    bank_folder: str = ""  # project-relative

    def shown(self, name: str) -> str:
        return name if self.bank_folder in ("", ".") else f"{self.bank_folder}/{name}"


def init_bank(
    bank: str | Path | None, *, today: dt.date, force: bool = False, cwd: Path | None = None
) -> InitResult:
    """Create the six core files (and the map) in `bank`; keep existing files unless `force`."""
    folder = _bank_folder(bank, (cwd or Path.cwd()).resolve())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot create the bank folder `{folder.name}` ({exc.strerror}); pass a folder you can write to"
        ) from None
    result = InitResult(bank=folder)
    project = project_root(folder)
    for template in CORE:
        _write(folder / template.name, render(template, today), template.name, force, result, project)
    location = locate(folder)
    if force:
        map_path = map_file(location.bank, location.config.map_document)
        write_atomic(map_path, skeleton_text().encode("utf-8"), root=location.project)
    result.map_outcome, status = write_map(location)
    result.map_path = status.relative
    result.bank_folder = location.bank.relative_to(location.project).as_posix()
    return result


def render(template: Template, today: dt.date) -> str:
    """One core file: title, template prose, both relation directions, a dated footer."""
    parts = [f"# {template.title}", ""]
    for heading, body in template.sections:
        parts += [f"## {heading}", "", body, ""]
    parts += [
        "## Dependencies and Relationships",
        "",
        f"- **Depends On:** {_links(template.depends_on) or 'None (foundational document)'}",
        f"- **Required By:** {_links(required_by(template.name)) or 'None (latest state of the work)'}",
        f"- **Why This Order:** {template.why}",
        f"- **Impact Analysis:** {template.impact}",
        "",
        "---",
        "",
        f"**Last Updated:** {today.isoformat()}",
        "**Status:** Draft",
        f"**Next Review:** {(today + REVIEW_AFTER).isoformat()}",
    ]
    return "\n".join(parts) + "\n"


def required_by(name: str) -> tuple[str, ...]:
    """The inverse of `depends_on`, so both sides of every edge are declared."""
    return tuple(template.name for template in CORE if name in template.depends_on)


def _links(names: tuple[str, ...]) -> str:
    return ", ".join(f"[{name}]({name})" for name in names)


def _write(path: Path, text: str, name: str, force: bool, result: InitResult, project: Path) -> None:
    if path.exists() and not force:
        result.skipped.append(name)
        return
    write_atomic(path, text.encode("utf-8"), root=project)
    result.written.append(name)


def _bank_folder(bank: str | Path | None, cwd: Path) -> Path:
    """The argument, else `[tool.mbtool] bank`, else `memory-bank/` (as `locate` does)."""
    if bank is not None:
        return (cwd / bank).resolve()
    config_path = find_config_file(cwd)
    base = config_path.parent if config_path is not None else cwd
    return (base / (load_config(config_path).bank or "memory-bank")).resolve()
