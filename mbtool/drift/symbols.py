"""Did a Python symbol change, and how: its signature, or only its body?

Both versions are parsed with `ast` and compared as `ast.dump` strings, which leave out
comments, formatting and line numbers. The signature of a function is its decorators,
arguments, return annotation and type parameters; of a class, its decorators, bases,
keywords and type parameters; of an assignment, its annotation. Everything else is the body.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Assign | ast.AnnAssign


class SymbolChange(StrEnum):
    UNCHANGED = "unchanged"
    BODY = "body"
    SIGNATURE = "signature"
    ADDED = "added"  # not there at the review point
    REMOVED = "removed"  # not there now
    UNKNOWN = "unknown"  # a version does not parse


@dataclass(frozen=True)
class Snapshot:
    """A symbol in one version of a module: its signature and body dumps, or why there are none."""

    parsed: bool  # False: the version exists but does not parse
    signature: str | None = None  # None: no such symbol (or no such file)
    body: str | None = None
    line: int | None = None


def snapshot(tree: ast.Module | None, source_exists: bool, symbol: str) -> Snapshot:
    """`symbol` in a parsed module (`tree` None: the file is missing, or did not parse)."""
    if tree is None:
        return Snapshot(parsed=not source_exists)
    node = find(tree, symbol)
    if node is None:
        return Snapshot(parsed=True)
    return Snapshot(True, signature(node), body(node), node.lineno)


def difference(before: Snapshot, after: Snapshot) -> SymbolChange:
    """How a symbol changed from one snapshot to the next."""
    if not (before.parsed and after.parsed):
        return SymbolChange.UNKNOWN
    if after.signature is None:
        return SymbolChange.REMOVED if before.signature is not None else SymbolChange.UNCHANGED
    if before.signature is None:
        return SymbolChange.ADDED
    if before.signature != after.signature:
        return SymbolChange.SIGNATURE
    return SymbolChange.BODY if before.body != after.body else SymbolChange.UNCHANGED


def find(tree: ast.Module, symbol: str) -> _Definition | None:
    """The definition `Outer.inner` names: the last one at each level (as Python binds it).
    A bare name that is not at module level may name the one method of that name in the
    module's classes (pytest writes `tests/x.py::test_y` for `TestX.test_y`)."""
    found = _dotted(tree, symbol)
    if found is not None or "." in symbol:
        return found
    methods = [
        statement
        for top in tree.body
        if isinstance(top, ast.ClassDef)
        for statement in top.body
        if _name_of(statement) == symbol
    ]
    return methods[0] if len(methods) == 1 else None  # type: ignore[return-value]


def _dotted(tree: ast.Module, symbol: str) -> _Definition | None:
    scope: list[ast.stmt] = tree.body
    found: _Definition | None = None
    for part in symbol.split("."):
        found = None
        for statement in scope:
            if _name_of(statement) == part:
                found = statement  # type: ignore[assignment]
        if found is None:
            return None
        scope = found.body if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) else []
    return found


def signature(node: _Definition) -> str:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        parts: list[ast.AST | None] = [node.args, node.returns, *node.decorator_list]
        parts += getattr(node, "type_params", [])
        return _dump(type(node).__name__, parts)
    if isinstance(node, ast.ClassDef):
        return _dump(
            "class", [*node.bases, *node.keywords, *node.decorator_list, *getattr(node, "type_params", [])]
        )
    if isinstance(node, ast.AnnAssign):
        return _dump("annotated", [node.annotation])
    return "assignment"


def body(node: _Definition) -> str:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return _dump("body", list(node.body))
    return _dump("value", [node.value])


def _name_of(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return statement.name
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _dump(label: str, nodes: Sequence[ast.AST | None]) -> str:
    return label + "|" + "|".join(ast.dump(node) if node is not None else "-" for node in nodes)


def parse(source: bytes | None) -> ast.Module | None:
    if source is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes in someone's code
            return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
