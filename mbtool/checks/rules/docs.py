"""Rule documentation from the rule docstrings: `mbtool rule`, `docs/rules.md`, SARIF metadata.

A docstring has five sections, in this order, each opened by its title on a line of its
own (a trailing colon or leading `##` is allowed): What it does, Why is this bad?,
Example, Use instead, Fix; and optionally a sixth, When is it noise? (the banks on which
the rule misleads, and the configuration that quiets it).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable

from mbtool.checks.rules.base import Rule

SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "Fix")
NOISE = "When is it noise?"
_ALL = (*SECTIONS, NOISE)
_TITLE = re.compile(r"^(?:#+\s*)?(" + "|".join(re.escape(s) for s in _ALL) + r")\s*:?\s*$")

PREAMBLE = """\
# Rules

Every finding of `mbtool check` has a stable code, a kebab-case name and a default
severity. This page is generated from the rule docstrings (`mbtool rule --markdown`);
`mbtool rule CODE` prints one rule in the terminal.

- **Select and ignore** by code or prefix: `mbtool check --select MB2 --ignore MB210`, or
  `select` / `ignore` under `[tool.mbtool]`. The longest matching prefix wins.
- **Severity** per code or prefix: `severity = { MB210 = "off", MB2 = "error" }`;
  `fail-on` (default `error`) sets the level that makes the exit code 1.
- **Suppress** in a document: `<!-- mbtool: disable=MB301 -->` for the whole file,
  `<!-- mbtool: disable-next-line=MB201 -->` for the next line; codes match by prefix,
  and a suppression that silences nothing is MB901.
- **Fix**: `mbtool check --fix` applies the fixes marked below, atomically, keeping line
  endings; running it twice changes nothing the second time.
- **Output**: `--format text` (default), `json`, `github` (workflow-command annotations
  with file paths relative to the current directory, which is the repository root in a
  GitHub Actions job) and `sarif` (2.1.0).
"""


def sections(rule: Rule) -> dict[str, str]:
    """Section title → text (dedented, stripped); missing sections are absent."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in inspect.cleandoc(rule.function.__doc__ or "").splitlines():
        match = _TITLE.match(line.strip())
        if match is not None:
            current = found.setdefault(match.group(1), [])
        elif current is not None:
            current.append(line)
    return {title: "\n".join(lines).strip() for title, lines in found.items()}


def summary(rule: Rule) -> str:
    """The first sentence of "What it does"."""
    text = " ".join(sections(rule).get("What it does", "").split())
    match = re.match(r"(.+?)\.(\s|$)", text)
    return match.group(1) if match else text.rstrip(".")


def rule_markdown(rule: Rule, level: int = 2) -> str:
    parts = sections(rule)
    hashes = "#" * level
    lines = [
        f"{hashes} {rule.code} {rule.name}",
        "",
        f"Default severity: **{rule.default}**." + (" Fixable with `--fix`." if rule.fixable else ""),
        "",
    ]
    for title in _ALL:
        if title in SECTIONS or parts.get(title):
            lines += [f"**{title}**", "", parts.get(title, ""), ""]
    return "\n".join(lines).rstrip() + "\n"


def reference_markdown(rules: Iterable[Rule]) -> str:
    ordered = sorted(rules, key=lambda rule: rule.code)
    table = ["| code | name | default | fix | what |", "|---|---|---|---|---|"]
    for rule in ordered:
        mark = "yes" if rule.fixable else ""
        what = summary(rule).replace("|", "\\|")
        link = f"[{rule.code}](#{rule.code.lower()}-{rule.name})"
        table.append(f"| {link} | {rule.name} | {rule.default} | {mark} | {what} |")
    body = [PREAMBLE, "\n".join(table) + "\n"]
    body += [rule_markdown(rule) for rule in ordered]
    return "\n".join(body)
