"""Hypothesis strategies for Memory Bank documents: dependency blocks in every form DESIGN §3
reads, footers, front matter (good and broken), junk, and hostile line endings.

`documents()` draws one document's text; `banks()` draws 2-5 documents named `d0.md`...
that refer to each other. `lines_survive` is the "a fix never loses a line" oracle.
"""

from __future__ import annotations

import re

from hypothesis import strategies as st

NAMES = tuple(f"d{index}.md" for index in range(5))
DEPENDS_KEYS = ("Depends On", "Dependencies", "Upstream", "depends on")
REQUIRED_KEYS = ("Required By", "Informs", "Used By", "Downstream")
SENTINELS = ("None", "N/A", "—", "-")

_TRAILING_SENTINEL = re.compile(r"(?:None|N/A|n/a|none|\[\]|—|–|-)\s*$")

junk = st.sampled_from(
    [
        "",
        "Plain prose with a [link](d9.md#nowhere) and `scripts/x.sh`.",
        "<!-- mbtool: disable=MB301 -->",
        "<!-- mbtool: disable-next-line=MB202 -->",
        "```bash {name=step}\necho hi\n```",
        "> - **Depends On:** d1.md",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "[[[[ unclosed `` ticks ** stars __",
        "# Second title",
        "**Status:** Active | **Next Review:** after the rewrite",
        "\ufeffstray BOM in the middle",
        "text with a NUL-free \x0b vertical tab",
    ]
)


def entry(target: str, via: str, note: str) -> str:
    written = {"bare": target, "link": f"[{target}](./{target})", "code": f"`{target}`"}[via]
    return f"{written} {note}".rstrip()


@st.composite
def entries(draw: st.DrawFn, names: tuple[str, ...]) -> list[str]:
    targets = draw(st.lists(st.sampled_from(names), max_size=3))
    notes = st.sampled_from(["", "(why)", "— because", "(d1.md, d2.md)"])
    return [entry(t, draw(st.sampled_from(["bare", "link", "code"])), draw(notes)) for t in targets]


@st.composite
def relation_block(draw: st.DrawFn, names: tuple[str, ...]) -> str:
    key = draw(st.sampled_from(DEPENDS_KEYS + REQUIRED_KEYS))
    values = draw(entries(names)) or [draw(st.sampled_from(SENTINELS))]
    separator = draw(st.sampled_from([", ", "; ", " | "]))
    form = draw(st.sampled_from(["bold-inside", "bold-outside", "underscore", "plain", "nested", "heading"]))
    if form == "nested":
        return f"- **{key}:**\n" + "\n".join(f"  - {value}" for value in values)
    if form == "heading":
        return f"### {key}\n\n" + "\n".join(f"- {value}" for value in values)
    label = {
        "bold-inside": f"- **{key}:**",
        "bold-outside": f"- **{key}**:",
        "underscore": f"__{key}:__",
        "plain": f"{key}:",
    }[form]
    return f"{label} {separator.join(values)}"


@st.composite
def front_matter(draw: st.DrawFn, names: tuple[str, ...]) -> str:
    kind = draw(st.sampled_from(["none", "list", "flow", "string", "broken", "not-a-mapping"]))
    if kind == "none":
        return ""
    key = draw(st.sampled_from(["depends_on", "dependsOn", "required-by", "Depends On"]))
    targets = draw(st.lists(st.sampled_from(names), max_size=3))
    body = {
        "list": f"{key}:\n" + "".join(f"  - {t}\n" for t in targets),
        "flow": f"{key}: [{', '.join(targets)}]\n",
        "string": f"{key}: {', '.join(targets) or 'None'}\n",
        "broken": f"{key}: [unclosed\n",
        "not-a-mapping": "- just\n- a list\n",
    }[kind]
    return f"---\ntitle: Generated\n{body}---\n"


def footer() -> st.SearchStrategy[str]:
    dates = st.sampled_from(["2026-01-01", "2026-13-45", "2026-02-30 10:00 UTC", "after the release"])
    return st.builds(
        lambda updated, review: f"---\n\n**Last Updated:** {updated}\n**Next Review:** {review}",
        dates,
        dates,
    )


@st.composite
def documents(draw: st.DrawFn, name: str = "d0.md", names: tuple[str, ...] = NAMES) -> str:
    """One document's text (already given hostile line endings, BOM or no final newline)."""
    parts = [draw(front_matter(names)) + f"# {name}", ""]
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        parts += [draw(st.one_of(relation_block(names), junk)), ""]
    if draw(st.booleans()):
        parts.append(draw(footer()))
    text = "\n".join(parts) + "\n"
    ending = draw(st.sampled_from(["lf", "crlf", "mixed", "cr-lines"]))
    if ending == "crlf":
        text = text.replace("\n", "\r\n")
    elif ending == "mixed":
        text = "".join(line + ("\r\n" if index % 2 else "\n") for index, line in enumerate(text.split("\n")))
    elif ending == "cr-lines":
        text = text.replace("\n", "\r", 2)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


@st.composite
def banks(draw: st.DrawFn) -> dict[str, str]:
    """2-5 documents that refer to each other (and to a few names that do not exist)."""
    count = draw(st.integers(min_value=2, max_value=5))
    names = NAMES[:count]
    references = (*names, "missing.md", "sub/../d0.md")
    return {name: draw(documents(name, references)) for name in names}


def lines_survive(before: str, after: str) -> bool:
    """Every line of `before` is still in `after`, in order, with only text inserted into it.

    A fix only inserts (entries, keys, a section), except that an empty-list sentinel such as
    `None` is replaced by the entries; such a sentinel is dropped before comparing.
    """
    remaining = iter(after.splitlines())
    for line in before.splitlines():
        wanted = _TRAILING_SENTINEL.sub("", line).rstrip()
        if not any(_is_subsequence(wanted, candidate) for candidate in remaining):
            return False
    return True


def _is_subsequence(needle: str, haystack: str) -> bool:
    characters = iter(haystack)
    return all(char in characters for char in needle)
