"""A deterministic generator of seed-style memory banks for the benchmarks.

Every document is shaped like the seed (`memory-bank/dockerWorkflow.md`): a title, a few
sections with bullets, links with anchors and fenced code, a `## Dependencies` block with a
nested `**Depends On:**` list and an inline `**Required By:**` list, and a footer with
Last Updated / Status / Next Review. Sizes are 3–8 KB. Dependencies only point at earlier
documents, so the graph has no cycles; most edges are declared on both sides, some on one.

The same (count, seed) always writes the same bytes:

    uv run python bench/generate.py OUT --count 1000
"""

from __future__ import annotations

import argparse
import posixpath
import random
from dataclasses import dataclass, field
from pathlib import Path

CORE = ("projectbrief", "productContext", "systemPatterns", "techContext", "activeContext", "progress")
MAP_DOCUMENT = "dependencies.md"
SCRIPTS = ("scripts/setup_python_docker.sh", "scripts/setup_python_local.sh", "scripts/run_codex_cli.sh")

_AREAS = ("platform", "services", "data", "tooling", "operations", "research", "clients", "security")


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_TOPICS = _words(
    "docker compose cache gateway ingest billing search auth queue deploy"
    " metrics backup schema export notify render agent prompt review release"
)
_ASPECTS = _words("Workflow Patterns Guide Plan Notes Design Runbook Context Checklist")
_WORDS = _words(
    "container workflow agent memory bank dependency service network volume health check pipeline"
    " release review schema cache secret image build deploy runtime policy document procedure script"
    " environment configuration validation integration security scaling discovery logging monitoring"
    " state the a with across for and every each when before after that"
)
_CONCEPTS = (
    "CI/CD pipeline configuration",
    "Development environment setup",
    "Production deployment procedures",
)
_STATUSES = ("Active", "Draft", "Stable", "In review", "Added replication steps")


@dataclass
class Node:
    index: int
    path: str  # bank-relative POSIX
    title: str
    depends_on: list[int] = field(default_factory=list)
    required_by: list[int] = field(default_factory=list)


