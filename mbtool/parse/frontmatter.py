"""YAML front matter: split from the body and loaded safely under size and alias limits.

The body keeps its original line numbers: callers blank the front matter lines instead of
cutting them, so every position stays exact.
"""

from __future__ import annotations

from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from mbtool.model import Position, ReadProblem

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_ALIASES = 100
# PyYAML's scanner is quadratic in flow nesting (`[[[[…`): 30,000 levels took minutes.
MAX_FLOW_DEPTH = 100
# python-frontmatter's own closing-boundary pattern, so we agree with it on where YAML ends.
_FENCE = YAMLHandler.FM_BOUNDARY


class _Loader(yaml.SafeLoader):
    """A safe loader that keeps dates as strings: metadata parsing decides what a date is."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split(lines: list[str]) -> int:
    """Number of lines the front matter block occupies (0 when there is none).

    The opening `---` may carry trailing spaces or tabs, as MkDocs accepts it (its pattern is
    `^-{3}[ \t]*\n`): a document the site reads front matter from is read the same way here."""
    if not lines or lines[0].rstrip("\r\n").rstrip(" \t") != "---":
        return 0
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            return index + 1
    return 0


def load(lines: list[str], size: int) -> tuple[dict[str, Any], list[ReadProblem]]:
    """Load front matter lines `1 .. size-2` (the delimiters excluded) as a mapping."""
    source = "".join(lines[1 : size - 1])
    if len(source.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        return {}, [_finding(1, f"front matter exceeds {MAX_FRONT_MATTER_BYTES // 1024} KiB")]
    deep = _too_deep(source)
    if deep is not None:
        return {}, [_finding(deep, f"front matter nests `[`/`{{` deeper than {MAX_FLOW_DEPTH} levels")]
    try:
        aliases = sum(isinstance(token, yaml.AliasToken) for token in yaml.scan(source, _Loader))
        if aliases > MAX_ALIASES:
            return {}, [_finding(1, f"front matter uses {aliases} aliases (limit {MAX_ALIASES})")]
        data = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return {}, [_finding(line, f"front matter does not parse: {problem}")]
    except RecursionError:
        return {}, [_finding(1, "front matter nests too deeply")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [_finding(2, "front matter is not a mapping of keys to values")]
    return data, []


def _too_deep(source: str) -> int | None:
    """The file line where `[`/`{` nesting passes the limit (counted naively, quotes too), or None."""
    if source.count("[") + source.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth, line = 0, 2  # the YAML starts on the file's second line
    for char in source:
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return line
        elif char in "]}" and depth:
            depth -= 1
        elif char == "\n":
            line += 1
    return None


def _finding(line: int, message: str) -> ReadProblem:
    return ReadProblem(code="MB001", message=message, position=Position(line=line, column=1))
