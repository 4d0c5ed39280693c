"""The project's agent instruction files, and the file paths they mention.

Agents learn where the bank is from instruction files at the project root: `AGENTS.md`
(Codex CLI and others), `CLAUDE.md` (Claude Code, with its `@path` imports), `.clinerules`
(a file or a folder), `.cursor/rules/*.mdc`, `.roo/` and `.github/copilot-instructions.md`.
A path they name that does not exist sends every session to a file that is not there.

Reading is bounded and stays home: regular files only, at most `MAX_FILES` files of at most
`MAX_BYTES` each, `@path` imports followed `IMPORT_DEPTH` hops deep (Claude Code's own
limit), and nothing outside the project root is opened — a symbolic link or an import that
leaves it is skipped, never read.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mbtool.reading.discover import inside
from mbtool.reading.files import read_file

FILES = (
    "AGENTS.md",
    "CLAUDE.md",
    "CLAUDE.local.md",
    ".claude/CLAUDE.md",
    ".clinerules",
    ".roorules",
    ".github/copilot-instructions.md",
)
FOLDERS = {".clinerules": (".md", ".txt"), ".cursor/rules": (".mdc", ".md"), ".roo": (".md", ".txt")}
IMPORTERS = frozenset({"CLAUDE.md", "CLAUDE.local.md"})  # files whose `@path` lines are imports
MAX_FILES = 200
MAX_BYTES = 1024 * 1024
IMPORT_DEPTH = 5

# A relative path ending in `.md`, optionally with an anchor; not part of a URL or a longer name.
_MENTION = re.compile(
    r"(?<![\w./\]}*$%-])((?:\.{1,2}/)*(?:\.?[\w+-][\w.+-]*/)*[\w+-][\w.+-]*\.md)(#[\w.-]*)?(?!\.?[\w/-])"
)
_IMPORT = re.compile(r"(?<![\w`])@((?:\.{1,2}/)?[\w.+-][\w./+-]*)")
_PLACEHOLDER = re.compile(r"X{3,}|YYYY|MM-DD|\.\.\.")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


@dataclass(frozen=True)
class InstructionFile:
    path: str  # project-relative POSIX
    text: str
    imported_by: str | None = None


@dataclass(frozen=True)
class Mention:
    """A path written in an instruction file; `target` is project-relative, normalised."""

    file: str
    written: str
    target: str
    anchor: str | None
    line: int
    column: int


def instruction_files(project: Path, inputs: set[Path] | None = None) -> list[InstructionFile]:
    """The instruction files at the project root, then what `CLAUDE.md` imports, each once.
    `inputs` collects every file and folder looked at (`Bank.inputs`, for the result cache)."""
    seen = inputs if inputs is not None else set()
    found: dict[str, InstructionFile] = {}
    for relative in _candidates(project, seen):
        if len(found) >= MAX_FILES:
            break
        text = _read(project, relative, seen)
        if text is not None and relative not in found:
            found[relative] = InstructionFile(relative, text)
            if posixpath.basename(relative) in IMPORTERS:
                _follow_imports(project, found[relative], found, depth=1, seen=seen)
    return list(found.values())


def mentions(file: InstructionFile) -> Iterator[Mention]:
    """The `.md` paths a file names (links, code spans, `@imports`, plain text), with 1-based
    positions. `./` and `../` paths are read from the file's folder, others from the project
    root (where agents run); globs and placeholders (`XXX`, `YYYY-MM-DD`) are not paths."""
    folder = posixpath.dirname(file.path)
    for number, line in _outside_program_code(file.text):
        for match in _MENTION.finditer(line):
            written = match.group(1)
            if _PLACEHOLDER.search(written):
                continue
            base = folder if written.startswith(("./", "../")) else ""
            target = posixpath.normpath(posixpath.join(base, written))
            if target.startswith("../") or target == "..":
                continue  # leaves the project: never looked at
            anchor = match.group(2)[1:] if match.group(2) else None
            yield Mention(file.path, written, target, anchor, number, match.start() + 1)


_FENCE = re.compile(r"^ {0,3}(?P<mark>`{3,}|~{3,})\s*(?P<info>[^\s`{]*)")
# Fences that show text an agent reads, not a program: paths in them are pointers.
_TEXT_FENCES = frozenset({"", "text", "txt", "plain", "plaintext", "markdown", "md"})


def _outside_program_code(text: str) -> Iterator[tuple[int, str]]:
    """Numbered lines, without those of fenced programs (```bash, ```js …): a script that
    creates `memory-bank/x.md` or a checker's list of expected files is a template, not a
    pointer to this bank (rule frameworks copied into `.cursor/rules/` are full of them)."""
    closing: str | None = None
    skipping = False
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            stripped = line.strip()
            if stripped.startswith(closing) and not stripped.strip(closing[0]):
                closing = None
            elif not skipping:
                yield number, line
            continue
        fence = _FENCE.match(line)
        if fence is not None:
            closing = fence["mark"]
            skipping = fence["info"].lower() not in _TEXT_FENCES
            continue
        yield number, line


def _candidates(project: Path, seen: set[Path]) -> Iterator[str]:
    yield from FILES
    for folder, suffixes in FOLDERS.items():
        root = project / folder
        seen.add(root)
        if not root.is_dir() or root.is_symlink():
            continue
        for current, dirs, files in os.walk(root, followlinks=False):
            seen.add(Path(current))
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(suffixes):
                    yield (Path(current) / name).relative_to(project).as_posix()


def _read(project: Path, relative: str, seen: set[Path]) -> str | None:
    """A regular file's text inside the project (symbolic links resolved and checked), else None."""
    path = project / relative
    seen.add(path)
    try:
        if not path.is_file() or not inside(path.resolve(strict=True), project.resolve()):
            return None
    except (OSError, RuntimeError):
        return None
    data = read_file(path)
    if isinstance(data, str) or len(data) > MAX_BYTES:
        return None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def _follow_imports(
    project: Path, file: InstructionFile, found: dict[str, InstructionFile], depth: int, seen: set[Path]
) -> None:
    """Read what `file` imports with `@path` (outside code), recursively up to `IMPORT_DEPTH` hops."""
    if depth > IMPORT_DEPTH:
        return
    folder = posixpath.dirname(file.path)
    for written in imports(file.text):
        target = posixpath.normpath(posixpath.join(folder, written))
        if target.startswith("../") or target in found or len(found) >= MAX_FILES:
            continue
        text = _read(project, target, seen)
        if text is not None:
            found[target] = InstructionFile(target, text, imported_by=file.path)
            _follow_imports(project, found[target], found, depth + 1, seen)


def imports(text: str) -> list[str]:
    """The relative `@path` imports of a text, outside fenced code and code spans (Claude
    Code does not evaluate those); absolute and home paths (`@/x`, `@~/x`) are never followed."""
    found: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        found.extend(match.group(1).rstrip(".") for match in _IMPORT.finditer(_CODE_SPAN.sub("", line)))
    return found
