"""What a document describes: declared code, path entries, `::Symbol`, links and code spans that
clearly name project files; nothing from prose, Markdown, the bank itself or folders named in passing."""

from __future__ import annotations

from pathlib import Path

from mbtool.api import check, load
from mbtool.drift.references import Origin, TargetKind, described
from mbtool.reading.repofiles import ProjectFiles
from tests.banks import write_project

CODE = {
    "src/payments/charge.py": "def charge(): pass\n",
    "src/payments/refund.py": "def refund(): pass\n",
    "src/app.py": "def main(): pass\n",
    "scripts/run.sh": "echo run\n",
    "docs/guide.md": "# Guide\n",
    "config/proxyRegistry.ts": "export {}\n",
}


def project(root: Path, files: dict[str, str]) -> Path:
    bank = write_project(root, files)
    for name, text in CODE.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return bank


def refs(bank: Path) -> dict[str, list[tuple[str, str, str, str | None]]]:
    loaded = load(bank, cache=False)
    found = described(loaded, ProjectFiles.scan(loaded.location.project))
    return {
        doc: [(ref.target, ref.kind.value, ref.origin.value, ref.symbol) for ref in items]
        for doc, items in found.items()
    }


def test_declared_code_entries_symbols_links_and_spans(tmp_path: Path) -> None:
    bank = project(
        tmp_path,
        {
            "a.md": "---\ndescribes: src/payments/**\n---\n# A\n\n- **Describes:** `src/app.py::main`\n",
            "b.md": "# B\n\n- **Depends On:** scripts/run.sh\n\n"
            "Run [it](../scripts/run.sh); see `src/app.py`,\n"
            "`proxyRegistry.ts` and `config/proxyRegistry.ts`.\n",
        },
    )
    assert refs(bank) == {
        "a.md": [
            ("src/payments/**", "pattern", "describes", None),
            ("src/app.py", "file", "describes", "main"),
        ],
        "b.md": [
            ("scripts/run.sh", "file", "entry", None),
            ("src/app.py", "file", "code", None),
            ("config/proxyRegistry.ts", "file", "code", None),
        ],
    }


def test_prose_markdown_the_bank_and_folders_in_passing_are_not_code(tmp_path: Path) -> None:
    bank = project(
        tmp_path,
        {
            "a.md": "# A\n\nWe use `CI/CD`, `key=value`, `a.b.c`, `src/` and `src/payments/`,\n"
            "[the guide](../docs/guide.md), `docs/guide.md`, [b](b.md), `memory-bank/b.md`,\n"
            "[a site](https://example.com/x.py) and `unknown.py`.\n",
            "b.md": "# B\n",
        },
    )
    # `CI/CD` is kept only as a path that may have moved (MB312 asks git); it describes nothing now
    assert refs(bank) == {"a.md": [("CI/CD", "missing", "code", None)]}


def test_a_declaring_document_counts_only_what_it_declares(tmp_path: Path) -> None:
    bank = project(
        tmp_path,
        {"a.md": "# A\n\n- **Describes:** src/app.py\n\nSee `scripts/run.sh` and `src/gone/old.py`.\n"},
    )
    assert refs(bank) == {
        "a.md": [("src/app.py", "file", "describes", None), ("src/gone/old.py", "missing", "code", None)]
    }


def test_describes_makes_no_edges_and_no_reference_findings(tmp_path: Path) -> None:
    bank = project(
        tmp_path,
        {
            "a.md": "# A\n\n- **Depends On:** b.md\n- **Describes:** src/app.py, src/nowhere/**, b.md\n",
            "b.md": "# B\n\n- **Required By:** a.md\n",
        },
    )
    loaded = load(bank, cache=False)
    assert not any(resolved.relation.value == "describes" for resolved in loaded.entries)
    codes = {d.code for d in check(bank).diagnostics}
    assert not codes & {"MB201", "MB202", "MB207", "MB102", "MB210"}
    kinds = {ref.kind for ref in described(loaded, ProjectFiles.scan(tmp_path))["a.md"]}
    assert kinds == {TargetKind.FILE, TargetKind.PATTERN}  # the bank document is not code


def test_positions_are_where_the_document_names_the_code(tmp_path: Path) -> None:
    bank = project(tmp_path, {"a.md": "# A\n\nThe entry point is `src/app.py`.\n"})
    loaded = load(bank, cache=False)
    (ref,) = described(loaded, ProjectFiles.scan(tmp_path))["a.md"]
    assert (ref.line, ref.column, ref.origin) == (3, 20, Origin.CODE)
