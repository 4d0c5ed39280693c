"""Helpers for the map, init and integration tests: small banks written in the test."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def write_bank(root: Path, files: dict[str, str]) -> Path:
    """A project at `root` (marked by `mbtool.toml`) whose `memory-bank/` holds `files`."""
    (root / "mbtool.toml").write_text("", encoding="utf-8")
    bank = root / "memory-bank"
    for name, text in files.items():
        path = bank / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return bank


def doc(title: str, depends: str = "None", required: str = "None", extra: str = "") -> str:
    return (
        f"# {title}\n\nSome prose about {title}.\n\n## Relations\n\n"
        f"- **Depends On:** {depends}\n- **Required By:** {required}\n{extra}"
    )
