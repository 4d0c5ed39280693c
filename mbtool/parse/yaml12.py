"""YAML read as Docker Compose reads it: YAML 1.2 scalars, Compose's `!reset`/`!override` tags.

Compose parses YAML 1.2 scalars (`22:22` is a port string, `no` is a string), so the loader
drops PyYAML's YAML 1.1 resolvers for booleans, numbers and timestamps. `!reset` and
`!override` survive loading as `Tag` values because only the merge knows what they mean.
Loading is safe (a `SafeLoader` subclass: no Python objects). This lives in `parse`, the one
package that imports YAML; `mbtool.compose` uses it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any, cast

import yaml


class Tag:
    """A value tagged `!reset` (drop what earlier files set) or `!override` (replace, do not merge)."""

    def __init__(self, kind: str, value: Any) -> None:
        self.kind, self.value = kind, value


class YamlProblem(ValueError):
    """The text is not YAML this loader accepts; `line` (1-based) when the parser knows it."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _Loader(yaml.SafeLoader):
    """Safe loading with YAML 1.2 scalars, as Compose reads them: `22:22` is a port, not 1342."""


_YAML11 = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML11]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"),
    list("-+0123456789."),
)


def _construct_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Tag:
    plain = copy.copy(node)  # constructing `node` itself again would look like a recursive node
    resolve = cast(Callable[..., str], loader.resolve)  # PyYAML's stubs leave it untyped
    plain.tag = resolve(type(node), node.value, (True, False))  # the value as if untagged
    return Tag(node.tag.lstrip("!"), loader.construct_object(plain, deep=True))


_Loader.add_constructor("!reset", _construct_tag)
_Loader.add_constructor("!override", _construct_tag)


def load(text: str) -> Any:
    """The document's value; `YamlProblem` (`line N: problem`) when it does not load."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlProblem(_marked(exc), mark.line + 1 if mark is not None else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML ({exc})") from None
    except RecursionError:
        raise YamlProblem("YAML nests too deeply") from None


def _marked(exc: yaml.MarkedYAMLError) -> str:
    """`invalid YAML: problem (context from line M)` on one line, as PyYAML marks it."""
    mark = exc.problem_mark or exc.context_mark
    context = ""
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        context = f" ({exc.context} from line {exc.context_mark.line + 1})"
    return f"invalid YAML: {exc.problem or exc.context}{context}"
