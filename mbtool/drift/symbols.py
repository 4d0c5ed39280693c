"""Did a Python symbol change, and how: its signature, or only its body?

Both versions are parsed with `ast` and compared as syntax trees without positions (what
`ast.dump` shows), which leave out comments, formatting and line numbers. The signature of a
function is its decorators, arguments, return annotation and type parameters; of a class,
its decorators, bases, keywords and type parameters; of an assignment, its annotation.
Everything else is the body.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Assign | ast.AnnAssign
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)  # tuples: `isinstance` with `A | B` is slower
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class SymbolChange(StrEnum):
    UNCHANGED = "unchanged"
    BODY = "body"
    SIGNATURE = "signature"
    ADDED = "added"  # not there at the review point
    REMOVED = "removed"  # not there now
    UNKNOWN = "unknown"  # a version does not parse


@dataclass(frozen=True)
class Module:
    """A parsed version of a Python file: its syntax tree and its lines (for a quick text check)."""

    tree: ast.Module
    lines: list[bytes]


class Snapshot:
    """A symbol in one version of a module, or why there is none. Equal source text means
    unchanged; otherwise the signatures are compared, and the bodies only when those agree
    (walking a syntax tree is pure Python: it is done only when needed)."""

    def __init__(self, parsed: bool, node: _Definition | None = None, text: bytes | None = None) -> None:
        self.parsed = parsed  # False: the version exists but does not parse
        self.node = node  # None: no such symbol (or no such file)
        self.text = text  # the definition's source lines, decorators included
        self.line = node.lineno if node is not None else None

    @cached_property
    def signature(self) -> tuple[object, ...] | None:
        return signature(self.node) if self.node is not None else None

    @cached_property
    def body(self) -> tuple[object, ...] | None:
        return body(self.node) if self.node is not None else None


def snapshot(module: Module | None, source_exists: bool, symbol: str) -> Snapshot:
    """`symbol` in a parsed module (`module` None: the file is missing, or did not parse)."""
    if module is None:
        return Snapshot(parsed=not source_exists)
    node = find(module.tree, symbol)
    if node is None:
        return Snapshot(parsed=True)
    decorators = getattr(node, "decorator_list", [])
    start = min([node.lineno, *(decorator.lineno for decorator in decorators)])
    end = node.end_lineno or node.lineno
    return Snapshot(True, node, b"\n".join(module.lines[start - 1 : end]))


def difference(before: Snapshot, after: Snapshot) -> SymbolChange:
    """How a symbol changed from one snapshot to the next."""
    if not (before.parsed and after.parsed):
        return SymbolChange.UNKNOWN
    if after.signature is None:
        return SymbolChange.REMOVED if before.signature is not None else SymbolChange.UNCHANGED
    if before.signature is None:
        return SymbolChange.ADDED
    if before.text is not None and before.text == after.text:
        return SymbolChange.UNCHANGED
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
        scope = found.body if isinstance(found, _SCOPES) else []
    return found


def signature(node: _Definition) -> tuple[object, ...]:
    if isinstance(node, _FUNCTIONS):
        parts: list[ast.AST | None] = [node.args, node.returns, *node.decorator_list]
        parts += getattr(node, "type_params", [])
        return _shape(type(node).__name__, parts)
    if isinstance(node, ast.ClassDef):
        return _shape(
            "class", [*node.bases, *node.keywords, *node.decorator_list, *getattr(node, "type_params", [])]
        )
    if isinstance(node, ast.AnnAssign):
        return _shape("annotated", [node.annotation])
    return ("assignment",)


def body(node: _Definition) -> tuple[object, ...]:
    if isinstance(node, _SCOPES):
        return _shape("body", list(node.body))
    return _shape("value", [node.value])


def _name_of(statement: ast.stmt) -> str | None:
    if isinstance(statement, _SCOPES):
        return statement.name
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    return None


def _shape(label: str, nodes: Sequence[ast.AST | None]) -> tuple[object, ...]:
    """The nodes as nested tuples of node types and field values: what `ast.dump` shows (no
    positions, so no comments or layout), built without formatting a string."""
    return (label, *(_tree(node) for node in nodes))


def _tree(value: object) -> object:
    if isinstance(value, ast.AST):
        return (type(value).__name__, *[_tree(getattr(value, name, None)) for name in value._fields])
    if isinstance(value, list):
        return tuple([_tree(item) for item in value])
    return value


def parse(source: bytes | None) -> Module | None:
    if source is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning for odd escapes in someone's code
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return Module(tree, source.splitlines())
