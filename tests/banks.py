"""Bank-building helpers shared by the tests: small banks written by the tests themselves.

No corpus text is ever copied here; every document is generated from a title and its relations.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from mbtool.graph import BankGraph, EdgeKind, NodeKind


def document(title: str, depends_on: list[str] | None = None, required_by: list[str] | None = None) -> str:
    """A bank document declaring its relations as bold bullets under `## Dependencies`."""
    lines = [f"# {title}", "", "## Dependencies", ""]
    lines.append(f"- **Depends On:** {', '.join(depends_on) if depends_on else 'None'}")
    if required_by:
        lines.append(f"- **Required By:** {', '.join(required_by)}")
    return "\n".join(lines) + "\n"


def doc(title: str, depends: str = "None", required: str = "None", extra: str = "") -> str:
    """A bank document with prose and both relation keys written as given."""
    return (
        f"# {title}\n\nSome prose about {title}.\n\n## Relations\n\n"
        f"- **Depends On:** {depends}\n- **Required By:** {required}\n{extra}"
    )


def write_files(folder: Path, files: dict[str, str]) -> Path:
    """Write `files` (relative path → text) under `folder`; returns `folder`."""
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def write_project(root: Path, files: dict[str, str]) -> Path:
    """A project at `root` (marked by `mbtool.toml`) whose `memory-bank/` holds `files`; the bank."""
    (root / "mbtool.toml").write_text("", encoding="utf-8")
    return write_files(root / "memory-bank", files)


def as_bank_graph(graph: nx.DiGraph) -> BankGraph:
    """A `BankGraph` from a plain DiGraph whose nodes carry a `kind` string; every edge declared."""
    bank = BankGraph()
    for node, kind in graph.nodes(data="kind"):
        bank.add_node(node, NodeKind(kind or "document"))
    for source, target in graph.edges:
        bank.add_edge(source, target, EdgeKind.DECLARED)
    return bank
