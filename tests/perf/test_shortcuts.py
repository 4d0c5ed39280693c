"""Shortcuts taken for speed give exactly what the long way gives."""

from __future__ import annotations

import random

from mbtool.parse.blocks import parse_blocks, parse_markdown
from mbtool.parse.mapregion import MAP_END, MAP_START, region_by_parse, region_of

PIECES = (
    MAP_START,
    MAP_END,
    "    " + MAP_START,
    "\t" + MAP_END,
    "  " + MAP_END,
    "> " + MAP_START,
    "```",
    "   ```",
    "~~~",
    "- item",
    "  - nested",
    "1. step",
    "text",
    "",
    "    code",
    "<div>",
    "# Heading",
)


def test_the_map_region_is_found_without_a_parse_exactly_as_with_one() -> None:
    rng = random.Random(17)
    for _ in range(5000):
        lines = [rng.choice(PIECES) + "\n" for _ in range(rng.randint(0, 12))]
        assert region_of(lines) == region_by_parse(lines), lines


def test_the_block_pass_alone_gives_the_same_block_tokens() -> None:
    text = "# T\n\n- [a](a.md)\n  - `b`\n\n```bash\necho\n```\n\n    code\n\n> quote [x](y)\n"
    full = [(token.type, token.map) for token in parse_markdown(text)]
    blocks = [(token.type, token.map) for token in parse_blocks(text)]
    assert blocks == full
    assert not any(token.children for token in parse_blocks(text))  # no inline pass ran
