"""Fence info strings: the language, Runme-style brace attributes, and the forms renderers mangle.

`bash {name=x cwd=. timeout=600}` and `bash {"name": "x"}` are attributes. A bare word or a
`key=value` outside braces (`bash notest`) makes MkDocs' superfences render the fence as
text and swallow the rest of the page; those come back as problems (rule MB403).
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass

from mbtool.procedures.model import Attributes

# Options superfences accepts outside braces (quoted values only).
_SUPERFENCES_OPTIONS = frozenset({"title", "hl_lines", "linenums", "title_mode"})
_QUOTED_OPTION = re.compile(r"""[A-Za-z][A-Za-z0-9_]*=("[^"]*"|'[^']*')""")
_LANGUAGE = re.compile(r"[\w.+-]+")
_TRUE = frozenset({"", "true", "yes", "1", "on"})
_FALSE = frozenset({"false", "no", "0", "off"})
_SKIP_KEYS = frozenset({"skip", "ignore", "excludefromrunall"})


@dataclass(frozen=True)
class InfoString:
    language: str
    attributes: Attributes
    problems: tuple[str, ...] = ()


def parse_info(info: str) -> InfoString:
    """Split an info string into language, attributes and problems; never raises."""
    info = info.strip()
    if not info:
        return InfoString("", Attributes())
    if info.startswith("{"):
        return _braces_only(info)
    token = re.match(r"[^\s{]+", info)
    head = token.group(0) if token else ""
    rest = info[len(head) :]
    problems = list(_language_problems(head, rest))
    language = head.split("#", 1)[0].lstrip(".").lower()
    values, more = _attributes(language, rest.strip())
    attributes, invalid = _build(values)
    return InfoString(language, attributes, tuple(problems + more + invalid))


def _language_problems(head: str, rest: str) -> list[str]:
    problems = []
    if rest.startswith("{"):
        problems.append(f"has no space between the language `{head}` and `{{`")
    if "#" in head:
        problems.append(
            f"tags the language with `#` (`{head}`), which loses syntax highlighting; "
            "put tags in braces, e.g. `bash {tag=setup}`"
        )
    elif not _LANGUAGE.fullmatch(head):
        problems.append(f"has a language `{head}` that renderers do not recognise")
    return problems


def _attributes(language: str, rest: str) -> tuple[dict[str, str], list[str]]:
    if not rest:
        return {}, []
    if rest.startswith("{"):
        return _brace_values(rest)
    bare = [word for word in _words(rest) if not _superfences_option(word)]
    if not bare:
        return {}, []
    offending = bare[0]
    kind = "the bare word" if "=" not in offending else "the attribute"
    return {}, [
        f"has {kind} `{offending}` outside braces, which MkDocs renders as text; "
        f"write `{language} {{{rest}}}`"
    ]


def _superfences_option(word: str) -> bool:
    key = word.split("=", 1)[0]
    return key in _SUPERFENCES_OPTIONS and _QUOTED_OPTION.fullmatch(word) is not None


def _words(text: str) -> list[str]:
    return re.findall(r"""(?:[^\s"']+|"[^"]*"|'[^']*')+""", text) or text.split()


def _braces_only(info: str) -> InfoString:
    values, problems = _brace_values(info)
    language = next((key[1:] for key in values if key.startswith(".")), "").lower()
    attributes, invalid = _build({k: v for k, v in values.items() if k[:1] not in (".", "#")})
    return InfoString(language, attributes, tuple(problems + invalid))


def _brace_values(text: str) -> tuple[dict[str, str], list[str]]:
    """`{...}` → values. Problems for unbalanced braces or text after the closing brace."""
    close = _matching_brace(text)
    if close is None or text.count("{") != text.count("}"):
        return {}, [f"has unbalanced braces in `{text}`"]
    trailing = text[close + 1 :].strip()
    if trailing:
        return {}, [f"has text `{trailing}` after the closing brace"]
    body = text[1:close].strip()
    if body.startswith('"'):
        return _json_values(body)
    try:
        words = shlex.split(body, comments=False)
    except ValueError:
        return {}, [f"has unbalanced quotes in `{text}`"]
    values = {}
    for word in words:
        key, _, value = word.partition("=")
        values[key] = value
    return values, []


def _matching_brace(text: str) -> int | None:
    depth, quote = 0, ""
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index
    return None


def _json_values(body: str) -> tuple[dict[str, str], list[str]]:
    try:
        data = json.loads("{" + body + "}")
    except ValueError:
        return {}, ["has attributes that are not valid JSON"]
    values = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = " ".join(shlex.quote(f"{k}={v}") for k, v in value.items())
        elif isinstance(value, bool):
            value = "true" if value else "false"
        values[str(key)] = str(value)
    return values, []


def _build(values: dict[str, str]) -> tuple[Attributes, list[str]]:
    problems: list[str] = []
    fields: dict[str, object] = {}
    other = []
    for key, value in values.items():
        lowered = key.lower()
        if lowered in ("name", "cwd"):
            fields[lowered] = value
        elif lowered == "timeout":
            fields["timeout"] = _timeout(value, problems)
        elif lowered in _SKIP_KEYS:
            fields["skip"] = _flag(key, value, problems) or bool(fields.get("skip"))
        elif lowered == "env":
            fields["env"] = _env(value, problems)
        else:
            other.append((key, value))
    return Attributes.model_validate({**fields, "other": tuple(other)}), problems


def _timeout(value: str, problems: list[str]) -> float | None:
    try:
        seconds = float(value.removesuffix("s"))
    except ValueError:
        seconds = -1.0
    if seconds > 0:
        return seconds
    problems.append(f"has a `timeout` that is not a positive number of seconds: `{value}`")
    return None


def _flag(key: str, value: str, problems: list[str]) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() not in _FALSE:
        problems.append(f"has a `{key}` that is neither true nor false: `{value}`")
    return False


def _env(value: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    try:
        words = shlex.split(value)
    except ValueError:
        words = []
        problems.append(f"has unbalanced quotes in `env={value}`")
    for word in words:
        key, equals, setting = word.partition("=")
        if not equals or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            problems.append(f"has an `env` entry that is not `NAME=value`: `{word}`")
            continue
        pairs.append((key, setting))
    return tuple(pairs)
