"""A bank holding every kind of hostile file issue 11 lists, built in a temporary folder.

Layout: `<root>/project/` (with `mbtool.toml`) holds `memory-bank/`; `<root>/outside/`
beside it holds a secret that symlinks and links point to. `EXPECTED` names the code each
bad file must be reported with; the good files must still be read.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

SECRET = "TOP-SECRET-CONTENT-d41d8cd98f00"
OUTSIDE_NAME = "outside-0b9f1c"  # distinctive, so its absolute path cannot appear by accident

# bank-relative path → the code it must be reported with (the denied file only when not root).
EXPECTED: dict[str, str] = {
    "invalid-utf8.md": "MB002",
    "latin1.md": "MB002",
    "nul.md": "MB002",
    "alias-bomb.md": "MB001",
    "big-front.md": "MB001",
    "deep-yaml.md": "MB001",
    "empty.md": "MB003",
    "blank.md": "MB003",
    "folder.md": "MB002",
    "loop.md": "MB002",
    "loop-a.md": "MB002",
    "loop-b.md": "MB002",
    "secret.md": "MB209",
    "secret-dir": "MB209",
    "links-out.md": "MB209",
    "denied.md": "MB002",
    "marker-bomb.md": "MB002",
    "brackets.md": "MB002",
    "backticks.md": "MB002",
}

# Files that are hostile only in shape: they must parse without any MB00x finding.
READABLE = (
    "good.md",
    "other.md",
    "bom.md",
    "crlf.md",
    "mixed.md",
    "huge-line.md",
    "nested-lists.md",
    "indented-lists.md",
    "blockquotes.md",
    "emphasis.md",
    "html.md",
    "many-entries.md",
    "ticks-entry.md",
    "spaces-entry.md",
    "emphasis-entry.md",
    "headings.md",
    "custom-id.md",
    "reflinks.md",
    "anchors.md",
    "form-feed.md",
)


@dataclass(frozen=True)
class HostileBank:
    project: Path
    bank: Path
    outside: Path


def build(root: Path) -> HostileBank:
    project, outside = root / "project", root / OUTSIDE_NAME
    bank = project / "memory-bank"
    bank.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    (project / "mbtool.toml").write_text('core-files = "none"\n', encoding="utf-8")
    for name, data in _files().items():
        (bank / name).write_bytes(data)
    (bank / "folder.md").mkdir()
    _links(bank, outside)
    denied = bank / "denied.md"
    denied.write_text("# Denied\n", encoding="utf-8")
    denied.chmod(0)
    return HostileBank(project, bank, outside)


def _files() -> dict[str, bytes]:
    return {
        "good.md": b"# Good\n\n- **Depends On:** other.md\n",
        "other.md": b"# Other\n\n- **Required By:** good.md\n",
        "invalid-utf8.md": b"# Bad\n\nbytes \xff\xfe here\n",
        "latin1.md": "# Caf\xe9\n\n- **Depends On:** good.md\n".encode("latin-1"),
        "nul.md": b"# Nul\n\nbefore\x00after\n",
        "bom.md": b"\xef\xbb\xbf# Bom\n\n- **Depends On:** good.md\n",
        "crlf.md": b"# Crlf\r\n\r\n- **Depends On:** other.md\r\n",
        "mixed.md": b"# Mixed\r\n\n- **Depends On:**\r  - good.md\n  - other.md\r\n",
        "huge-line.md": b"# Huge\n\n"
        + (b"lorem ipsum dolor sit amet " * 4000 + b"[good](good.md) ") * 48
        + b"\n",
        "marker-bomb.md": b"# Bomb\n\n" + b"![" * 2_500_000 + b"\n",
        "nested-lists.md": b"# Lists\n\n" + b"- " * 3000 + b"deep\n",
        "indented-lists.md": b"# Indented\n\n"
        + b"".join(b"  " * level + b"- item\n" for level in range(600)),
        "blockquotes.md": b"# Quotes\n\n" + b">" * 5000 + b" deep\n" + b"> " * 3000 + b"- x\n",
        "brackets.md": b"# Brackets\n\n"
        + b"[" * 20_000
        + b"x"
        + b"]" * 20_000
        + b"\n\n"
        + b"![" * 10_000
        + b"\n\n"
        + b"[a](" * 10_000
        + b"\n",
        "emphasis.md": b"# Emphasis\n\n" + b"*a _b " * 10_000 + b"c" + b"_*" * 10_000 + b"\n",
        "backticks.md": b"# Ticks\n\n"
        + b"`" * 50_000
        + b" x "
        + b"`" * 49_999
        + b"\n\n"
        + b"` " * 20_000
        + b"\n",
        "html.md": b"# Html\n\n" + b"<div>" * 5000 + b"\n\n" + b"<" * 20_000 + b"\n",
        "many-entries.md": b"# Many\n\n- **Depends On:** "
        + b", ".join(b"good.md" if i % 2 else b"other.md" for i in range(500))
        + b"\n",
        # Each of these took from ten seconds to several minutes before its fix.
        "ticks-entry.md": b"# T\n\n- **Depends On:** " + b"`" * 15_000 + b"x\n",
        "spaces-entry.md": b"# S\n\n- **Depends On:** good.md" + b" " * 100_000 + b"x\n",
        "emphasis-entry.md": b"# E\n\n- **Depends On:** " + b"*a " * 30_000 + b"\n",
        "headings.md": b"# Headings\n\n" + b"## Same\n\n" * 10_000,
        "custom-id.md": b"# " + b"{#a " * 50_000 + b"\n",
        "reflinks.md": b"# Refs\n\n"
        + (b"[r] " + b"x" * 200 + b" ") * 4_000
        + b"\n\n[r]: https://example.com\n",
        "anchors.md": b"# Anchors\n\n"
        + b"".join(b"## H%d\n\nSee [next](#h%d).\n\n" % (i, i + 1) for i in range(3000)),
        "form-feed.md": b"# Feed\n\nIntro\x0c text \xe2\x80\xa8 here\n\n- **Depends On:** other.md\n"
        b"- **Required By:** good.md\n",
        "alias-bomb.md": _alias_bomb(),
        "big-front.md": b"---\n"
        + b"".join(b"k%d: %s\n" % (i, b"v" * 60) for i in range(2000))
        + b"---\n# X\n",
        "deep-yaml.md": b"---\ndepends_on: " + b"[" * 20_000 + b"]" * 20_000 + b"\n---\n# Deep\n",
        "empty.md": b"",
        "blank.md": b"  \n\t\n",
        "links-out.md": b"# Out\n\n- **Depends On:** ../../"
        + OUTSIDE_NAME.encode()
        + b"/secret.md\n\nSee [the secret](../../"
        + OUTSIDE_NAME.encode()
        + b"/secret.md).\n",
    }


def _alias_bomb() -> bytes:
    """40 levels of "three of the previous": tiny on disk, 3**40 nodes when expanded."""
    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 41))
    return ("---\nl0: &l0 [x]\n" + levels + "---\n# Bomb\n").encode()


def _links(bank: Path, outside: Path) -> None:
    os.symlink("loop.md", bank / "loop.md")
    os.symlink("loop-b.md", bank / "loop-a.md")
    os.symlink("loop-a.md", bank / "loop-b.md")
    os.symlink(".", bank / "self-dir")  # a folder loop inside the project: walked once
    os.symlink(outside / "secret.md", bank / "secret.md")  # absolute target outside
    os.symlink(outside, bank / "secret-dir")


def fingerprint(*roots: Path) -> dict[str, str]:
    """sha256 and mode of every regular file and the target of every link under `roots`."""
    found: dict[str, str] = {}
    for root in roots:
        paths = [root] if root.is_file() else []
        for folder, dirs, files in os.walk(root):
            paths.extend(Path(folder) / name for name in dirs + files)
        for path in paths:
            if path.is_symlink():
                found[str(path)] = "link:" + os.readlink(path)
            elif path.is_file():
                digest = hashlib.sha256(_read(path)).hexdigest()
                found[str(path)] = f"{digest}:{path.stat().st_mode:o}"
    return found


def _read(path: Path) -> bytes:
    mode = path.stat().st_mode
    if not mode & 0o400:
        path.chmod(mode | 0o400)
        try:
            return path.read_bytes()
        finally:
            path.chmod(mode)
    return path.read_bytes()
