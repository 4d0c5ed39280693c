"""The package layout reads as the pipeline: no import from a later stage into an earlier one.

Every `import mbtool...` in the package (function-local ones included; those under
`if TYPE_CHECKING:` are annotations only) is checked against the stage table below, which
`memory-bank/systemPatterns.md` shows as a diagram and a table. A module may import its own
stage and earlier ones, never a later one, so there can be no cycle between packages either.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "mbtool"

# Stage by module prefix, earliest first. Core modules depend only on the standard library,
# third-party packages and each other.
STAGES: list[tuple[str, ...]] = [
    (
        "mbtool.version",
        "mbtool.errors",
        "mbtool.model",
        "mbtool.config",
        "mbtool.writer",
        "mbtool.git",
        "mbtool.profiles",
    ),
    ("mbtool.parse",),
    ("mbtool.reading",),
    ("mbtool.graph",),
    ("mbtool.drift",),
    ("mbtool.procedures",),
    ("mbtool.analysis",),
    ("mbtool.mapdoc",),
    ("mbtool.checks",),
    ("mbtool.report",),
    ("mbtool.agents",),
    ("mbtool.diagrams",),
    ("mbtool.compose",),
    ("mbtool.site",),
    ("mbtool.api",),
    ("mbtool.cli", "mbtool.__main__"),
    ("mbtool",),  # the package itself: a lazy facade over `mbtool.api`
]


def stage_of(module: str) -> int:
    best = (-1, -1)
    for index, prefixes in enumerate(STAGES):
        for prefix in prefixes:
            if module == prefix or module.startswith(prefix + "."):
                best = max(best, (len(prefix), index))
    assert best[1] >= 0, f"{module} belongs to no stage in tests/test_layers.py"
    return best[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, module) of every `mbtool` import outside `if TYPE_CHECKING:` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for inner in node.body for child in ast.walk(inner))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mbtool"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found.extend((node.lineno, name if _is_module(name) else node.module) for name in names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names if alias.name.startswith("mbtool"))
    return found


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_no_module_imports_a_later_stage() -> None:
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = stage_of(module)
        for line, imported in runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if stage_of(imported) > own:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {module} imports later stage {imported}")
    assert not problems, "\n".join(problems)


def test_every_module_has_a_stage() -> None:
    for path in PACKAGE.rglob("*.py"):
        stage_of(module_name(path))


def test_function_local_imports_say_why() -> None:
    """A function-local import is for start-up time only, and says so: a `# start-up:` comment
    above it, or (for the facade and the command modules, where every call does it) a module
    docstring that says its imports inside functions keep start-up fast."""
    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if any(_says_start_up(module) for module in (path, path.parent / "__init__.py")):
            continue
        lines = source.splitlines()
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            local = line.startswith((" ", "\t")) and stripped.startswith(("from mbtool", "import mbtool"))
            if local and not _explained(lines, number):
                problems.append(f"{path.relative_to(ROOT)}:{number}: {stripped}")
    assert not problems, "function-local imports without a reason:\n" + "\n".join(problems)


def _says_start_up(path: Path) -> bool:
    """The module (or its package) docstring says its imports inside functions keep start-up fast."""
    if not path.is_file():
        return False
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return "keep start-up fast" in " ".join(docstring.split())


def _explained(lines: list[str], number: int) -> bool:
    """A `# start-up:` comment, or a TYPE_CHECKING block, above the import within its block."""
    for index in range(number - 2, max(number - 12, -1), -1):
        text = lines[index].strip()
        if "start-up" in text or "TYPE_CHECKING" in text:
            return True
        if text.startswith(("def ", "class ")):
            return False
    return False
