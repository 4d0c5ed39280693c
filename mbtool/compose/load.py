"""Reading one Compose file safely: bounded in size and alias expansion, YAML read as Compose reads it.

Compose parses YAML 1.2 scalars (`22:22` is a port string, `no` is a string), so the loader
drops PyYAML's YAML 1.1 resolvers for booleans, numbers and timestamps. `!reset` and
`!override` survive loading as `Tag` values because only the merge knows what they mean;
`untag` strips them for every reader that is not merging. Every problem becomes a one-line
`UsageError` naming the file (and line, when the YAML parser knows it).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml

from mbtool.errors import UsageError

Model = dict[str, Any]
MAX_COMPOSE_BYTES = 1024 * 1024
MAX_VALUES = 1_000_000  # values after alias expansion: stops alias bombs before any traversal


class Tag:
    """A value tagged `!reset` (drop what earlier files set) or `!override` (replace, do not merge)."""

    def __init__(self, kind: str, value: Any) -> None:
        self.kind, self.value = kind, value


def untag(value: Any) -> Any:
    """A copy without `!reset`/`!override` markers (they only mean something in a merge)."""
    if isinstance(value, Tag):
        return untag(value.value) if value.kind == "override" else None
    if isinstance(value, dict):
        return {key: untag(item) for key, item in value.items() if not _is_reset(item)}
    if isinstance(value, list):
        return [untag(item) for item in value if not _is_reset(item)]
    return value


def _is_reset(value: Any) -> bool:
    return isinstance(value, Tag) and value.kind == "reset"


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


def read_compose_file(path: Path) -> Model:
    """One file as a mapping (`{}` when empty), or a `UsageError` saying what to fix."""
    try:
        if path.stat().st_size > MAX_COMPOSE_BYTES:
            raise UsageError(f"{path} is larger than 1 MiB: pass a Compose file, not a data file")
        text = path.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no Python objects
    except FileNotFoundError:
        raise UsageError(f"{path}: no such compose file, check the --compose path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    except yaml.MarkedYAMLError as exc:
        raise UsageError(f"{_yaml_problem(path, exc)}; fix the file and retry") from None
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: invalid YAML ({exc}); fix the file and retry") from None
    except RecursionError:
        raise UsageError(f"{path}: YAML nests too deeply to be a compose file") from None
    if data is None:  # an empty override changes nothing
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: a compose file must be a mapping with `services:`, not a {type(data).__name__}"
        )
    _check_expansion(data, path)
    return data


def _yaml_problem(path: Path, exc: yaml.MarkedYAMLError) -> str:
    """`file:line: invalid YAML: problem (context from line N)` on one line, as PyYAML marks it."""
    mark = exc.problem_mark or exc.context_mark
    where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
    context = ""
    if exc.context and exc.context_mark is not None and exc.context_mark is not mark:
        context = f" ({exc.context} from line {exc.context_mark.line + 1})"
    return f"{where}: invalid YAML: {exc.problem or exc.context}{context}"


def _check_expansion(data: Any, path: Path) -> None:
    """Bound every later traversal: aliases can make a small file expand to billions of values."""
    stack, seen = [data], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            raise UsageError(
                f"{path}: YAML aliases expand to over {MAX_VALUES:,} values: remove the alias chain"
            )
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, Tag):
            stack.append(item.value)
