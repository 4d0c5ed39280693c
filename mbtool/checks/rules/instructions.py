"""Rules about the agent instruction files that point agents at the bank (MB201, MB503).

Instruction files live outside the bank, yet DESIGN §6 makes a finding's `path`
bank-relative. A finding in one is therefore given as the path from the bank folder:
`../AGENTS.md` for a bank at `memory-bank/`. Text and GitHub output show it relative to
the current directory like every other path (`AGENTS.md` from the project root), and JSON
keeps the bank-relative form, so a reader can always join it to the bank folder.

MB201 keeps its one code for every reference to a bank document that does not exist: the
check below is chained onto the MB201 rule registered by `references.py`.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from mbtool.analysis import Analysis
from mbtool.checks.rules.base import Hint, Rule, RuleCheck, Violation
from mbtool.profiles import BUILTIN, name_key
from mbtool.reading.instructions import Mention, instruction_files, mentions

CORE_KEYS = frozenset(
    name_key(name) for profile in BUILTIN.values() for name in (*profile.core, *profile.optional)
)
BANK_NAMES = frozenset({"memorybank"})  # folder names that say "memory bank", noise removed
TEST_DATA = frozenset({"test", "tests", "__tests__", "fixtures", "__fixtures__", "testdata", "node_modules"})
_PROJECT_MARKERS = (".git", "pyproject.toml", "mbtool.toml")
_LISTED = 4
_NOISE = re.compile(r"[-_ .]")

MB201_NOTE = (
    "References in the project's agent instruction files are checked too: `AGENTS.md`,\n"
    "`CLAUDE.md` (and the files it imports with `@path`), `.clinerules`, `.cursor/rules/`,\n"
    "`.roo/` and `.github/copilot-instructions.md`. A path there that lies in the bank folder\n"
    "(`memory-bank/progres.md`), or in a folder named like a bank that does not exist, must\n"
    "name a document. Paths inside fenced programs (```bash, ```js) are templates, not\n"
    "pointers, and are skipped. Those findings are placed in the instruction file, shown\n"
    "relative to the bank (`../AGENTS.md`)."
)


def unresolved_instruction_reference(analysis: Analysis) -> Iterator[Violation]:
    """MB201 in instruction files: a named bank document that does not exist."""
    location, bank = analysis.location, analysis.bank
    if location.bank == location.project:
        return  # every instruction file is a bank document then, checked as one
    prefix = bank.prefix + "/"
    for file in instruction_files(location.project, analysis.bank.inputs):
        if file.path.startswith(prefix):
            continue
        for mention in mentions(file):
            message = _problem(analysis, mention, prefix)
            if message is not None:
                path = _from_bank(location.bank, location.project / file.path)
                yield Violation(path, mention.line, mention.column, message)


def _problem(analysis: Analysis, mention: Mention, prefix: str) -> str | None:
    location = analysis.location
    if mention.target.startswith(prefix):
        inner = mention.target[len(prefix) :]
        if inner in analysis.bank.documents or analysis.bank.probe(location.bank / inner, file=True):
            return None
    elif not (_bank_like(mention.target) and not analysis.bank.probe(location.project / mention.target)):
        return None
    message = f"`{mention.written}` is not a document in this memory bank (`{prefix}`)"
    suggestion = analysis.bank.resolver.did_you_mean(posixpath.basename(mention.target))
    if suggestion is not None:
        message += f"; did you mean `{prefix}{suggestion}`"
    return message


def _bank_like(target: str) -> bool:
    """A path inside a folder named like a memory bank (`memory-bank/`, `memory_bank/`)."""
    return any(_folder_key(part) in BANK_NAMES for part in target.split("/")[:-1])


def second_bank_folder(analysis: Analysis) -> Iterator[Violation]:
    """What it does:
    Looks through the repository's files (tracked and not ignored) for another folder that
    looks like a memory bank: one named like a bank (`memory-bank/`, `memory_bank/`,
    `.memory-bank/`) holding Markdown, or any folder holding three or more core-file names
    (`projectbrief.md`, `activeContext.md`, `progress.md`, ...). Folders inside the bank,
    test data (`tests/`, `fixtures/`) and projects without a repository marker are skipped.
    The finding is placed on the other folder's first Markdown file.

    Why is this bad?
    An agent told to "update the memory bank" may find the other folder first and write
    there, so the two copies drift apart and half the sessions read stale notes.

    Example:
    `memory-bank/` and an older `docs/history/memory-bank/` with the same core files.

    Use instead:
    Keep one bank. Merge what the other holds and delete it, or name it for what it is
    (`docs/history/2024-notes/`).

    Fix:
    Move or delete the folder by hand. If the second folder is a template or an archive
    kept on purpose, add MB503 to `ignore` in `[tool.mbtool]`.
    """
    location = analysis.location
    if location.bank == location.project or not _is_repository(location.project):
        return
    prefix = analysis.bank.prefix
    for folder, documents in sorted(_markdown_folders(analysis.bank.project_files.files).items()):
        if (
            _related(folder, prefix)
            or TEST_DATA & set(folder.split("/"))
            or not _looks_like_bank(folder, documents)
        ):
            continue
        names = ", ".join(posixpath.basename(path) for path in documents[:_LISTED])
        more = f", and {len(documents) - _LISTED} more" if len(documents) > _LISTED else ""
        yield Violation(
            _from_bank(location.bank, location.project / documents[0]),
            1,
            1,
            f"`{folder}/` also looks like a memory bank ({names}{more}); agents told to update the"
            f" memory bank may edit it instead of `{prefix}/`",
        )


def _markdown_folders(files: Iterable[str]) -> dict[str, list[str]]:
    """Folder → its Markdown files (directly in it), sorted."""
    folders: dict[str, list[str]] = {}
    for path in files:
        if path.lower().endswith(".md") and "/" in path:
            folders.setdefault(posixpath.dirname(path), []).append(path)
    return {folder: sorted(paths) for folder, paths in folders.items()}


def _looks_like_bank(folder: str, documents: list[str]) -> bool:
    if _folder_key(posixpath.basename(folder)) in BANK_NAMES:
        return True
    return len({name_key(path) for path in documents} & CORE_KEYS) >= 3


def _related(folder: str, bank: str) -> bool:
    """The bank itself, a folder inside it, or a folder it lies in."""
    return folder == bank or folder.startswith(bank + "/") or bank.startswith(folder + "/")


def _folder_key(name: str) -> str:
    return _NOISE.sub("", name.lower())


def _is_repository(project: Path) -> bool:
    """The project root was found by a marker, not guessed as the bank's parent."""
    return any((project / marker).exists() for marker in _PROJECT_MARKERS)


def _from_bank(bank: Path, path: Path) -> str:
    """`path` relative to the bank folder, POSIX (`../AGENTS.md`)."""
    return Path(os.path.relpath(path, bank)).as_posix()


def with_instruction_files(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """`rules` with MB201 extended to the instruction files (its documentation says so too)."""
    return tuple(_extended(rule) if rule.code == "MB201" and rule.check else rule for rule in rules)


def _extended(rule: Rule) -> Rule:
    original = rule.check
    assert original is not None

    def check(analysis: Analysis) -> Iterator[Violation | Hint]:
        yield from original(analysis)
        yield from unresolved_instruction_reference(analysis)

    doc = inspect.cleandoc(original.__doc__ or "")
    check.__doc__ = doc.replace("\nWhy is this bad?", f"\n{MB201_NOTE}\n\nWhy is this bad?", 1)
    extended: RuleCheck = check
    return dataclasses.replace(rule, check=extended)


RULES = (Rule("MB503", "second-bank-folder", "warning", second_bank_folder),)
