"""Small banks written by the tests themselves (no corpus text)."""

from __future__ import annotations

from pathlib import Path


def document(title: str, depends_on: list[str] | None = None, required_by: list[str] | None = None) -> str:
    """A bank document declaring its relations as bold bullets."""
    lines = [f"# {title}", "", "## Dependencies", ""]
    lines.append(f"- **Depends On:** {', '.join(depends_on) if depends_on else 'None'}")
    if required_by:
        lines.append(f"- **Required By:** {', '.join(required_by)}")
    return "\n".join(lines) + "\n"


def write_bank(folder: Path, documents: dict[str, str]) -> Path:
    for name, text in documents.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
