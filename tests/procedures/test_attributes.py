"""Fence info strings: Runme-style attributes, and the forms renderers mangle (MB403)."""

from __future__ import annotations

import pytest

from mbtool.procedures.attributes import parse_info


def test_braces_after_the_language_are_attributes() -> None:
    info = parse_info("bash {name=bootstrap-codex cwd=. timeout=600 skip env=\"A=1 B='two words'\"}")
    assert info.language == "bash"
    assert info.problems == ()
    attributes = info.attributes
    assert (attributes.name, attributes.cwd, attributes.timeout, attributes.skip) == (
        "bootstrap-codex",
        ".",
        600.0,
        True,
    )
    assert attributes.env == (("A", "1"), ("B", "two words"))


def test_json_attributes_as_runme_writes_them() -> None:
    info = parse_info('sh {"name":"x","excludeFromRunAll":true,"interactive":"false"}')
    assert (info.language, info.attributes.name, info.attributes.skip) == ("sh", "x", True)
    assert ("interactive", "false") in info.attributes.other
    assert info.problems == ()


@pytest.mark.parametrize(
    "text",
    [
        "bash",
        "",
        "console",
        "bash {}",
        "{.bash name=x}",
        'bash title="scripts/x.sh"',
        'bash linenums="1" hl_lines="2 3"',
        "sh {skip}",
        "python",
    ],
)
def test_forms_renderers_accept(text: str) -> None:
    assert parse_info(text).problems == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("bash notest", "the bare word `notest` outside braces"),
        ("python notest", "write `python {notest}`"),
        ('bash name="x"', 'the attribute `name="x"` outside braces'),
        ("bash title=a.sh", "the attribute `title=a.sh`"),
        ("bash {name=x", "unbalanced braces"),
        ("bash name=x}", "outside braces"),
        ("bash {name=x}}", "unbalanced braces"),
        ("bash {name=x} extra", "text `extra` after the closing brace"),
        ("bash{name=x}", "no space between the language `bash` and `{`"),
        ("bash#setup", "loses syntax highlighting"),
        ("bash {timeout=soon}", "`timeout` that is not a positive number of seconds: `soon`"),
        ("bash {skip=maybe}", "neither true nor false"),
        ('bash {"name": }', "not valid JSON"),
        ("bash {env=NOEQUALS}", "not `NAME=value`"),
    ],
)
def test_forms_renderers_mangle(text: str, fragment: str) -> None:
    problems = parse_info(text).problems
    assert problems, text
    assert fragment in " ".join(problems)
