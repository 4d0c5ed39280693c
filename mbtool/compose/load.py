"""Reading one Compose file safely: bounded in size and alias expansion, YAML read as Compose reads it.

The YAML itself is loaded by `mbtool.parse.yaml12` (YAML 1.2 scalars, `!reset`/`!override`
kept as `Tag` values); `untag` strips the tags for every reader that is not merging. Every
problem becomes a one-line `UsageError` naming the file (and line, when the parser knows it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mbtool.errors import UsageError
from mbtool.parse.yaml12 import Tag, YamlProblem
from mbtool.parse.yaml12 import load as load_yaml

Model = dict[str, Any]
MAX_COMPOSE_BYTES = 1024 * 1024
MAX_VALUES = 1_000_000  # values after alias expansion: stops alias bombs before any traversal

__all__ = ["MAX_COMPOSE_BYTES", "MAX_VALUES", "Model", "Tag", "read_compose_file", "untag"]


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


def read_compose_file(path: Path) -> Model:
    """One file as a mapping (`{}` when empty), or a `UsageError` saying what to fix."""
    try:
        if path.stat().st_size > MAX_COMPOSE_BYTES:
            raise UsageError(f"{path} is larger than 1 MiB: pass a Compose file, not a data file")
        text = path.read_text(encoding="utf-8")
        data = load_yaml(text)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such compose file, check the --compose path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as UTF-8 text ({exc})") from None
    except YamlProblem as exc:
        where = f"{path}:{exc.line}" if exc.line is not None else str(path)
        raise UsageError(f"{where}: {exc}; fix the file and retry") from None
    if data is None:  # an empty override changes nothing
        return {}
    if not isinstance(data, dict):
        raise UsageError(
            f"{path}: a compose file must be a mapping with `services:`, not a {type(data).__name__}"
        )
    _check_expansion(data, path)
    return data


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