def plan(count: int, rng: random.Random) -> list[Node]:
    """Paths, titles and relations for `count` documents (the map document included)."""
    nodes = [Node(i, f"{name}.md", _title_of(name)) for i, name in enumerate(CORE[: max(count - 1, 0)])]
    folders = _folders(max(count // 25, 1), rng)
    while len(nodes) < count - 1:
        index = len(nodes)
        name = f"{rng.choice(_TOPICS)}{rng.choice(_ASPECTS)}{index:05d}"
        folder = rng.choice(folders)
        nodes.append(Node(index, posixpath.join(folder, name + ".md"), _title_of(name)))
    dependents: dict[int, list[int]] = {node.index: [] for node in nodes}
    for node in nodes[1:]:
        _choose_dependencies(node, rng)
        for index in node.depends_on:
            dependents[index].append(node.index)
    for node in nodes:
        _choose_required_by(node, dependents[node.index], len(nodes), rng)
    nodes.append(Node(len(nodes), MAP_DOCUMENT, "Dependencies"))
    return nodes


def _folders(count: int, rng: random.Random) -> list[str]:
    folders = [""]
    for _ in range(count):
        depth = rng.choice((1, 1, 2, 2, 3))
        parts = [rng.choice(_AREAS)] + [
            f"{rng.choice(_TOPICS)}-{rng.randrange(10)}" for _ in range(depth - 1)
        ]
        folders.append("/".join(parts))
    return sorted(set(folders))


def _choose_dependencies(node: Node, rng: random.Random) -> None:
    earlier = node.index
    wanted = min(rng.randint(2, 5), earlier)
    picks: set[int] = set()
    while len(picks) < wanted:
        if rng.random() < 0.3:
            picks.add(rng.randrange(min(earlier, len(CORE))))
        else:
            picks.add(rng.randrange(max(earlier - 60, 0), earlier))
    node.depends_on = sorted(picks)


def _choose_required_by(node: Node, dependents: list[int], total: int, rng: random.Random) -> None:
    """Most dependents are named back (both-sided); some are not, some extra are one-sided."""
    named = [d for d in dependents if rng.random() < 0.7][:4]
    if rng.random() < 0.1 and node.index + 1 < total:
        extra = rng.randrange(node.index + 1, total)
        if extra not in dependents:
            named.append(extra)
    node.required_by = named


def _title_of(name: str) -> str:
    words, current = [], ""
    for char in name.rstrip("0123456789"):
        if char.isupper() and current:
            words.append(current)
            current = ""
        current += char
    words.append(current)
    return " ".join(word.capitalize() for word in words)


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _reference(source: Node, target: Node, rng: random.Random) -> str:
    """A reference in one of the forms real banks use: bank path, relative link, code span."""
    roll = rng.random()
    if roll < 0.5:
        return target.path
    if roll < 0.8:
        rel = posixpath.relpath(target.path, posixpath.dirname(source.path) or ".")
        return f"[{target.title}]({rel})"
    return f"`{target.path}`"


def render(node: Node, nodes: list[Node], rng: random.Random) -> str:
    size = rng.randint(3000, 8000)
    parts = [f"# {node.title}\n", "<!-- markdownlint-disable MD013 MD022 MD032 MD041 MD009 -->\n"]
    parts += ["## Purpose\n", _paragraph(rng) + "\n"]
    parts += ["## Scope\n", _scope(rng)]
    body = _details(node, nodes, rng)
    footer = _dependencies(node, nodes, rng) + _next_steps(rng) + _footer(node, rng)
    while len("\n".join(parts + body)) + len(footer) < size - 600:
        body += [f"### {_sentence(rng, 2, 4).rstrip('.')}\n", _paragraph(rng) + "\n"]
    return "\n".join([*parts, *body]) + "\n" + footer


def _scope(rng: random.Random) -> str:
    lines = [
        f"- **{_sentence(rng, 2, 3).rstrip('.')}**: {_sentence(rng, 5, 10)}" for _ in range(rng.randint(3, 6))
    ]
    return "\n".join(lines) + "\n"


def _details(node: Node, nodes: list[Node], rng: random.Random) -> list[str]:
    parts = ["## Details\n"]
    for phase in range(1, rng.randint(2, 4)):
        parts += [f"### Phase {phase}: {_sentence(rng, 2, 4).rstrip('.')}\n", _paragraph(rng) + "\n"]
        parts.append("\n".join(f"- {_sentence(rng, 4, 9)}" for _ in range(rng.randint(3, 6))) + "\n")
    if node.depends_on:
        target = nodes[rng.choice(node.depends_on)]
        rel = posixpath.relpath(target.path, posixpath.dirname(node.path) or ".")
        anchor = rng.choice(("#purpose", "#dependencies", "#scope", ""))
        parts.append(
            f"See [{target.title}]({rel}{anchor}) and [the tracker](https://example.com/{node.index}).\n"
        )
    script = rng.choice(SCRIPTS)
    parts += [
        "### Replication\n",
        f"Run `{script}` from the project root:\n",
        f"```bash\nbash {script} --project ./workspace\necho done-{node.index}\n```\n",
    ]
    if rng.random() < 0.3:
        parts.append("```yaml\nservices:\n  app:\n    image: example:latest\n    read_only: true\n```\n")
    return parts


def _dependencies(node: Node, nodes: list[Node], rng: random.Random) -> str:
    lines = ["## Dependencies", ""]
    if node.depends_on:
        lines.append("- **Depends On:**")
        for index in node.depends_on:
            lines.append(
                f"  - {_reference(node, nodes[index], rng)} ({_sentence(rng, 2, 4).rstrip('.').lower()})"
            )
    required = [_reference(node, nodes[i], rng) for i in node.required_by]
    if rng.random() < 0.2:
        required.append(rng.choice(_CONCEPTS))
    required.append(f"{MAP_DOCUMENT} (dependency map)")
    lines.append(f"- **Required By:** {', '.join(required)}")
    lines.append(f"- **Why This Order:** {_sentence(rng, 6, 12)}")
    lines.append(f"- **Impact Analysis:** {_sentence(rng, 6, 12)}")
    return "\n".join(lines) + "\n\n"


def _next_steps(rng: random.Random) -> str:
    steps = "\n".join(f"{n}. {_sentence(rng, 3, 7)}" for n in range(1, rng.randint(3, 5)))
    return f"## Next Steps\n\n{steps}\n\n"


def _footer(node: Node, rng: random.Random) -> str:
    updated = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    review = rng.choice((f"2031-{rng.randint(1, 12):02d}-01", "After the next compose rewrite"))
    return (
        f"---\n\n**Last Updated:** {updated}  \n**Status:** {rng.choice(_STATUSES)}  \n"
        f"**Next Review:** {review}\n"
    )


def _map_document() -> str:
    return (
        "# Dependencies\n\nThe dependency map of this bank, generated by `mbtool map`.\n\n"
        "<!-- mbtool:map:start -->\n<!-- mbtool:map:end -->\n\n"
        "---\n\n**Last Updated:** 2025-07-01  \n**Status:** Generated  \n**Next Review:** 2031-01-01\n"
    )


def generate(root: Path, count: int, seed: int = 0) -> Path:
    """Write a project with a `memory-bank/` of `count` documents under `root`; return the bank."""
    rng = random.Random(f"mbtool-bench-{seed}-{count}")
    bank = root / "memory-bank"
    nodes = plan(count, rng)
    for node in nodes:
        target = bank / node.path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = _map_document() if node.path == MAP_DOCUMENT else render(node, nodes, rng)
        target.write_text(text, encoding="utf-8")
    for script in SCRIPTS:
        (root / script).parent.mkdir(parents=True, exist_ok=True)
        (root / script).write_text("#!/usr/bin/env bash\nset -euo pipefail\necho ok\n", encoding="utf-8")
    (root / "mbtool.toml").write_text('bank = "memory-bank"\n', encoding="utf-8")
    return bank


def generate_tiny(root: Path, count: int) -> Path:
    """A bank of `count` tiny notes (a title and one Depends On line, ~60 bytes), 500 per
    folder: per-file costs (stat, open, cache entries) dominate, not parsing."""
    bank = root / "memory-bank"
    for index in range(count):
        target = bank / f"notes-{index // 500:03d}" / f"note-{index:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        previous = f"note-{index - 1:05d}.md" if index % 500 else "none"
        target.write_text(f"# Note {index}\n\n- **Depends On:** {previous}\n", encoding="utf-8")
    (root / "mbtool.toml").write_text('bank = "memory-bank"\ncore-files = "none"\n', encoding="utf-8")
    return bank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the project folder to write (its memory-bank/ is the bank)")
    parser.add_argument("--count", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tiny", action="store_true", help="tiny notes instead of seed-style documents")
    args = parser.parse_args()
    bank = generate_tiny(args.out, args.count) if args.tiny else generate(args.out, args.count, args.seed)
    print(f"wrote {args.count} documents to {bank}")


if __name__ == "__main__":
    main()
