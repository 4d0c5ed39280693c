"""Three renderings of one `Impact` value (`mbtool impact`).

An indented tree (each node under its parent on its why-path, the edge annotation in
parentheses), the DESIGN §6 JSON, and a Markdown table fit for a pull-request comment or a
CI job summary.
"""

from __future__ import annotations

import json
from collections import defaultdict

from mbtool.graph.impact import Impact, Impacted

# -- text -----------------------------------------------------------------------------------------


def render_text(result: Impact) -> str:
    children: dict[str, list[Impacted]] = defaultdict(list)
    for item in result.impacted:
        children[item.path[-2]].append(item)
    lines = [] if result.since is None else [_changed_line(result)]
    roots = set(result.roots)
    for root in result.roots:
        lines.append(root)
        lines.extend(_tree(root, children, roots, prefix=""))
    if result.mentioned_by:
        lines.append(f"also mentions it: {', '.join(result.mentioned_by)} (follow with --references)")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _changed_line(result: Impact) -> str:
    changed = ", ".join(result.roots) or "no document of the bank"
    line = f"changed since {result.since}: {changed}"
    for document, code in (result.code_changed or {}).items():
        line += f"\n  {document}: described code changed ({', '.join(code)})"
    return line


def _tree(parent: str, children: dict[str, list[Impacted]], roots: set[str], prefix: str) -> list[str]:
    """The nodes whose why-path passes through `parent`; a changed document's own subtree is
    drawn once, under its own heading, not again where another change reaches it."""
    lines = []
    below = children.get(parent, [])
    for index, item in enumerate(below):
        last = index == len(below) - 1
        lines.append(f"{prefix}{'└── ' if last else '├── '}{_label(item)}")
        if item.id not in roots:
            lines.extend(_tree(item.id, children, roots, prefix + ("    " if last else "│   ")))
    return lines


def _label(item: Impacted) -> str:
    label = f"{item.id}  [{item.kind}, distance {item.distance}]"
    if item.annotation:
        label += f" ({item.annotation})"
    if item.changed_by is not None and item.changed_by != item.path[:1]:
        label += f"  via {', '.join(item.changed_by)}"
    return label


def _summary(result: Impact) -> str:
    kinds: dict[str, int] = defaultdict(int)
    for item in result.impacted:
        kinds[item.kind] += 1
    counted = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    count = len(result.impacted)
    what = "upstream" if result.upstream else "impacted"
    return f"{count} node{'' if count == 1 else 's'} {what}" + (f" ({counted})" if counted else "")


# -- markdown ---------------------------------------------------------------------------------------


def render_markdown(result: Impact) -> str:
    lines = [f"### {_title(result)}", ""]
    mentions = (
        []
        if not result.mentioned_by
        else ["", "Also mentions it: " + ", ".join(_code(p) for p in result.mentioned_by)]
    )
    if not result.impacted:
        return "\n".join([*lines, "Nothing is impacted.", *mentions]) + "\n"
    since = result.since is not None
    header = ["Node", "Kind", "Distance", "Why", *(["Changed by"] if since else [])]
    lines += ["| " + " | ".join(header) + " |", "|" + "---|---|---:|---|" + ("---|" if since else "")]
    for item in result.impacted:
        cells = [_code(item.id), item.kind, str(item.distance), " → ".join(_code(p) for p in item.path)]
        if since:
            cells.append(", ".join(_code(p) for p in item.changed_by or []))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join([*lines, *mentions]) + "\n"


def _title(result: Impact) -> str:
    what = "Upstream of" if result.upstream else "Impact of"
    if result.target is not None:
        return f"{what} {_code(result.target)}"
    changed = ", ".join(_code(path) for path in result.roots) or "no document"
    code = result.code_changed or {}
    through = f" (described code changed: {', '.join(_code(path) for path in code)})" if code else ""
    return f"{what} changes since {_code(result.since or '')}: {changed}{through}"


def _code(text: str) -> str:
    """A table-safe code span (pipes escaped, backticks fenced by a longer run)."""
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render_json(result: Impact) -> str:
    return json.dumps(result.model_dump(), indent=2, ensure_ascii=False)


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
