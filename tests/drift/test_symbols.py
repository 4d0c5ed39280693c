"""Python symbols compared as `ast` dumps: formatting and comments never count; the signature
(decorators, arguments, returns, bases) is told apart from the body."""

from __future__ import annotations

import pytest

from mbtool.drift import SymbolChange
from mbtool.drift.symbols import difference, parse, snapshot

BASE = '''
import functools


class Store(Base):
    """Keeps things."""

    @functools.cache
    def get(self, key: str, default: int = 0) -> int:
        return self.data.get(key, default)


def helper(x):
    return x + 1


LIMIT: int = 10
'''


def change(before: str, after: str, symbol: str) -> SymbolChange:
    old, new = parse(before.encode()), parse(after.encode())
    return difference(snapshot(old, True, symbol), snapshot(new, True, symbol))


@pytest.mark.parametrize(
    ("after", "symbol", "expected"),
    [
        (
            BASE.replace("    return x + 1", "    # a comment\n    return (x +\n        1)"),
            "helper",
            "unchanged",
        ),
        (BASE.replace("return x + 1", "return x + 2"), "helper", "body"),
        (BASE.replace("def helper(x):", "def helper(x, y=1):"), "helper", "signature"),
        (BASE.replace("    @functools.cache\n", ""), "Store.get", "signature"),
        (
            BASE.replace("-> int:\n        return self", "-> str:\n        return self"),
            "Store.get",
            "signature",
        ),
        (BASE.replace("default)", "default or 1)"), "Store.get", "body"),
        (BASE.replace("class Store(Base):", "class Store(Base, Mixin):"), "Store", "signature"),
        (BASE.replace("default)", "default or 1)"), "Store", "body"),
        (BASE.replace("def helper(x):\n    return x + 1\n", ""), "helper", "removed"),
        (BASE.replace("LIMIT: int = 10", "LIMIT: int = 20"), "LIMIT", "body"),
        (BASE.replace("LIMIT: int = 10", "LIMIT: float = 10"), "LIMIT", "signature"),
        (BASE + "\n\ndef added():\n    pass\n", "added", "added"),
    ],
)
def test_the_kind_of_change(after: str, symbol: str, expected: str) -> None:
    assert change(BASE, after, symbol) is SymbolChange(expected)


def test_a_bare_name_finds_the_one_method_of_that_name() -> None:
    """pytest writes `tests/x.py::test_y` for a method of a test class."""
    tree = parse(b"class TestX:\n    def test_y(self):\n        pass\n")
    assert snapshot(tree, True, "test_y").line == 2
    twice = parse(b"class A:\n    def f(self): pass\n\n\nclass B:\n    def f(self): pass\n")
    assert snapshot(twice, True, "f").signature is None  # ambiguous: names nothing


def test_a_version_that_does_not_parse_is_unknown_not_a_crash() -> None:
    broken = parse(b"def f(:\n")
    assert broken is None
    assert difference(snapshot(broken, True, "f"), snapshot(parse(b"def f(): pass\n"), True, "f")) is (
        SymbolChange.UNKNOWN
    )
