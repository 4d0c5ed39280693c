"""The rule reference page, generated from the rule docstrings (the same text as `mbtool rule`)."""

from __future__ import annotations


def rules_markdown() -> str:
    from mbtool.checks.rules import ALL_RULES
    from mbtool.checks.rules.docs import reference_markdown

    return reference_markdown(ALL_RULES)
