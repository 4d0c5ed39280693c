"""The parse floor: a bare, single-process markdown-it-py parse of every `*.md` under a folder.

This is what DESIGN §9 measures mbtool against: start-up, reading and parsing included,
nothing else. `bench/run.py` runs it as a subprocess, exactly like the mbtool commands.

    python bench/floor.py BANK
"""

from __future__ import annotations

import sys
from pathlib import Path

from markdown_it import MarkdownIt


def main() -> None:
    parser = MarkdownIt("commonmark").enable("table")
    count = 0
    for path in sorted(Path(sys.argv[1]).rglob("*.md")):
        parser.parse(path.read_text(encoding="utf-8"))
        count += 1
    print(f"parsed {count} files")


if __name__ == "__main__":
    main()
